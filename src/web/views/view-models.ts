import type { ElectionStatus } from '../../core/election-status.js';

/**
 * What the views are given: plain, precomputed facts. Views hold no logic beyond layout;
 * routes build these from the catalog, the database and the policy.
 */

/** An election's state as shown to people: its status, or that its files are broken. */
export type ElectionState = ElectionStatus | 'invalid';

export interface ElectionSummary {
  readonly key: string;
  readonly name: string;
  readonly organization: string;
  readonly state: ElectionState;
  /** Unknown when the election's files are broken. */
  readonly start: Date | null;
  readonly end: Date | null;
  readonly href: string;
}

export interface CandidateSummary {
  readonly id: string;
  readonly name: string;
  readonly href: string;
}

/** The logged-in viewer's standing in one election, for the badge and the actions. */
export type VoterBadge = 'eligible' | 'not-eligible' | 'voted';

/** A located problem in the election's files, shown to its officers. */
export interface FileProblem {
  readonly file: string;
  readonly line: number | null;
  readonly message: string;
}
