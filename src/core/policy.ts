import type { ElectionStatus } from './election-status.js';

/**
 * Who may do what in which election state: every rule of SPEC §5, §6 and §9 in one table,
 * used by every route, so the whole policy can be read and tested in one place.
 */

/** What the election is, at the moment of the request. */
export interface ElectionFacts {
  /** False when a file of the election could not be parsed (SPEC §3 "Broken files"). */
  readonly valid: boolean;
  /** Derived by `electionStatus`; meaningless when the election is invalid. */
  readonly status: ElectionStatus;
  /** Exception requests are accepted up to and including this instant. */
  readonly exceptionDue: Date;
  readonly now: Date;
  /**
   * The candidates differ from those of the first ballot (a guardrail warning, SPEC §14):
   * new ballots would not rank the same candidates as earlier ones, so voting waits until
   * they are restored.
   */
  readonly candidatesChanged: boolean;
}

/** Who is asking, in relation to that election. */
export interface ViewerFacts {
  readonly loggedIn: boolean;
  /** Listed in `voters.yaml` (case-insensitively). */
  readonly eligible: boolean;
  /** Listed in `election_officers` (case-insensitively). */
  readonly officer: boolean;
  /** Has a ballot on record in this election. */
  readonly voted: boolean;
  /** Has already filed an exception request in this election. */
  readonly requestedException: boolean;
}

export const ACTIONS = [
  'cast-ballot',
  'manage-ballot',
  'request-exception',
  'read-results',
  'administer',
  'compute-results',
  'download-ballots',
  'accept-guardrail',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Why a request is refused; each maps to one HTTP status and one sentence. */
export const DENIALS = {
  'login-required': { status: 401, message: 'Please log in first.' },
  'not-eligible': { status: 403, message: 'You are not on the list of eligible voters for this election.' },
  'not-officer': { status: 403, message: 'Only the officers of this election may do this.' },
  'election-invalid': {
    status: 409,
    message: 'This election has a configuration error; the election officers have been shown what to fix.',
  },
  'not-started': { status: 409, message: 'Voting has not started yet.' },
  'ended': { status: 409, message: 'Voting has ended.' },
  'not-ended': { status: 409, message: 'Voting has not ended yet.' },
  'already-voted': { status: 409, message: 'You have already voted in this election.' },
  'not-voted': { status: 409, message: 'You have no ballot on record in this election.' },
  'already-eligible': { status: 409, message: 'You are already an eligible voter in this election.' },
  'exception-requested': { status: 409, message: 'You have already requested an exception for this election.' },
  'exceptions-closed': { status: 409, message: 'The deadline for exception requests has passed.' },
  'not-completed': { status: 409, message: 'Results are published once the election has completed.' },
  'candidates-changed': {
    status: 409,
    message: 'Voting is paused: the candidates changed after voting started, and the election officers must restore them or accept the change first.',
  },
  'guardrail-resolved': { status: 409, message: 'This warning is already resolved.' },
  'guardrail-stale': {
    status: 409,
    message: "This warning no longer matches the election's files, which changed again since; the next sync records what they change now.",
  },
  'officer-no-exception': { status: 409, message: 'As an officer of this election, add voters to voters.yaml rather than requesting an exception.' },
} as const satisfies Record<string, { status: 401 | 403 | 409; message: string }>;
export type Denial = keyof typeof DENIALS;

export type Decision = { readonly allowed: true } | { readonly allowed: false; readonly denial: Denial };

const ALLOW: Decision = { allowed: true };
const deny = (denial: Denial): Decision => ({ allowed: false, denial });

/** The first failing rule wins, so rules are listed from the most to the least fundamental. */
type Rule = (e: ElectionFacts, v: ViewerFacts) => Denial | undefined;

const loggedIn: Rule = (_e, v) => (v.loggedIn ? undefined : 'login-required');
const valid: Rule = (e) => (e.valid ? undefined : 'election-invalid');
const eligible: Rule = (_e, v) => (v.eligible ? undefined : 'not-eligible');
const officer: Rule = (_e, v) => (v.officer ? undefined : 'not-officer');
const running: Rule = (e) =>
  e.status === 'upcoming' ? 'not-started' : e.status === 'completed' ? 'ended' : undefined;
const ended: Rule = (e) => (e.status === 'completed' ? undefined : 'not-ended');
const completed: Rule = (e) => (e.status === 'completed' ? undefined : 'not-completed');
const notVoted: Rule = (_e, v) => (v.voted ? 'already-voted' : undefined);
const voted: Rule = (_e, v) => (v.voted ? undefined : 'not-voted');
const notEligible: Rule = (_e, v) => (v.eligible ? 'already-eligible' : undefined);
const noRequestYet: Rule = (_e, v) => (v.requestedException ? 'exception-requested' : undefined);
const candidatesUnchanged: Rule = (e) => (e.candidatesChanged ? 'candidates-changed' : undefined);
const notOfficer: Rule = (_e, v) => (v.officer ? 'officer-no-exception' : undefined);
const exceptionsOpen: Rule = (e) => (e.now.getTime() <= e.exceptionDue.getTime() ? undefined : 'exceptions-closed');

// `valid` before `eligible`: a broken election's voter list is not read (`isEligible` is false
// there), so checking eligibility first would tell its listed voters they are not listed.
const RULES: Record<Action, readonly Rule[]> = {
  'cast-ballot': [loggedIn, valid, eligible, running, notVoted, candidatesUnchanged],
  'manage-ballot': [loggedIn, valid, eligible, running, voted, candidatesUnchanged],
  'request-exception': [loggedIn, valid, notEligible, notOfficer, exceptionsOpen, noRequestYet],
  'read-results': [loggedIn, valid, completed],
  'administer': [loggedIn, officer],
  // Counting stays possible when the candidates changed: Elekto 0.6 counted the current
  // candidates (a withdrawn one's ranks ignored), and the console shows the warning first.
  'compute-results': [loggedIn, officer, valid, ended],
  'download-ballots': [loggedIn, officer, ended],
  // Accepting compares the election's files with the database again: they must be readable.
  // Whether the warning can still be accepted is the warning's own state (`guardrail-resolved`,
  // `guardrail-stale`), decided by `app/guardrail-acceptance.ts`.
  'accept-guardrail': [loggedIn, officer, valid],
};

/** Decides whether `viewer` may perform `action` in `election` now. */
export function decide(action: Action, election: ElectionFacts, viewer: ViewerFacts): Decision {
  for (const rule of RULES[action]) {
    const denial = rule(election, viewer);
    if (denial) return deny(denial);
  }
  return ALLOW;
}
