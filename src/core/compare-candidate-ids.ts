import type { CandidateId } from './ballot.js';

/**
 * The one order of candidate IDs used wherever an order must carry no meaning: CSV columns,
 * result matrices, members of a tie group. It compares UTF-16 code units, so it is the same
 * on every machine and locale (and, for IDs, the same as Python's `sorted`).
 */
export function compareCandidateIds(a: CandidateId, b: CandidateId): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
