import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Result } from '../../core/result.js';
import { computeResults, findResult, readBallotTable, UncountableBallots, type CountReport } from '../../app/compute-results.js';
import { formatBallotCsv } from '../../core/ballot-csv.js';
import { METHOD_NAMES } from '../../core/election-method.js';
import { formatStagesCsv } from '../../core/stv-stages-csv.js';
import { decide, DENIALS } from '../../core/policy.js';
import { quoteIfNeeded } from '../../core/ballot-csv.js';
import { resultsDraft, schulzeSection, stvSection, type DraftContext } from '../../core/results-draft.js';
import { listAudit, recordAudit, type AuditKind } from '../../storage/repositories/audit-repository.js';
import {
  decideExceptionRequest,
  DECISIONS,
  findExceptionRequest,
  listExceptionRequests,
} from '../../storage/repositories/exception-request-repository.js';
import { ACCEPT_REASON_MAX_LENGTH, acceptGuardrailWarning, reviewGuardrail, type AcceptanceRefusal, type AcceptanceReview } from '../../app/guardrail-acceptance.js';
import { listAcceptedGuardrails, listOpenGuardrails, type GuardrailWarning } from '../../storage/repositories/guardrail-repository.js';
import { listElectionVoters } from '../../storage/repositories/voter-repository.js';
import type { AppDeps } from '../app-deps.js';
import { formField as field, type FormBody as Body } from '../form-body.js';
import { loadElection, requireLogin, requireLoginAfterBody, requireViewer, viewerStanding, type ElectionContext, type ViewerStanding } from '../election-context.js';
import { detail, fileProblems } from '../election-presenter.js';
import { HttpError, notFound } from '../http-error.js';
import { ballotsFileName, ballotsPerPeriod, downloadFileName, candidateNames, resultView, turnout } from '../officer-presenter.js';
import { requestSummary, voterListChange } from '../officer-workflow-presenter.js';
import { pageContext, sendPage, type Viewer } from '../page-context.js';
import type { OutageRecovery } from '../stale-form.js';
import { AuditTrail } from '../views/audit-trail.js';
import { AcceptedGuardrails, GuardrailWarnings, type GuardrailWarningView } from '../views/guardrail-warnings.js';
import { GuardrailAcceptAgainPage, GuardrailAcceptPage } from '../views/officer-guardrail-page.js';
import { OfficerConsole } from '../views/officer-console.js';
import { DecisionAgainPage, OfficerRequestPage } from '../views/officer-request-page.js';
import { OfficerResultsPage } from '../views/officer-results-page.js';
import { electionPath, enforce, validElection } from './ballot-helpers.js';

type ElectionParams = { Params: { eid: string } };
type RequestParams = { Params: { eid: string; rid: string } };
type DecisionRequest = RequestParams & { Body: Body };
type GuardrailParams = { Params: { eid: string; wid: string } };

/** What the context's hook established for the request: an officer of this election. */
interface OfficerRequest {
  readonly viewer: Viewer;
  readonly context: ElectionContext;
  readonly standing: ViewerStanding;
}

const officerRequests = new WeakMap<FastifyRequest, OfficerRequest>();

/** The officer and election of a request in this context (its hook guarantees both). */
function officerOf(request: FastifyRequest): OfficerRequest {
  const officer = officerRequests.get(request);
  if (!officer) throw new Error('officer route outside the officer context');
  return officer;
}

/**
 * Every officer route (SPEC §6, §9), under `/app/elections/:eid/admin`. Encapsulation is the
 * guard: the context's own `onRequest` hook lets through only a logged-in officer of *this*
 * election (case-insensitively), so no admin route can forget the check. A visitor is sent to
 * the login page (GET) or refused (401); anyone else gets 403. Form posts are CSRF-checked by
 * the enclosing context. The officer check waits for the body (`preValidation`), so that a
 * decision sent while the database is unavailable can be given back with its note.
 */
export async function officerRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.addHook('onRequest', requireLogin);
  app.addHook('preValidation', requireLoginAfterBody);
  app.addHook('preValidation', async (request) => {
    const viewer = requireViewer(request);
    const { eid } = request.params as { eid?: string };
    if (eid === undefined) throw new Error('officer route without an :eid parameter');
    const context = await loadElection(deps, eid);
    const standing = await viewerStanding(deps, context, viewer);
    enforce('administer', context, standing);
    officerRequests.set(request, { viewer, context, standing });
  });

  app.get<ElectionParams>('/app/elections/:eid/admin', async (request, reply) => {
    const { context, standing } = officerOf(request);
    const election = context.election;
    const config = election.config;
    const [voters, requests, guardrails, accepted, audit] = await Promise.all([
      listElectionVoters(deps.db, context.electionId),
      listExceptionRequests(deps.db, context.electionId),
      listOpenGuardrails(deps.db, context.electionId),
      listAcceptedGuardrails(deps.db, context.electionId),
      listAudit(deps.db, context.electionId),
    ]);
    const summaries = requests.map((r) => requestSummary(r, election, requestPath(context, r.id)));
    const window = config.start_datetime && config.end_datetime ? { start: config.start_datetime, end: config.end_datetime } : null;
    const mayDownload = decide('download-ballots', context.facts, standing).allowed;
    const compute = decide('compute-results', context.facts, standing);
    reply.header('cache-control', 'no-store');
    return sendPage(
      reply,
      <OfficerConsole
        page={pageContext(request, reply)}
        election={{
          ...detail(election, context.state),
          deleteAfter: config.delete_after ?? null,
          href: electionPath(context),
        }}
        turnout={turnout(election, voters.length)}
        voters={voters.map((v) => v.login).sort(compareLogins)}
        perPeriod={ballotsPerPeriod(voters.map((v) => v.votedAt), window, context.facts.now)}
        requests={summaries}
        voterList={voterListChange(summaries, election, deps.settings.metaFileEditUrl)}
        guardrails={<GuardrailWarnings warnings={guardrails.map((w) => ({ ...warningView(w), acceptHref: guardrailPath(context, w.id) }))} />}
        acceptedChanges={
          <AcceptedGuardrails
            warnings={accepted.map((w) => ({ ...warningView(w), acceptedBy: w.resolvedBy ?? '', acceptedAt: w.resolvedAt ?? w.createdAt, reason: w.acceptReason ?? '' }))}
          />
        }
        audit={<AuditTrail entries={audit} csvHref={electionPath(context, '/admin/audit.csv')} />}
        problems={fileProblems(election.errors)}
        warnings={fileProblems(election.warnings)}
        results={{
          href: electionPath(context, '/admin/results'),
          computed: context.frozen,
          computeRefusal: compute.allowed ? null : DENIALS[compute.denial].message,
          downloadHref: mayDownload ? electionPath(context, '/admin/download') : null,
          draftHref: context.frozen ? electionPath(context, '/admin/results.md') : null,
        }}
      />,
    );
  });

  app.get<RequestParams>('/app/elections/:eid/admin/exception/:rid', async (request, reply) => {
    const { context } = officerOf(request);
    const found = await findExceptionRequest(deps.db, context.electionId, requestId(request.params.rid));
    if (!found) throw notFound('exception request in this election');
    reply.header('cache-control', 'no-store');
    return sendPage(
      reply,
      <OfficerRequestPage
        page={pageContext(request, reply)}
        election={{ name: context.election.config.name ?? context.election.key, consoleHref: electionPath(context, '/admin/') }}
        request={{ ...found, ...requestSummary(found, context.election, requestPath(context, found.id)) }}
      />,
    );
  });

  app.post<DecisionRequest>('/app/elections/:eid/admin/exception/:rid', { config: { outage: unavailableDecision(deps) } }, async (request, reply) => {
    const { viewer, context } = officerOf(request);
    const id = requestId(request.params.rid);
    const decision = DECISIONS.find((d) => d === field(request.body, 'decision'));
    if (!decision) throw new HttpError(400, 'Choose whether to approve or decline the request.');
    const note = (field(request.body, 'note') ?? '').trim();
    if (note.length > 1000) throw new HttpError(400, 'The note must be at most 1000 characters.');
    const now = deps.clock();
    const found = await findExceptionRequest(deps.db, context.electionId, id);
    if (!found || !(await decideExceptionRequest(deps.db, context.electionId, id, { decision, note, by: viewer.login, now }))) {
      throw notFound('exception request in this election');
    }
    await audit(deps, context, viewer, 'decision', `${decision} the exception request of ${found.login}`);
    const back = field(request.body, 'return') === 'console' ? `${electionPath(context, '/admin/')}#requests` : requestPath(context, id);
    return reply.redirect(back, 303);
  });

  // Accepting an unsafe change (SPEC §14): a confirmation page, then the form's POST.
  app.get<GuardrailParams>('/app/elections/:eid/admin/guardrail/:wid', async (request, reply) => {
    const { context, standing } = officerOf(request);
    enforce('accept-guardrail', context, standing);
    const review = acceptable(await reviewGuardrail(deps.db, guardrailTarget(context, request.params.wid), deps.clock()));
    reply.header('cache-control', 'no-store');
    return sendAcceptPage(request, reply, context, review);
  });

  app.post<GuardrailParams & { Body: Body }>('/app/elections/:eid/admin/guardrail/:wid', { config: { outage: unavailableAcceptance(deps) } }, async (request, reply) => {
    const { viewer, context, standing } = officerOf(request);
    enforce('accept-guardrail', context, standing);
    const target = guardrailTarget(context, request.params.wid);
    const reason = (field(request.body, 'reason') ?? '').trim();
    const problem =
      reason.length === 0
        ? 'Give the reason for accepting this change.'
        : reason.length > ACCEPT_REASON_MAX_LENGTH
          ? `The reason must be at most ${ACCEPT_REASON_MAX_LENGTH} characters.`
          : null;
    if (problem) {
      const review = acceptable(await reviewGuardrail(deps.db, target, deps.clock()));
      return sendAcceptPage(request, reply, context, review, { reason: field(request.body, 'reason') ?? '', error: problem });
    }
    const accepted = acceptable(await acceptGuardrailWarning(deps.db, { ...target, officer: viewer.login, reason }, deps.clock()));
    await audit(deps, context, viewer, 'accept-guardrail', `accepted the unsafe change "${accepted.warning.message}"; reason: ${reason}`);
    return reply.redirect(`${electionPath(context, '/admin/')}#guardrails`, 303);
  });

  app.get<ElectionParams>('/app/elections/:eid/admin/results', async (request, reply) => {
    const { context, standing } = officerOf(request);
    const election = context.election;
    const stored = await findResult(deps.db, context.electionId);
    const compute = decide('compute-results', context.facts, standing);
    const mayDownload = decide('download-ballots', context.facts, standing).allowed;
    const report = stored?.report;
    const nameOf = candidateNames(election);
    reply.header('cache-control', 'no-store');
    return sendPage(
      reply,
      <OfficerResultsPage
        page={pageContext(request, reply)}
        election={{ name: election.config.name ?? election.key, consoleHref: electionPath(context, '/admin/') }}
        result={stored && report?.method === 'schulze' ? resultView(stored.stored, report, nameOf) : null}
        stv={stored && report && report.method !== 'schulze' ? {
          result: report,
          computedAt: stored.stored.computedAt,
          computedBy: stored.stored.computedBy,
          inputHash: stored.stored.inputHash,
          nameOf,
          downloads: {
            ballots: mayDownload ? electionPath(context, '/admin/download') : null,
            json: electionPath(context, '/admin/results.json'),
            stagesCsv: electionPath(context, '/admin/stages.csv'),
            markdown: electionPath(context, '/admin/results.md'),
          },
        } : null}
        offer={{
          methodName: METHOD_NAMES[election.config.election_method ?? 'schulze'],
          action: compute.allowed ? electionPath(context, '/admin/results') : null,
          refusal: compute.allowed ? null : DENIALS[compute.denial].message,
          end: election.config.end_datetime ?? null,
          deleteAfter: election.config.delete_after ?? false,
          candidates: election.valid ? election.candidates.length : 0,
        }}
        downloadHref={mayDownload ? electionPath(context, '/admin/download') : null}
      />,
    );
  });

  app.post<ElectionParams>('/app/elections/:eid/admin/results', async (request, reply) => {
    const { viewer, context, standing } = officerOf(request);
    enforce('compute-results', context, standing);
    const election = context.election;
    if (!election.valid) throw new HttpError(409, DENIALS['election-invalid'].message);
    const already = await findResult(deps.db, context.electionId);
    try {
      const computed = await computeResults(deps.db, {
        electionId: context.electionId,
        candidates: election.candidates.map((c) => c.id),
        seats: election.config.no_winners,
        method: election.config.election_method,
        deleteAfter: election.config.delete_after,
        officer: viewer.login,
        now: deps.clock(),
      });
      if (!already) {
        await audit(deps, context, viewer, 'compute-results', `computed the results from ${computed.report.ballots} ballots (input SHA-256 ${computed.stored.inputHash})`);
      }
    } catch (error) {
      if (error instanceof UncountableBallots) throw new HttpError(409, error.message);
      throw error;
    }
    return reply.redirect(electionPath(context, '/admin/results'), 303);
  });

  // The stored count as files (SPEC §13): JSON of any method, the stages (CSV) of an STV
  // count. The results.md draft of every method is below.
  const resultFiles = [
    { path: 'results.json', type: 'application/json; charset=utf-8', render: (report: CountReport) => `${JSON.stringify(report, null, 2)}\n` },
    { path: 'stages.csv', type: 'text/csv; charset=utf-8', render: (report: CountReport) => (report.method === 'schulze' ? null : formatStagesCsv(report)) },
  ];
  for (const file of resultFiles) {
    app.get<ElectionParams>(`/app/elections/:eid/admin/${file.path}`, async (request, reply) => {
      const { context } = officerOf(request);
      const stored = await findResult(deps.db, context.electionId);
      const body = stored ? file.render(stored.report) : null;
      if (body === null) throw notFound(`${file.path} of a computed count`);
      return sendDownload(reply, downloadFileName(context.election.key, file.path), file.type, body);
    });
  }

  app.get<ElectionParams>('/app/elections/:eid/admin/download', async (request, reply) => {
    const { viewer, context, standing } = officerOf(request);
    enforce('download-ballots', context, standing);
    // The columns that were counted, so the file hashes to the stored input hash; before the
    // count, the election's current candidates (or, if its files are broken, the stored ones).
    const stored = await findResult(deps.db, context.electionId);
    const election = context.election;
    const candidates = stored?.report.candidates ?? (election.valid ? election.candidates.map((c) => c.id) : undefined);
    const csv = formatBallotCsv(await readBallotTable(deps.db, context.electionId, candidates));
    await audit(deps, context, viewer, 'download', 'downloaded the anonymous ballots (CSV)');
    return sendDownload(reply, ballotsFileName(election.key), 'text/csv; charset=utf-8', csv);
  });

  app.get<ElectionParams>('/app/elections/:eid/admin/results.md', async (request, reply) => {
    const { viewer, context } = officerOf(request);
    const found = await findResult(deps.db, context.electionId);
    if (!found) throw notFound('results.md of a computed count');
    const election = context.election;
    const draft = draftFor(found.report, {
      electionName: election.config.name ?? election.key,
      nameOf: candidateNames(election),
      eligible: turnout(election, found.report.ballots).eligible,
      computedAt: found.stored.computedAt,
      inputHash: found.stored.inputHash,
      ballotsFile: ballotsFileName(election.key),
    });
    await audit(deps, context, viewer, 'download', 'downloaded the results.md draft');
    return sendDownload(reply, downloadFileName(election.key, 'results.md'), 'text/markdown; charset=utf-8', draft);
  });

  app.get<ElectionParams>('/app/elections/:eid/admin/audit.csv', async (request, reply) => {
    const { viewer, context } = officerOf(request);
    await audit(deps, context, viewer, 'download', 'downloaded the audit trail (CSV)');
    const entries = await listAudit(deps.db, context.electionId);
    const rows = entries.map((e) => [e.at.toISOString(), e.actor, e.kind, e.detail, e.commit ?? '']);
    const csv = [['time', 'who', 'what', 'details', 'commit'], ...rows].map((cells) => cells.map(quoteIfNeeded).join(',')).join('\n');
    return sendDownload(reply, downloadFileName(context.election.key, 'audit.csv'), 'text/csv; charset=utf-8', `${csv}\n`);
  });
}

/**
 * The decision form again, note kept, when the database is unavailable (503, SPEC §16). The
 * request itself cannot be read, so the page shows the form alone; nothing was stored.
 */
function unavailableDecision(deps: AppDeps): OutageRecovery {
  return async (request, reply, unavailable) => {
    const { params, body } = request as FastifyRequest<DecisionRequest>;
    const election = deps.catalog().catalog.get(params.eid);
    if (!election) return undefined;
    const id = requestId(params.rid);
    const returnTo = field(body, 'return') === 'console' ? 'console' : 'request';
    const page = (
      <DecisionAgainPage
        page={pageContext(request, reply)}
        election={{ name: election.config.name ?? election.key, consoleHref: electionPath({ election }, '/admin/') }}
        request={{ id, href: requestPath({ election }, id), note: field(body, 'note') ?? '' }}
        returnTo={returnTo}
        message={unavailable.message}
      />
    );
    return sendPage(reply, page, unavailable.statusCode);
  };
}

/** The accept form again, with its reason, when the database could not record it. */
function unavailableAcceptance(deps: AppDeps): OutageRecovery {
  return async (request, reply, unavailable) => {
    const { params, body } = request as FastifyRequest<GuardrailParams & { Body: Body }>;
    const election = deps.catalog().catalog.get(params.eid);
    if (!election) return undefined;
    const page = (
      <GuardrailAcceptAgainPage
        page={pageContext(request, reply)}
        election={{ name: election.config.name ?? election.key, consoleHref: electionPath({ election }, '/admin/') }}
        action={guardrailPath({ election }, rowId(params.wid, 'guardrail warning in this election'))}
        maxLength={ACCEPT_REASON_MAX_LENGTH}
        reason={field(body, 'reason') ?? ''}
        message={unavailable.message}
      />
    );
    return sendPage(reply, page, unavailable.statusCode);
  };
}

/** The results.md draft of a count: who is elected, and the counting method's own section. */
function draftFor(report: CountReport, context: DraftContext): string {
  return report.method === 'schulze'
    ? resultsDraft({ ...context, report, elected: report.winners, section: schulzeSection })
    : resultsDraft({ ...context, report, elected: report.elected, section: stvSection, tallyMethodOption: `--method ${report.method}` });
}

/** A file for the officer to save (never cached: it may hold what only officers may read). */
function sendDownload(reply: FastifyReply, fileName: string, type: string, body: string) {
  return reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${fileName}"`).type(type).send(body);
}

/** Records an officer's action in the election's audit trail. */
function audit(deps: AppDeps, context: ElectionContext, viewer: Viewer, kind: AuditKind, detail: string): Promise<void> {
  return recordAudit(deps.db, [{ electionId: context.electionId, kind, actor: viewer.login, detail, now: deps.clock() }]);
}

/** A warning as the console and the confirmation page show it. */
function warningView(w: GuardrailWarning): GuardrailWarningView {
  return { message: w.message, advice: w.advice, where: w.file && (w.line === null ? w.file : `${w.file}:${w.line}`), commit: w.commit, at: w.createdAt };
}

function guardrailPath(context: Pick<ElectionContext, 'election'>, id: number): string {
  return electionPath(context, `/admin/guardrail/${id}`);
}

/** The warning named by the URL, in this (valid: the policy checked it) election. */
function guardrailTarget(context: ElectionContext, rawId: string) {
  return { electionId: context.electionId, election: validElection(context), warningId: rowId(rawId, 'guardrail warning in this election') };
}

/** The review of a warning that can be accepted, or its refusal: 404, or the policy's 409 and sentence. */
function acceptable(review: Result<AcceptanceReview, AcceptanceRefusal>): AcceptanceReview {
  if (review.ok) return review.value;
  if (review.error === 'not-found') throw notFound('guardrail warning in this election');
  const { status, message } = DENIALS[review.error];
  throw new HttpError(status, message);
}

/** The confirmation page of accepting a warning; with the reason and what was wrong when the form comes back (400). */
function sendAcceptPage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ElectionContext,
  review: AcceptanceReview,
  refused?: { readonly reason: string; readonly error: string },
) {
  const page = (
    <GuardrailAcceptPage
      page={pageContext(request, reply)}
      election={{ name: context.election.config.name ?? context.election.key, consoleHref: electionPath(context, '/admin/') }}
      warning={warningView(review.warning)}
      meaning={review.meaning}
      action={guardrailPath(context, review.warning.id)}
      maxLength={ACCEPT_REASON_MAX_LENGTH}
      {...refused}
    />
  );
  return sendPage(reply, page, refused ? 400 : 200);
}

function requestPath(context: Pick<ElectionContext, 'election'>, id: number): string {
  return electionPath(context, `/admin/exception/${id}`);
}

/** A request id from the URL; anything but a plain positive number is not found. */
/** The largest id an `INTEGER` column holds on every database (PostgreSQL and MySQL: 32 bits). */
const MAX_ROW_ID = 2_147_483_647;

/** An id beyond the column's range names no row: 404, before the database (SPEC §16). */
function rowId(raw: string, what: string): number {
  const id = /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : NaN;
  if (!(id <= MAX_ROW_ID)) throw notFound(what);
  return id;
}

function requestId(raw: string): number {
  return rowId(raw, 'exception request in this election');
}

function compareLogins(a: string, b: string): number {
  return a.toLowerCase().localeCompare(b.toLowerCase(), 'en') || a.localeCompare(b, 'en');
}
