import { isRank, type Ballot, type CandidateId } from './ballot.js';

/** The cell value that marks "no opinion" (an unranked candidate) in a `BallotTable`. */
export const NO_OPINION = 0;

/** The largest rank a `BallotTable` can hold: the largest value of an `Int32Array` cell. */
export const MAX_RANK = 0x7fff_ffff;

/**
 * Ballots in the compact form the count consumes: one row per ballot, one column per
 * candidate in `candidates` order, all rows in a single `Int32Array` (row-major). A million
 * ballots fit in one allocation instead of a million `Map`s.
 *
 * Invariants: `candidates` are distinct; `ranks.length === ballotCount * candidates.length`;
 * every cell is `NO_OPINION` or a rank from 1 to `MAX_RANK`.
 */
export interface BallotTable {
  readonly candidates: readonly CandidateId[];
  readonly ballotCount: number;
  readonly ranks: Int32Array;
}

/**
 * Packs ballot maps (as storage and the web hold them) into a `BallotTable` whose columns
 * are `candidates`, in that order. A candidate absent from a ballot is `NO_OPINION`.
 *
 * Ranks given for IDs outside `candidates` are ignored, as Elekto 0.6 counted only the
 * election's current candidates (one may have withdrawn after ballots were cast).
 *
 * @throws RangeError on duplicate candidates or a rank outside 1..MAX_RANK: callers validate
 * ballots when they are cast, so either means a bug, not bad user input.
 */
export function ballotTable(candidates: readonly CandidateId[], ballots: readonly Ballot[]): BallotTable {
  const column = new Map(candidates.map((id, index) => [id, index]));
  if (column.size !== candidates.length) throw new RangeError('ballotTable: duplicate candidate IDs');
  const n = candidates.length;
  const ranks = new Int32Array(ballots.length * n);
  ballots.forEach((ballot, row) => {
    for (const [id, rank] of ballot) {
      const index = column.get(id);
      if (index === undefined) continue;
      if (!isRank(rank) || rank > MAX_RANK) throw new RangeError(`ballotTable: invalid rank ${rank} for '${id}'`);
      ranks[row * n + index] = rank;
    }
  });
  return { candidates: [...candidates], ballotCount: ballots.length, ranks };
}
