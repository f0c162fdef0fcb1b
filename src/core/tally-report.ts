import type { CandidateId } from './ballot.js';
import type { PairMatrix, SchulzeResult } from './schulze.js';
import type { Winners } from './winners.js';

/**
 * A count as the JSON of SPEC §7 (`elekto tally --format json`), snake_case keys in the
 * spec's order. Two keys go beyond the spec: `seats` (seats asked for) and
 * `tied_for_last_seats` (the tie group and how many seats it contends for, or null).
 */
export interface TallyReport {
  readonly method: 'schulze';
  readonly candidates: readonly CandidateId[];
  readonly ballots: number;
  readonly seats: number;
  readonly ranking: readonly (readonly CandidateId[])[];
  /** Candidates elected outright; with a tie at the cutoff, fewer than `seats`. */
  readonly winners: readonly CandidateId[];
  readonly tie_at_cutoff: boolean;
  readonly tied_for_last_seats: { readonly candidates: readonly CandidateId[]; readonly seats: number } | null;
  readonly pairwise: PairMatrix;
  readonly strongest_paths: PairMatrix;
}

/** The JSON form of a count and its winners; `JSON.stringify` it as is. */
export function tallyReport(result: SchulzeResult, winners: Winners): TallyReport {
  return {
    method: 'schulze',
    candidates: result.candidates,
    ballots: result.ballots,
    seats: winners.seats,
    ranking: result.ranking,
    winners: winners.elected,
    tie_at_cutoff: winners.tieAtCutoff,
    tied_for_last_seats: winners.tieAtCutoff ? { candidates: winners.tied, seats: winners.openSeats } : null,
    pairwise: result.pairwise,
    strongest_paths: result.strongestPaths,
  };
}
