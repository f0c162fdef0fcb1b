// Shorthands for the STV tests: ballots written as "weight: A B C" lines.
import { RankingGrouper, type RankedBallots } from '../../src/core/ranked-ballots.js';

/**
 * Ballots over single-letter candidates, e.g. `stvBallots('ABC', ['6 A B', '3 B', '2'])`:
 * each line is a count then the ranking, most preferred first; a bare count is that many
 * ballots ranking nobody.
 */
export function stvBallots(candidates: string, lines: readonly string[]): RankedBallots {
  const names = [...candidates];
  const grouper = new RankingGrouper();
  for (const line of lines) {
    const [count, ...ranking] = line.trim().split(/\s+/);
    grouper.add(ranking.map((name) => names.indexOf(name)), Number(count));
  }
  return grouper.result(names);
}

export const SEED = new Uint8Array(32);
