import type { FastifyReply, FastifyRequest } from 'fastify';
import { electionStatus, type ElectionStatus } from '../core/election-status.js';
import type { ElectionFacts, ViewerFacts } from '../core/policy.js';
import { isEligible, isOfficer, type Election } from '../meta/index.js';
import { findOwnRequestState, type RequestState } from '../storage/repositories/exception-request-repository.js';
import { hasElectionResult } from '../storage/repositories/election-result-repository.js';
import { hasOpenGuardrail } from '../storage/repositories/guardrail-repository.js';
import { findVoter, findVoterAndFrozen, type VoterRecord } from '../storage/repositories/voter-repository.js';
import type { AppDeps } from './app-deps.js';
import { databaseUnavailable, HttpError, notFound } from './http-error.js';
import { expiredLoginRecovery } from './stale-form.js';
import type { Viewer } from './page-context.js';
import type { ElectionState } from './views/view-models.js';

/** One election as a request sees it: catalog entry, database id and state at `now`. */
export interface ElectionContext {
  readonly election: Election;
  readonly electionId: number;
  readonly state: ElectionState;
  /** Results were computed: the election is frozen as completed. */
  readonly frozen: boolean;
  readonly facts: ElectionFacts;
}

/**
 * The election named by a URL key, or a 404: keys resolve only through the catalog
 * (SPEC §3 — a key never becomes a path).
 */
export async function loadElection(deps: AppDeps, key: string): Promise<ElectionContext> {
  const found = findElection(deps, key);
  const [frozen, candidatesChanged] = await Promise.all([hasElectionResult(deps.db, found.electionId), candidatesChangedIn(deps, found.electionId)]);
  return electionContext(deps, found, frozen, candidatesChanged);
}

function findElection(deps: AppDeps, key: string): { readonly election: Election; readonly electionId: number } {
  const { catalog, electionIds } = deps.catalog();
  const election = catalog.get(key);
  const electionId = electionIds.get(key);
  if (!election || electionId === undefined) throw notFound('election');
  return { election, electionId };
}

/** An open guardrail warning says the candidates changed after the first ballot (SPEC §14). */
function candidatesChangedIn(deps: AppDeps, electionId: number): Promise<boolean> {
  return hasOpenGuardrail(deps.db, electionId, 'candidates-changed');
}

function electionContext(
  deps: AppDeps,
  { election, electionId }: ReturnType<typeof findElection>,
  frozen: boolean,
  candidatesChanged: boolean,
): ElectionContext {
  const now = deps.clock();
  const status = statusOf(election, now, frozen);
  return {
    election,
    electionId,
    frozen,
    state: election.valid ? status : 'invalid',
    facts: {
      valid: election.valid,
      status,
      exceptionDue: election.config.exception_due ?? election.config.start_datetime ?? now,
      now,
      candidatesChanged,
    },
  };
}

/**
 * The status from whatever dates could be read; an invalid election without dates counts
 * as upcoming (the policy refuses everything in an invalid election before looking at it).
 */
function statusOf(election: Election, now: Date, frozen: boolean): ElectionStatus {
  const { start_datetime: start, end_datetime: end } = election.config;
  return start && end ? electionStatus({ start, end }, now, frozen) : frozen ? 'completed' : 'upcoming';
}

/** The viewer's standing in the election, with their voter record when they voted. */
export interface ViewerStanding extends ViewerFacts {
  readonly voter: VoterRecord | undefined;
  /** Where the viewer's own exception request stands, when they filed one. */
  readonly request: RequestState | undefined;
}

export async function viewerStanding(
  deps: AppDeps,
  context: ElectionContext,
  viewer: Viewer | null,
  /** The viewer's voter record when the caller has read it already. */
  known?: { readonly voter: VoterRecord | undefined },
): Promise<ViewerStanding> {
  if (!viewer) {
    return { loggedIn: false, eligible: false, officer: false, voted: false, requestedException: false, voter: undefined, request: undefined };
  }
  const eligible = isEligible(context.election, viewer.login);
  // Only non-voters may request an exception, so a voter's page skips that query.
  const [voter, request] = await Promise.all([
    known ? known.voter : findVoter(deps.db, context.electionId, viewer.userId),
    eligible ? undefined : findOwnRequestState(deps.db, context.electionId, viewer.userId),
  ]);
  return {
    loggedIn: true,
    eligible,
    officer: isOfficer(context.election, viewer.login),
    voted: voter !== undefined,
    requestedException: request !== undefined,
    voter,
    request,
  };
}

/** The logged-in viewer, for routes in the `/app` context (which guarantees one). */
export function requireViewer(request: FastifyRequest): Viewer {
  if (request.sessionUnavailable) throw databaseUnavailable();
  if (!request.viewer) throw new Error('route outside the logged-in context');
  return request.viewer;
}

/** The election named by the URL and the logged-in viewer's standing in it. */
export async function electionAndStanding(deps: AppDeps, request: FastifyRequest<{ Params: { eid: string } }>) {
  const viewer = requireViewer(request);
  const found = findElection(deps, request.params.eid);
  // One query for the frozen flag and the voter record: every logged-in election page needs both.
  const [{ frozen, voter }, candidatesChanged] = await Promise.all([
    findVoterAndFrozen(deps.db, found.electionId, viewer.userId),
    candidatesChangedIn(deps, found.electionId),
  ]);
  const context = electionContext(deps, found, frozen, candidatesChanged);
  const standing = await viewerStanding(deps, context, viewer, { voter });
  return { context, standing };
}

/**
 * The `onRequest` guard of a logged-in context (`/app`, the officer console): a visitor is
 * sent to the login page (GET, HEAD) or refused with 401, so no route inside can forget it.
 * A form that declares `config.expiredLogin` is refused by `requireLoginAfterBody` instead,
 * once its body is read, so that its answer can keep what the voter sent.
 */
export async function requireLogin(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.viewer) return;
  // A form posted while the session could not be checked reaches its route, which answers 503
  // (through `requireViewer`) and may give the form back; anything else is a 503 now.
  if (request.sessionUnavailable && request.method === 'POST') return;
  if (request.sessionUnavailable) throw databaseUnavailable();
  if (request.method === 'GET' || request.method === 'HEAD') return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`);
  if (expiredLoginRecovery(request)) return;
  throw loginRequired();
}

/**
 * The `preValidation` guard beside `requireLogin`: a visitor's form, body read, is refused (401).
 * A form whose session could not be checked goes on to its route, which answers 503.
 */
export async function requireLoginAfterBody(request: FastifyRequest): Promise<void> {
  if (!request.viewer && !request.sessionUnavailable) throw loginRequired();
}

function loginRequired(): HttpError {
  return new HttpError(401, 'Please log in first.');
}
