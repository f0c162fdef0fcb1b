import type { FastifyInstance, FastifyRequest } from 'fastify';
import { computeResults, findResult, readBallotTable, UncountableBallots, type CountReport } from '../../app/compute-results.js';
import { formatBallotCsv } from '../../core/ballot-csv.js';
import { METHOD_NAMES } from '../../core/election-method.js';
import { formatStagesCsv } from '../../core/stv-stages-csv.js';
import { stvMarkdown } from '../../core/stv-markdown.js';
import { decide, DENIALS } from '../../core/policy.js';
import { findExceptionRequest, listExceptionRequests, setExceptionReviewed } from '../../storage/repositories/exception-request-repository.js';
import { listElectionVoters } from '../../storage/repositories/voter-repository.js';
import type { AppDeps } from '../app-deps.js';
import { loadElection, requireLogin, requireViewer, viewerStanding, type ElectionContext, type ViewerStanding } from '../election-context.js';
import { detail, fileProblems } from '../election-presenter.js';
import { HttpError, notFound } from '../http-error.js';
import { ballotsFileName, ballotsPerPeriod, candidateNames, resultView, turnout } from '../officer-presenter.js';
import { pageContext, sendPage, type Viewer } from '../page-context.js';
import { OfficerConsole } from '../views/officer-console.js';
import { OfficerRequestPage } from '../views/officer-request-page.js';
import { OfficerResultsPage } from '../views/officer-results-page.js';
import { electionPath, enforce } from './ballot-helpers.js';

type ElectionParams = { Params: { eid: string } };
type RequestParams = { Params: { eid: string; rid: string } };
type Body = Record<string, string | string[] | undefined>;

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
 * the enclosing context.
 */
export async function officerRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.addHook('onRequest', requireLogin);
  app.addHook('onRequest', async (request) => {
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
    const [voters, requests] = await Promise.all([listElectionVoters(deps.db, context.electionId), listExceptionRequests(deps.db, context.electionId)]);
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
        requests={requests.map((r) => ({ id: r.id, login: r.login, name: r.name, reviewed: r.reviewed, createdAt: r.createdAt, href: requestPath(context, r.id) }))}
        problems={fileProblems(election.errors)}
        warnings={fileProblems(election.warnings)}
        results={{
          href: electionPath(context, '/admin/results'),
          computed: context.frozen,
          computeRefusal: compute.allowed ? null : DENIALS[compute.denial].message,
          downloadHref: mayDownload ? electionPath(context, '/admin/download') : null,
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
        request={{ ...found, href: requestPath(context, found.id) }}
      />,
    );
  });

  app.post<RequestParams & { Body: Body }>('/app/elections/:eid/admin/exception/:rid', async (request, reply) => {
    const { context } = officerOf(request);
    const id = requestId(request.params.rid);
    const reviewed = field(request.body, 'reviewed');
    if (reviewed !== 'true' && reviewed !== 'false') throw new HttpError(400, 'Say whether the request is reviewed (true) or not (false).');
    const updated = await setExceptionReviewed(deps.db, context.electionId, id, reviewed === 'true', deps.clock());
    if (!updated) throw notFound('exception request in this election');
    const back = field(request.body, 'return') === 'console' ? `${electionPath(context, '/admin/')}#requests` : requestPath(context, id);
    return reply.redirect(back, 303);
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
    try {
      await computeResults(deps.db, {
        electionId: context.electionId,
        candidates: election.candidates.map((c) => c.id),
        seats: election.config.no_winners,
        method: election.config.election_method,
        deleteAfter: election.config.delete_after,
        officer: viewer.login,
        now: deps.clock(),
      });
    } catch (error) {
      if (error instanceof UncountableBallots) throw new HttpError(409, error.message);
      throw error;
    }
    return reply.redirect(electionPath(context, '/admin/results'), 303);
  });

  // The stored count as files (SPEC §13): JSON of any method; the stages (CSV) and a
  // Markdown summary for results.md of an STV count.
  const resultFiles = [
    { path: 'results.json', type: 'application/json; charset=utf-8', render: (report: CountReport) => `${JSON.stringify(report, null, 2)}\n` },
    { path: 'stages.csv', type: 'text/csv; charset=utf-8', render: (report: CountReport) => (report.method === 'schulze' ? null : formatStagesCsv(report)) },
    { path: 'results.md', type: 'text/markdown; charset=utf-8', render: (report: CountReport) => (report.method === 'schulze' ? null : stvMarkdown(report)) },
  ];
  for (const file of resultFiles) {
    app.get<ElectionParams>(`/app/elections/:eid/admin/${file.path}`, async (request, reply) => {
      const { context } = officerOf(request);
      const stored = await findResult(deps.db, context.electionId);
      const body = stored ? file.render(stored.report) : null;
      if (body === null) throw notFound(`${file.path} of a computed count`);
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${context.election.key.replace(/[^A-Za-z0-9._-]/g, '_')}-${file.path}"`)
        .type(file.type)
        .send(body);
    });
  }

  app.get<ElectionParams>('/app/elections/:eid/admin/download', async (request, reply) => {
    const { context, standing } = officerOf(request);
    enforce('download-ballots', context, standing);
    // The columns that were counted, so the file hashes to the stored input hash; before the
    // count, the election's current candidates (or, if its files are broken, the stored ones).
    const stored = await findResult(deps.db, context.electionId);
    const election = context.election;
    const candidates = stored?.report.candidates ?? (election.valid ? election.candidates.map((c) => c.id) : undefined);
    const csv = formatBallotCsv(await readBallotTable(deps.db, context.electionId, candidates));
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${ballotsFileName(election.key)}"`)
      .type('text/csv; charset=utf-8')
      .send(csv);
  });
}

function requestPath(context: ElectionContext, id: number): string {
  return electionPath(context, `/admin/exception/${id}`);
}

/** A request id from the URL; anything but a plain positive number is not found. */
/** The largest id an `INTEGER` column holds on every database (PostgreSQL and MySQL: 32 bits). */
const MAX_ROW_ID = 2_147_483_647;

/** An id beyond the column's range names no row: 404, before the database (SPEC §16). */
function requestId(raw: string): number {
  const id = /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : NaN;
  if (!(id <= MAX_ROW_ID)) throw notFound('exception request in this election');
  return id;
}

function field(body: Body | undefined, name: string): string | undefined {
  const value = body?.[name];
  return typeof value === 'string' ? value : undefined;
}

function compareLogins(a: string, b: string): number {
  return a.toLowerCase().localeCompare(b.toLowerCase(), 'en') || a.localeCompare(b, 'en');
}
