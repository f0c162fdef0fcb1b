import type { CandidateId } from './ballot.js';
import { NO_OPINION, type BallotTable } from './ballot-table.js';
import { err, ok, type Result } from './result.js';

/**
 * Ballots as the STV counts consume them (SPEC §13): strict orders of candidate indexes,
 * identical orders grouped with their number of ballots, so a count touches each distinct
 * ballot once however many voters cast it.
 */
export interface RankedBallots {
  /** Every candidate; a ranking holds indexes into this list. */
  readonly candidates: readonly CandidateId[];
  /** Indexes of candidates withdrawn before the count (a BLT file's negative line). */
  readonly withdrawn: ReadonlySet<number>;
  /** Ballots cast, including those that rank nobody. */
  readonly ballots: number;
  /** Distinct non-empty rankings, most preferred first, with how many ballots hold each. */
  readonly groups: readonly BallotGroup[];
}

export interface BallotGroup {
  readonly ranking: readonly number[];
  readonly count: number;
}

/** Collects rankings (each with a weight) into groups of identical rankings. */
export class RankingGrouper {
  private readonly counts = new Map<string, BallotGroup>();
  private total = 0;

  add(ranking: readonly number[], count = 1): void {
    this.total += count;
    if (ranking.length === 0) return;
    const key = String.fromCharCode(...ranking);
    const group = this.counts.get(key);
    this.counts.set(key, { ranking: group?.ranking ?? [...ranking], count: (group?.count ?? 0) + count });
  }

  result(candidates: readonly CandidateId[], withdrawn: ReadonlySet<number> = new Set()): RankedBallots {
    return { candidates, withdrawn, ballots: this.total, groups: [...this.counts.values()] };
  }
}

/** A ballot row that is not a strict order: `row` is 0-based among the ballots. */
export interface NotStrictOrder {
  readonly row: number;
  readonly message: string;
}

/**
 * Reads a `BallotTable` (the ballot CSV, or the stored ballots) as STV ballots: each row's
 * ranked candidates in rank order; unranked candidates are absent. Two candidates with the
 * same rank make the row no strict order (SPEC §13), and the first such row is returned, to be
 * reported with its line. A gap in the ranks changes no order and is closed: it is what a
 * candidate removed from the election after voting leaves on a ballot.
 */
export function rankedBallotsFromTable(table: BallotTable): Result<RankedBallots, NotStrictOrder> {
  const n = table.candidates.length;
  const grouper = new RankingGrouper();
  const ranked: { column: number; rank: number }[] = [];
  for (let row = 0; row < table.ballotCount; row++) {
    ranked.length = 0;
    for (let column = 0; column < n; column++) {
      const rank = table.ranks[row * n + column]!;
      if (rank !== NO_OPINION) ranked.push({ column, rank });
    }
    ranked.sort((a, b) => a.rank - b.rank);
    const tie = ranked.find((entry, i) => i > 0 && ranked[i - 1]!.rank === entry.rank);
    if (tie) {
      const message = `rank ${tie.rank} is given to more than one candidate; STV ballots rank candidates 1, 2, 3… with no two equal`;
      return err({ row, message });
    }
    grouper.add(ranked.map((entry) => entry.column));
  }
  return ok(grouper.result(table.candidates));
}

/**
 * STV ballots as a `BallotTable` (for a Schulze count of a BLT file): one row per ballot,
 * ranks 1..k in order; withdrawn candidates are left out, the ballots ranking nobody kept.
 */
export function ballotTableFromRanked(ranked: RankedBallots): BallotTable {
  const standing = ranked.candidates.flatMap((_, c) => (ranked.withdrawn.has(c) ? [] : [c]));
  const column = new Map(standing.map((c, index) => [c, index]));
  const n = standing.length;
  const ranks = new Int32Array(ranked.ballots * n);
  let row = 0;
  for (const { ranking, count } of ranked.groups) {
    const columns = ranking.flatMap((c) => (column.has(c) ? [column.get(c)!] : []));
    for (let copy = 0; copy < count; copy++, row++) {
      columns.forEach((index, place) => (ranks[row * n + index] = place + 1));
    }
  }
  return { candidates: standing.map((c) => ranked.candidates[c]!), ballotCount: ranked.ballots, ranks };
}
