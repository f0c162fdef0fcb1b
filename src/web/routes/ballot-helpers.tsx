import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BallotRules } from '../../core/ballot-input.js';
import { candidateOrder } from '../../core/candidate-order.js';
import { decide, DENIALS, type Action } from '../../core/policy.js';
import type { ValidElection } from '../../meta/index.js';
import type { AppDeps } from '../app-deps.js';
import type { ElectionContext, ViewerStanding } from '../election-context.js';
import { HttpError } from '../http-error.js';
import { pageContext, sendPage } from '../page-context.js';
import type { FormBody } from '../form-body.js';
import { BALLOT_SCRIPTS, BallotForm, readRankFields, type BallotFormProps } from '../views/ballot-form.js';
import { Layout } from '../views/layout.js';

/** Refuses the request with the policy's status and sentence unless `action` is allowed. */
export function enforce(action: Action, context: ElectionContext, standing: ViewerStanding): void {
  const decision = decide(action, context.facts, standing);
  if (!decision.allowed) {
    const { status, message } = DENIALS[decision.denial];
    throw new HttpError(status, message);
  }
}

/** Narrows to a valid election; the policy has already refused invalid ones for voting. */
export function validElection(context: ElectionContext): ValidElection {
  if (!context.election.valid) throw new HttpError(409, DENIALS['election-invalid'].message);
  return context.election;
}

export function electionPath(context: Pick<ElectionContext, 'election'>, rest = ''): string {
  return `/app/elections/${encodeURIComponent(context.election.key)}${rest}`;
}

/** The election's candidates in this voter's stable shuffled order (SPEC §5). */
function ballotCandidates(deps: AppDeps, election: ValidElection, login: string) {
  const seed = `${deps.settings.appKey}\u0000${election.key}\u0000${login.toLowerCase()}`;
  return candidateOrder(election.candidates, seed).map((c) => ({ id: c.id, name: c.name }));
}

/**
 * The election's candidates in the order a ballot form was sent in. That order is the one the
 * voter saw: a browser sends a form's fields in page order, and `ballot.js` keeps the page's
 * selects in the order it shows (ranked first, then the unranked ones in the form's order), so
 * the same fields shown in the same order look as they did. Ids that are not candidates are
 * ignored; candidates the form did not carry follow in the election's order.
 */
function sentCandidateOrder(election: ValidElection, body: FormBody) {
  const byId = new Map(election.candidates.map((c) => [c.id, c]));
  const sent = [...readRankFields(body).keys()].flatMap((id) => byId.get(id) ?? []);
  const order = [...new Set([...sent, ...election.candidates])];
  return order.map((c) => ({ id: c.id, name: c.name }));
}

/**
 * The candidates of a ballot form for this request. The voter's order is derived from their
 * login, which only the session knows; when it could not be read (the database is unavailable,
 * and the form is given back with a 503), the form keeps the order it was sent in instead of
 * falling back to a visitor's order, which would shuffle the candidates under the voter's eyes.
 */
function candidatesFor(request: FastifyRequest, deps: AppDeps, election: ValidElection) {
  if (request.viewer) return ballotCandidates(deps, election, request.viewer.login);
  return sentCandidateOrder(election, (request.body ?? {}) as FormBody);
}

type FormOverrides = Omit<BallotFormProps, 'page' | 'election' | 'candidates' | 'minPassphraseLength'>;

/** Renders the ballot page (cast or change) with `status`: 200, or 422/409/503 on refusal. */
/** What a ballot of `election` must satisfy (SPEC §5; STV: a strict order, §13). */
export function ballotRules(election: ValidElection): BallotRules {
  return {
    candidates: election.candidates.map((c) => c.id),
    allowNoOpinion: election.config.allow_no_opinion,
    strictOrder: election.config.election_method !== 'schulze',
  };
}

export function sendBallotForm(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: AppDeps,
  election: ValidElection,
  form: FormOverrides,
  status = 200,
) {
  const page = pageContext(request, reply);
  reply.header('cache-control', 'no-store');
  return sendPage(
    reply,
    <Layout page={page} title={`Vote · ${election.config.name}`} scripts={BALLOT_SCRIPTS}>
      <BallotForm
        page={page}
        election={{ key: election.key, name: election.config.name, allowNoOpinion: election.config.allow_no_opinion, strictOrder: ballotRules(election).strictOrder }}
        candidates={candidatesFor(request, deps, election)}
        minPassphraseLength={deps.settings.minPassphraseLength}
        {...form}
      />
    </Layout>,
    status,
  );
}
