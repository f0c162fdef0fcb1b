import type { Problem } from '../core/problem.js';
import type { Candidate } from './candidate.js';
import type { ElectionConfig } from './election-config.js';
import type { ElectionKey } from './election-key.js';
import type { LoginSet } from './login-set.js';

interface ElectionCommon {
  readonly key: ElectionKey;
  /** Repository-relative directory (`elections/steering/2025`). */
  readonly path: string;
  /** Empty exactly when the election is valid. */
  readonly errors: readonly Problem[];
  /** Oddities that do not stop the election (unknown keys, defaults used, no voters yet). */
  readonly warnings: readonly Problem[];
}

/** An election whose files all parsed: it can be shown, voted in (when running) and counted. */
export interface ValidElection extends ElectionCommon {
  readonly valid: true;
  readonly config: ElectionConfig;
  /** The line of each key of `election.yaml`, to point at a setting. */
  readonly configLines: ReadonlyMap<string, number>;
  /** Sorted by file name; the ballot form shuffles them per voter. */
  readonly candidates: readonly Candidate[];
  readonly voters: LoginSet;
  /** `election_desc.md`, raw Markdown, when present. */
  readonly description: string | undefined;
  /** `results.md`, raw Markdown, when the officers have published it. */
  readonly results: string | undefined;
}

/**
 * An election with at least one broken file: still listed (in a "configuration error"
 * state, with whatever of its settings could be read), never open for voting.
 */
export interface InvalidElection extends ElectionCommon {
  readonly valid: false;
  readonly config: Partial<ElectionConfig>;
}

export type Election = ValidElection | InvalidElection;

/**
 * True when `login` is listed in the election's `voters.yaml` (case-insensitively, a leading
 * `@` ignored). Always false for an invalid election: voting there is refused until fixed.
 * Whether voting is open now is decided elsewhere, from the dates.
 */
export function isEligible(election: Election, login: string): boolean {
  return election.valid && election.voters.has(login);
}

/**
 * True when `login` is one of the election's officers (case-insensitively). Works for an
 * invalid election whose officers could be read, so they can be shown what is wrong.
 */
export function isOfficer(election: Election, login: string): boolean {
  return election.config.election_officers?.has(login) ?? false;
}
