import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { cast, change, open, withdraw, type OpenBallot } from '../../app/ballot-box.js';
import { admitPassphraseAttempt } from '../../app/passphrase-attempts.js';
import type { Ballot } from '../../core/ballot.js';
import { ballotWarning, parseBallotInput } from '../../core/ballot-input.js';
import { decide } from '../../core/policy.js';
import type { ValidElection } from '../../meta/index.js';
import { listVotedElectionIds } from '../../storage/repositories/voter-repository.js';
import type { AppDeps } from '../app-deps.js';
import { formField as field, type FormBody as Body } from '../form-body.js';
import { electionAndStanding, loadElection, requireLogin, requireLoginAfterBody, requireViewer, type ElectionContext, type ViewerStanding } from '../election-context.js';
import { candidateSummaries, detail, fileProblems, resultsHtml } from '../election-presenter.js';
import { publicTurnout } from '../election-turnout.js';
import { officerElections } from '../officer-dashboard.js';
import { DATABASE_RETRY_AFTER_SECONDS, databaseUnavailable, HttpError } from '../http-error.js';
import { pageContext, sendPage } from '../page-context.js';
import type { ExpiredLoginRecovery, StaleFormRecovery, UnavailableFormRecovery } from '../stale-form.js';
import { BallotViewPage, ConfirmationPage, WithdrawnPage } from '../views/ballot-pages.js';
import { BALLOT_FIELDS, rankFieldName, readRankFields, type BallotFormError, type PassphraseChoice } from '../views/ballot-form.js';
import { NoPassphraseConfirmPage, WithdrawConfirmPage, type RankedEntry } from '../views/confirm-pages.js';
import { ExpiredLoginPage } from '../views/expired-login-page.js';
import { unrankedMeaning } from '../views/unranked-meaning.js';
import { Dashboard } from '../views/dashboard.js';
import { ElectionList } from '../views/election-list.js';
import { ElectionPage, type ElectionActions } from '../views/election-page.js';
import { ResultsPage } from '../views/results-page.js';
import type { VoterBadge } from '../views/view-models.js';
import { ballotRules, electionPath, enforce, sendBallotForm, validElection } from './ballot-helpers.js';
import { exceptionRoutes } from './exception-routes.js';
import { electionSummaries, sendCandidatePage, statusFilter, type CandidateParams } from './public-routes.js';

type ElectionParams = { Params: { eid: string } };
type FormRequest = ElectionParams & { Body: Body };

const VOTE_RATE_LIMIT = {
  rateLimit: { max: 20, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => `voter:${request.viewer?.userId ?? request.ip}` },
};

/**
 * Everything under `/app`: only for logged-in users. The check is the context's own hook,
 * so no route in it can forget it; a visitor is sent to the login page (GET, HEAD) or refused (401).
 */
export async function voterRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.addHook('onRequest', requireLogin);
  app.addHook('preValidation', requireLoginAfterBody);

  app.get('/app', async (request, reply) => {
    const viewer = requireViewer(request);
    const [running, voted, officerOf] = await Promise.all([
      electionSummaries(deps, true, 'running'),
      listVotedElectionIds(deps.db, viewer.userId),
      officerElections(deps, viewer.login),
    ]);
    const { catalog, electionIds } = deps.catalog();
    const withBadges = running.map((summary) => {
      const election = catalog.get(summary.key);
      const id = electionIds.get(summary.key);
      const badge: VoterBadge = id !== undefined && voted.has(id) ? 'voted' : election?.valid && election.voters.has(viewer.login) ? 'eligible' : 'not-eligible';
      return { ...summary, badge };
    });
    return sendPage(reply, <Dashboard page={pageContext(request, reply)} running={withBadges} officerOf={officerOf} />);
  });

  app.get<{ Querystring: { status?: string } }>('/app/elections', async (request, reply) => {
    const filter = statusFilter(request.query.status);
    const elections = await electionSummaries(deps, true, filter);
    return sendPage(reply, <ElectionList page={pageContext(request, reply)} elections={elections} filter={filter} basePath="/app/elections" />);
  });

  app.get<ElectionParams>('/app/elections/:eid', async (request, reply) => {
    const { context, standing } = await electionAndStanding(deps, request);
    return sendElectionPage(deps, request, reply, context, standing);
  });

  app.get<CandidateParams>('/app/elections/:eid/candidates/:cid', (request, reply) => sendCandidatePage(deps, request, reply, true));

  app.get<ElectionParams & { Querystring: Body }>('/app/elections/:eid/vote', async (request, reply) => {
    const { context, standing } = await electionAndStanding(deps, request);
    enforce('cast-ballot', context, standing);
    const election = validElection(context);
    return sendBallotForm(request, reply, deps, election, { mode: 'cast', action: electionPath(context, '/vote'), ranks: keptRanks(election, request.query) });
  });

  const castConfig = { ...VOTE_RATE_LIMIT, staleForm: staleBallot(deps), expiredLogin: expiredBallot(deps), unavailableForm: unavailableBallot(deps) };
  app.post<FormRequest>('/app/elections/:eid/vote', { config: castConfig }, (request, reply) => castBallot(deps, request, reply));

  app.get<ElectionParams & { Querystring: { changed?: string } }>('/app/elections/:eid/confirmation', async (request, reply) => {
    const { context, standing } = await electionAndStanding(deps, request);
    if (!standing.voter) throw new HttpError(409, 'You have no ballot on record in this election.');
    const page = pageContext(request, reply);
    return sendPage(reply, <ConfirmationPage page={page} election={electionRef(context)} withPassphrase={standing.voter.link !== null} changed={request.query.changed !== undefined} />);
  });

  app.post<FormRequest>('/app/elections/:eid/vote/view', async (request, reply) => {
    const own = await openOwnBallot(deps, request);
    if (!own.ok) return sendElectionPage(deps, request, reply, own.context, own.standing, own.refusal);
    const { context, opened, election, passphrase } = own;
    reply.header('cache-control', 'no-store');
    return sendPage(
      reply,
      <BallotViewPage
        page={pageContext(request, reply)}
        election={electionRef(context)}
        entries={ballotEntries(election, opened.ballot)}
        passphrase={passphrase}
        editAction={electionPath(context, '/vote/edit')}
      />,
    );
  });

  app.post<FormRequest>('/app/elections/:eid/vote/edit', { config: { staleForm: staleBallot(deps), expiredLogin: expiredBallot(deps) } }, async (request, reply) => {
    const own = await openOwnBallot(deps, request);
    const editAction = electionPath(own.context, '/vote/edit');
    const requested = field(request.body, 'action');
    if (!own.ok) {
      // A refused passphrase under a new ranking asks for the passphrase again, ranking kept.
      if (requested !== 'change') return sendElectionPage(deps, request, reply, own.context, own.standing, own.refusal);
      const form = { mode: 'change', action: editAction, hidden: { action: 'change' }, ranks: readRankFields(request.body) } as const;
      return sendBallotForm(request, reply, deps, validElection(own.context), { ...form, errors: [{ field: 'passphrase', message: own.refusal.message }] }, own.refusal.status);
    }
    const { context, opened, election, passphrase } = own;
    const form = { mode: 'change', action: editAction, carriedPassphrase: passphrase, hidden: { action: 'change' } } as const;
    switch (requested) {
      case 'form':
        return sendBallotForm(request, reply, deps, election, { ...form, ranks: opened.ballot });
      case 'withdraw': {
        reply.header('cache-control', 'no-store');
        const page = pageContext(request, reply);
        if (field(request.body, 'confirmed') !== 'yes') {
          return sendPage(reply, <WithdrawConfirmPage page={page} election={electionRef(context)} editAction={editAction} passphrase={passphrase} />);
        }
        const withdrawn = await withdraw(deps.ballots, opened.opened);
        if (!withdrawn.ok) throw new HttpError(409, withdrawn.error.message);
        return sendPage(reply, <WithdrawnPage page={page} election={electionRef(context)} voteHref={electionPath(context, '/vote')} />);
      }
      case 'change': {
        const answers = readRankFields(request.body);
        const candidates = election.candidates.map((c) => c.id);
        const ballot = parseBallotInput(answers, { ...ballotRules(election), candidates });
        if (!ballot.ok) return sendBallotForm(request, reply, deps, election, { ...form, ranks: answers, errors: ballot.error }, 422);
        const warning = unconfirmedWarning(ballot.value, request.body, election);
        if (warning) return sendBallotForm(request, reply, deps, election, { ...form, ranks: answers, warning });
        const changed = await change(deps.ballots, opened.opened, { ballot: ballot.value, candidates, now: deps.clock() });
        if (!changed.ok) throw new HttpError(409, changed.error.message);
        return reply.redirect(electionPath(context, '/confirmation?changed=1'), 303);
      }
      default:
        throw new HttpError(400, 'Choose whether to change or withdraw your ballot.');
    }
  });

  app.get<ElectionParams>('/app/elections/:eid/results', async (request, reply) => {
    const { context, standing } = await electionAndStanding(deps, request);
    enforce('read-results', context, standing);
    const election = electionRef(context);
    return sendPage(reply, <ResultsPage page={pageContext(request, reply)} election={election} resultsHtml={resultsHtml(context.election)} />);
  });

  await exceptionRoutes(app, deps);
}

/** Casts the ballot of the vote form, or sends the form back with what is wrong. */
async function castBallot(deps: AppDeps, request: FastifyRequest<FormRequest>, reply: FastifyReply) {
  const viewer = requireViewer(request);
  const { context, standing } = await electionAndStanding(deps, request);
  enforce('cast-ballot', context, standing);
  const election = validElection(context);
  const action = electionPath(context, '/vote');
  const answers = readRankFields(request.body);
  const choice = passphraseChoiceOf(request.body);
  const form = { mode: 'cast', action, ranks: answers, passphraseChoice: choice } as const;
  if (field(request.body, BALLOT_FIELDS.revise) !== undefined) return sendBallotForm(request, reply, deps, election, { ...form, passphraseChoice: 'set' });
  const passphrase = newPassphrase(request.body, choice, deps.settings.minPassphraseLength);
  const ballot = parseBallotInput(answers, ballotRules(election));
  const errors: BallotFormError[] = [...(ballot.ok ? [] : ballot.error), ...(passphrase.ok ? [] : [passphrase.error])];
  if (!ballot.ok || !passphrase.ok) return sendBallotForm(request, reply, deps, election, { ...form, errors }, 422);
  const warning = unconfirmedWarning(ballot.value, request.body, election);
  if (warning) return sendBallotForm(request, reply, deps, election, { ...form, warning });
  if (passphrase.value === null && field(request.body, BALLOT_FIELDS.noPassphraseConfirmed) !== 'yes') {
    reply.header('cache-control', 'no-store');
    const fields = { ...Object.fromEntries([...answers].map(([id, rank]) => [rankFieldName(id), rank])), [BALLOT_FIELDS.confirm]: field(request.body, BALLOT_FIELDS.confirm) ?? '' };
    return sendPage(
      reply,
      <NoPassphraseConfirmPage page={pageContext(request, reply)} election={electionRef(context)} action={action} entries={ballotEntries(election, ballot.value)} fields={fields} />,
    );
  }

  const outcome = await cast(deps.ballots, {
    electionId: context.electionId,
    userId: viewer.userId,
    ballot: ballot.value,
    candidates: election.candidates.map((c) => c.id),
    passphrase: passphrase.value,
    now: deps.clock(),
  });
  if (outcome.ok) return reply.redirect(electionPath(context, '/confirmation'), 303);
  const failure = outcome.error;
  if (failure.kind === 'already-voted') throw new HttpError(409, failure.message);
  if (failure.kind === 'busy') return sendFormAgain(request, reply, deps, election, form, failure.message, failure.retryAfterSeconds);
  throw new Error(failure.message);
}

/** A 503 that keeps the voter's form filled in, with when to try again. */
function sendFormAgain(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: AppDeps,
  election: ValidElection,
  form: Parameters<typeof sendBallotForm>[4],
  message: string,
  retryAfterSeconds: number,
) {
  reply.header('retry-after', String(retryAfterSeconds));
  return sendBallotForm(request, reply, deps, election, { ...form, errors: [message] }, 503);
}

function badgeOf(standing: ViewerStanding): VoterBadge {
  return standing.voted ? 'voted' : standing.eligible ? 'eligible' : 'not-eligible';
}

/** The election page of a logged-in viewer; `refusal` marks a refused passphrase on its manage form. */
async function sendElectionPage(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  context: ElectionContext,
  standing: ViewerStanding,
  refusal?: PassphraseRefusal,
) {
  return sendPage(
    reply,
    <ElectionPage
      page={pageContext(request, reply)}
      election={detail(context.election, context.state)}
      candidates={candidateSummaries(context.election, true)}
      viewer={{ badge: badgeOf(standing), request: standing.request }}
      actions={actionsFor(context, standing, refusal?.message)}
      problems={standing.officer ? fileProblems(context.election.errors) : null}
      turnout={await publicTurnout(deps, context)}
    />,
    refusal?.status ?? 200,
  );
}

/** The links and next steps the election page offers: each only when the policy allows it. */
function actionsFor(context: ElectionContext, standing: ViewerStanding, manageError?: string): ElectionActions {
  const allowed = (action: Parameters<typeof decide>[0]) => decide(action, context.facts, standing).allowed;
  const running = context.state === 'running';
  return {
    ...(allowed('cast-ballot') && { vote: electionPath(context, '/vote'), unranked: unrankedMeaning(context.election.valid ? context.election.config.election_method : undefined) }),
    ...(allowed('manage-ballot') && standing.voter?.link && { manage: { viewAction: electionPath(context, '/vote/view'), error: manageError } }),
    ...(running && standing.voter && standing.voter.link === null && { votedWithoutPassphrase: true }),
    ...(allowed('request-exception') && { exception: electionPath(context, '/exception') }),
    ...completedResults(context, electionPath(context, '/results/')),
    ...(allowed('administer') && { admin: electionPath(context, '/admin/') }),
  };
}

/** The voter's explicit choice: `none` only when they chose it on this submission. */
function passphraseChoiceOf(body: Body): PassphraseChoice {
  return field(body, BALLOT_FIELDS.passphraseChoice) === 'none' ? 'none' : 'set';
}

/**
 * The passphrase of a first ballot (null = none), checked against its confirmation. An empty
 * passphrase is "none" only when the voter chose that: a passphrase lost on the way (a form
 * shown again asks for it again) must never turn into a ballot nobody can change (SPEC §5).
 */
function newPassphrase(body: Body, choice: PassphraseChoice, minLength: number) {
  const passphrase = field(body, BALLOT_FIELDS.passphrase) ?? '';
  const confirmation = field(body, BALLOT_FIELDS.passphraseConfirmation) ?? '';
  const refuse = (field: 'passphrase' | 'passphrase-confirmation' | 'passphrase-choice', message: string) => ({ ok: false, error: { field, message } }) as const;
  if (choice === 'none') {
    if (passphrase === '' && confirmation === '') return { ok: true, value: null } as const;
    return refuse('passphrase-choice', 'You chose to vote without a passphrase but also typed one. Choose “Protect my ballot with a passphrase”, or clear the passphrase fields.');
  }
  if (passphrase === '' && confirmation === '') {
    return refuse('passphrase', 'Type a passphrase, twice, or choose “Vote without a passphrase”.');
  }
  if ([...passphrase].length < minLength) return refuse('passphrase', `A passphrase must have at least ${minLength} characters.`);
  if (passphrase !== confirmation) return refuse('passphrase-confirmation', 'The two passphrases differ. Type the same passphrase twice.');
  return { ok: true, value: passphrase } as const;
}

/** The warning the voter has yet to confirm for this ballot, if any (SPEC §5). */
function unconfirmedWarning(ballot: Ballot, body: Body, election: ValidElection) {
  const warning = ballotWarning(ballot, ballotRules(election).strictOrder);
  return warning !== undefined && field(body, BALLOT_FIELDS.confirm) !== warning ? warning : undefined;
}

/** Why a passphrase did not open the ballot: shown at the passphrase field, with this status. */
interface PassphraseRefusal {
  readonly status: 403 | 422;
  readonly message: string;
}

/**
 * Opens the viewer's ballot with the submitted passphrase. A missing or wrong passphrase is
 * returned (the page then asks again at its field); any other refusal is thrown.
 */
async function openOwnBallot(deps: AppDeps, request: FastifyRequest<FormRequest>) {
  const viewer = requireViewer(request);
  const { context, standing } = await electionAndStanding(deps, request);
  enforce('manage-ballot', context, standing);
  const election: ValidElection = validElection(context);
  const passphrase = field(request.body, BALLOT_FIELDS.passphrase) ?? '';
  const refused = (refusal: PassphraseRefusal) => ({ ok: false, context, standing, refusal }) as const;
  if (passphrase === '') return refused({ status: 422, message: 'Type the passphrase you chose when you voted.' });
  // Counted per voter in the database, before the key derivation, so replicas share the limit.
  const admitted = await admitPassphraseAttempt(deps.db, viewer.userId, deps.clock());
  if (!admitted.ok) throw new HttpError(429, admitted.error.message, admitted.error.retryAfterSeconds);
  const opened = await open(deps.ballots, { electionId: context.electionId, userId: viewer.userId, passphrase });
  if (!opened.ok && opened.error.kind === 'wrong-passphrase') return refused({ status: 403, message: opened.error.message });
  if (!opened.ok) throw openFailure(opened.error);
  return { ok: true, context, standing, election, passphrase, opened: opened.value satisfies OpenBallot } as const;
}

function openFailure(failure: Exclude<Awaited<ReturnType<typeof open>>, { ok: true }>['error']): HttpError {
  switch (failure.kind) {
    case 'busy':
      return new HttpError(503, failure.message, failure.retryAfterSeconds);
    case 'not-voted':
    case 'no-link':
      return new HttpError(409, failure.message);
    default:
      throw new Error(failure.message);
  }
}

/**
 * The ballot form again, ranking kept, when its CSRF token was refused (an old tab, a form
 * left open too long): nothing was stored, and the voter only has to check and send it again.
 */
function staleBallot(deps: AppDeps): StaleFormRecovery {
  return async (request, reply) => {
    const typed = request as FastifyRequest<FormRequest>;
    const { context, standing } = await electionAndStanding(deps, typed);
    const ranks = readRankFields(typed.body ?? {});
    if (typed.url.endsWith('/vote')) {
      enforce('cast-ballot', context, standing);
      const action = electionPath(context, '/vote');
      const form = { mode: 'cast', action, ranks, passphraseChoice: passphraseChoiceOf(typed.body ?? {}), notice: STALE_BALLOT_NOTICE } as const;
      return sendBallotForm(typed, reply, deps, validElection(context), form, 403);
    }
    // Only a new ranking has anything to keep; other expired edit forms get the plain message.
    if (field(typed.body, 'action') !== 'change') return undefined;
    enforce('manage-ballot', context, standing);
    const form = { mode: 'change', action: electionPath(context, '/vote/edit'), hidden: { action: 'change' }, ranks, notice: STALE_BALLOT_NOTICE } as const;
    return sendBallotForm(typed, reply, deps, validElection(context), form, 403);
  };
}

/**
 * The ballot form again, ranking kept, when the database could not serve it (SPEC §16): a 503
 * with Retry-After, nothing stored, whether the session or the ballot's own statements failed.
 */
function unavailableBallot(deps: AppDeps): UnavailableFormRecovery {
  return async (request, reply) => {
    const typed = request as FastifyRequest<FormRequest>;
    const election = deps.catalog().catalog.get(typed.params.eid);
    if (!election?.valid) return undefined;
    const { message, retryAfter } = databaseUnavailable();
    const body = typed.body ?? {};
    const form = { mode: 'cast', action: `/app/elections/${encodeURIComponent(election.key)}/vote`, ranks: readRankFields(body), passphraseChoice: passphraseChoiceOf(body) } as const;
    return sendFormAgain(typed, reply, deps, election, form, message, retryAfter ?? DATABASE_RETRY_AFTER_SECONDS);
  };
}

const STALE_BALLOT_NOTICE =
  'This form had expired, so nothing was saved. Your ranking is kept below: check it, type your passphrase again if you use one, and send the form again.';

/**
 * The answer to a ballot sent after the login expired (401, nothing stored): the ranking
 * shown, and a login link back to the form. A first ballot's ranking rides in that link's
 * query, so the form is pre-filled and nothing is kept on the server; a change needs the
 * passphrase first, so its link returns to the election page.
 */
function expiredBallot(deps: AppDeps): ExpiredLoginRecovery {
  return async (request, reply) => {
    const typed = request as FastifyRequest<FormRequest>;
    const casting = typed.routeOptions.url?.endsWith('/vote') === true;
    if (!casting && field(typed.body, 'action') !== 'change') return undefined;
    const context = await loadElection(deps, typed.params.eid);
    const election = validElection(context);
    const ranks = keptRanks(election, typed.body ?? {});
    const query = new URLSearchParams([...ranks].map(([id, rank]) => [rankFieldName(id), rank])).toString();
    const back = casting ? `${electionPath(context, '/vote')}${query && `?${query}`}` : electionPath(context);
    const entries = election.candidates.map((c) => ({ id: c.id, name: c.name, rank: ranks.has(c.id) ? Number(ranks.get(c.id)) : null }));
    reply.header('cache-control', 'no-store');
    const page = <ExpiredLoginPage page={pageContext(typed, reply)} election={electionRef(context)} entries={entries.sort(byRank)} loginHref={`/login?next=${encodeURIComponent(back)}`} restored={casting} />;
    return sendPage(reply, page, 401);
  };
}

/** The ranks in `fields` (a form body or a query) that name a candidate of `election` with a rank it can have. */
function keptRanks(election: ValidElection, fields: Body): Map<string, string> {
  const ids = new Set(election.candidates.map((c) => c.id));
  const valid = (id: string, rank: string) => ids.has(id) && /^[1-9][0-9]*$/.test(rank) && Number(rank) <= ids.size;
  return new Map([...readRankFields(fields)].filter(([id, rank]) => valid(id, rank)));
}

/** Completed elections link their published results, or say there are none yet. */
function completedResults(context: ElectionContext, href: string): Pick<ElectionActions, 'results' | 'resultsPending'> {
  if (context.state !== 'completed') return {};
  return resultsHtml(context.election) ? { results: href } : { resultsPending: true };
}

function electionRef(context: ElectionContext) {
  return { name: context.election.config.name ?? context.election.key, href: electionPath(context) };
}

/** Every candidate with the voter's rank; ranked ones first, by rank, then by name. */
function ballotEntries(election: ValidElection, ballot: Ballot) {
  return election.candidates.map((c) => ({ id: c.id, name: c.name, rank: ballot.get(c.id) ?? null })).sort(byRank);
}

function byRank(a: RankedEntry, b: RankedEntry): number {
  return (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.name.localeCompare(b.name);
}
