import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BallotRules } from '../../core/ballot-input.js';
import { candidateOrder } from '../../core/candidate-order.js';
import { decide, DENIALS, type Action } from '../../core/policy.js';
import type { ValidElection } from '../../meta/index.js';
import type { AppDeps } from '../app-deps.js';
import type { ElectionContext, ViewerStanding } from '../election-context.js';
import { HttpError } from '../http-error.js';
import { pageContext, sendPage } from '../page-context.js';
import { BALLOT_SCRIPTS, BallotForm, type BallotFormProps } from '../views/ballot-form.js';
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

export function electionPath(context: ElectionContext, rest = ''): string {
  return `/app/elections/${encodeURIComponent(context.election.key)}${rest}`;
}

/** The election's candidates in this voter's stable shuffled order (SPEC §5). */
export function ballotCandidates(deps: AppDeps, election: ValidElection, login: string) {
  const seed = `${deps.settings.appKey}\u0000${election.key}\u0000${login.toLowerCase()}`;
  return candidateOrder(election.candidates, seed).map((c) => ({ id: c.id, name: c.name }));
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
  const login = request.viewer?.login ?? '';
  reply.header('cache-control', 'no-store');
  return sendPage(
    reply,
    <Layout page={page} title={`Vote · ${election.config.name}`} scripts={BALLOT_SCRIPTS}>
      <BallotForm
        page={page}
        election={{ key: election.key, name: election.config.name, allowNoOpinion: election.config.allow_no_opinion, strictOrder: ballotRules(election).strictOrder }}
        candidates={ballotCandidates(deps, election, login)}
        minPassphraseLength={deps.settings.minPassphraseLength}
        {...form}
      />
    </Layout>,
    status,
  );
}
