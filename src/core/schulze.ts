import type { CandidateId } from './ballot.js';
import { NO_OPINION, type BallotTable } from './ballot-table.js';
import { compareCandidateIds } from './compare-candidate-ids.js';

/** `m[x][y]` for every pair of distinct candidates, as nested records (the tally JSON's shape). */
export type PairMatrix = Readonly<Record<CandidateId, Readonly<Record<CandidateId, number>>>>;

/** A Schulze count with the evidence needed to check it by hand (SPEC §7). */
export interface SchulzeResult {
  /** Every candidate, sorted by ID, including those no ballot ranked. */
  readonly candidates: readonly CandidateId[];
  /** Ballots cast, including those that rank nobody. */
  readonly ballots: number;
  /** `pairwise[x][y]`: ballots that rank x strictly above y (step 1). */
  readonly pairwise: PairMatrix;
  /** `strongestPaths[x][y]`: strength of the strongest path from x to y, winning votes (step 2). */
  readonly strongestPaths: PairMatrix;
  /** `defeatedBy[x]`: how many candidates defeat x, i.e. have `p[y][x] > p[x][y]` (step 3). */
  readonly defeatedBy: Readonly<Record<CandidateId, number>>;
  /**
   * Candidates grouped by `defeatedBy`, fewest defeats first, each group sorted by ID. The
   * first group holds the Schulze winners; a group of several is a tie.
   */
  readonly ranking: readonly (readonly CandidateId[])[];
}

/**
 * Counts ballots with the Schulze method exactly as Elekto 0.6 ranks (SPEC §7, steps 1–3).
 *
 * Unranked candidates take part in no comparison on a ballot and equal ranks count for
 * neither side, so a ballot that ranks nobody counts as cast and changes nothing. The result
 * depends only on the ballots, never on the column order of `table`.
 */
export function schulze(table: BallotTable): SchulzeResult {
  // Work in ID order from here on: matrices, loops and tie groups then need no re-sorting.
  const order = table.candidates.map((_, column) => column);
  order.sort((a, b) => compareCandidateIds(table.candidates[a]!, table.candidates[b]!));
  const candidates = order.map((column) => table.candidates[column]!);
  const n = candidates.length;

  const d = permute(pairwiseByColumn(table), order);
  const p = strongestPaths(d, n);
  const defeats = defeatCounts(p, n);
  return {
    candidates,
    ballots: table.ballotCount,
    pairwise: toRecords(candidates, d),
    strongestPaths: toRecords(candidates, p),
    defeatedBy: Object.fromEntries(candidates.map((id, x) => [id, defeats[x]!])),
    ranking: groupByDefeats(candidates, defeats),
  };
}

/**
 * Step 1 in the table's own column order: the hot loop, touching each ballot row once.
 * `d[i][j]` gains 1 when i is ranked above j. `NO_OPINION` is 0, below every rank, so
 * `rankI < rankJ` is false for an unranked j as for an equal rank: neither counts. Adding the
 * comparison as 0 or 1 rather than branching on it keeps a million ballots fast.
 */
function pairwiseByColumn({ candidates, ballotCount, ranks }: BallotTable): Int32Array {
  const n = candidates.length;
  const d = new Int32Array(n * n);
  for (let ballot = 0; ballot < ballotCount; ballot++) {
    const row = ballot * n;
    for (let i = 0; i < n; i++) {
      const rankI = ranks[row + i]!;
      if (rankI === NO_OPINION) continue;
      const dRow = i * n;
      for (let j = 0; j < n; j++) d[dRow + j]! += Number(rankI < ranks[row + j]!);
    }
  }
  return d;
}

/** Re-indexes an n×n matrix so that entry (x, y) is the old entry (order[x], order[y]). */
function permute(matrix: Int32Array, order: readonly number[]): Float64Array {
  const n = order.length;
  const result = new Float64Array(n * n);
  for (let x = 0; x < n; x++) {
    for (let y = 0; y < n; y++) result[x * n + y] = matrix[order[x]! * n + order[y]!]!;
  }
  return result;
}

/** Step 2, with the winning-votes rule and the i/j/k loop order of SPEC §7. */
function strongestPaths(d: Float64Array, n: number): Float64Array {
  const p = new Float64Array(n * n);
  for (let x = 0; x < n; x++) {
    for (let y = 0; y < n; y++) {
      if (x !== y && d[x * n + y]! > d[y * n + x]!) p[x * n + y] = d[x * n + y]!;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      for (let k = 0; k < n; k++) {
        if (k === i || k === j) continue;
        const through = Math.min(p[j * n + i]!, p[i * n + k]!);
        if (through > p[j * n + k]!) p[j * n + k] = through;
      }
    }
  }
  return p;
}

/** Step 3: for each candidate x, how many y have `p[y][x] > p[x][y]`. */
function defeatCounts(p: Float64Array, n: number): number[] {
  const defeats = new Array<number>(n).fill(0);
  for (let x = 0; x < n; x++) {
    for (let y = 0; y < n; y++) {
      if (p[y * n + x]! > p[x * n + y]!) defeats[x]!++;
    }
  }
  return defeats;
}

/** Groups ID-sorted candidates by defeat count, fewest first; groups stay sorted by ID. */
function groupByDefeats(candidates: readonly CandidateId[], defeats: readonly number[]): CandidateId[][] {
  const counts = [...new Set(defeats)].sort((a, b) => a - b);
  return counts.map((count) => candidates.filter((_, x) => defeats[x] === count));
}

/** The matrix as nested records without the diagonal; `fromEntries` keeps any ID, even `__proto__`. */
function toRecords(candidates: readonly CandidateId[], matrix: Float64Array): PairMatrix {
  const n = candidates.length;
  return Object.fromEntries(
    candidates.map((x, i) => [
      x,
      Object.fromEntries(candidates.flatMap((y, j) => (i === j ? [] : [[y, matrix[i * n + j]!]]))),
    ]),
  );
}
