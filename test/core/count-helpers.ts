// Shorthands for the counting tests: ballots written as object literals.
import type { Ballot, CandidateId } from '../../src/core/ballot.js';
import { ballotTable } from '../../src/core/ballot-table.js';
import { schulze, type SchulzeResult } from '../../src/core/schulze.js';

/** A ballot written `{ alice: 1, bob: 2 }`; leave a candidate out for "No opinion". */
export type BallotLiteral = Readonly<Record<CandidateId, number>>;

/** Ballot literals as Ballot maps. */
export function ballots(...records: readonly BallotLiteral[]): Ballot[] {
  return records.map((record) => new Map(Object.entries(record)));
}

/** Counts ballot literals over `candidates`. */
export function count(candidates: readonly CandidateId[], records: readonly BallotLiteral[]): SchulzeResult {
  return schulze(ballotTable(candidates, ballots(...records)));
}

/** `copies` identical ballots, for the textbook examples written as "5 voters: A > C > B". */
export function times(copies: number, record: BallotLiteral): BallotLiteral[] {
  return Array.from({ length: copies }, () => ({ ...record }));
}
