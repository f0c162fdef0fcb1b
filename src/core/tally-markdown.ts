import type { CandidateId } from './ballot.js';
import type { PairMatrix, SchulzeResult } from './schulze.js';
import type { Winners } from './winners.js';
import { plural } from './plural.js';

/**
 * A count as Markdown a returning officer can paste into `results.md`: the ranking (shared
 * places for ties, how many candidates defeat each one, who is elected), an explicit
 * "tie for the last seat" line when the seats run out inside a tie group, then the pairwise
 * preferences and strongest paths as tables in ranking order, so anyone can check the result by hand.
 */
export function tallyMarkdown(result: SchulzeResult, winners: Winners): string {
  return [
    summary(result, winners),
    rankingTable(result, winners),
    ...(winners.tieAtCutoff ? [tieLine(winners.tied, winners.openSeats)] : []),
    '## Pairwise preferences',
    "Each cell counts the ballots that rank the row's candidate above the column's candidate.",
    matrixTable(result.ranking.flat(), result.pairwise),
    '## Strongest paths',
    "Each cell is the strength of the strongest path from the row's candidate to the column's " +
      '(winning votes). The row candidate defeats the column candidate when its cell is the larger of the two.',
    matrixTable(result.ranking.flat(), result.strongestPaths),
  ].join('\n\n') + '\n';
}

function summary(result: SchulzeResult, winners: Winners): string {
  return `Counted with the Schulze method: ${plural(result.ballots, 'ballot')}, ` +
    `${plural(result.candidates.length, 'candidate')}, ${plural(winners.seats, 'seat')}.`;
}

function rankingTable(result: SchulzeResult, winners: Winners): string {
  const elected = new Set(winners.elected);
  const tied = new Set(winners.tieAtCutoff ? winners.tied : []);
  const rows: string[][] = [];
  for (const group of result.ranking) {
    // Tied candidates share the place of the first of them (1, 1, 3…).
    const place = String(rows.length + 1);
    for (const id of group) {
      const outcome = elected.has(id) ? '**elected**' : tied.has(id) ? 'tied for the last seat' : '';
      rows.push([place, escapeCell(id), String(result.defeatedBy[id]), outcome]);
    }
  }
  // The same words as the officers' results page: "Place" and "Beaten by".
  return table(['Place', 'Candidate', 'Beaten by', 'Result'], ['---:', '---', '---:', '---'], rows);
}

function tieLine(tied: readonly CandidateId[], openSeats: number): string {
  const seats = openSeats === 1 ? 'the last seat' : `the last ${openSeats} seats`;
  return `**Tie for ${seats}:** ${tied.map(escapeCell).join(', ')} are tied for ${plural(openSeats, 'remaining seat')}; ` +
    'the count does not choose between them.';
}

function matrixTable(candidates: readonly CandidateId[], matrix: PairMatrix): string {
  const rows = candidates.map((x) => [
    `**${escapeCell(x)}**`,
    ...candidates.map((y) => (x === y ? '—' : String(matrix[x]?.[y]))),
  ]);
  return table(['', ...candidates.map(escapeCell)], ['---', ...candidates.map(() => '---:')], rows);
}

export function table(header: readonly string[], align: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** Keeps an ID (or an old file's display name) literal inside a table cell. */
export function escapeCell(text: string): string {
  return text.replace(/[\\|*_`<>[\]]/g, '\\$&');
}
