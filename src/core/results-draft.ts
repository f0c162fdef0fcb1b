import type { CandidateId } from './ballot.js';
import { stvMarkdown } from './stv-markdown.js';
import type { StvResult } from './stv-result.js';
import { escapeCell } from './tally-markdown.js';
import type { TallyReport } from './tally-report.js';

/**
 * The `results.md` draft the console offers once results are computed (SPEC §14): the
 * winners, the method's own section (Schulze's ranking; a method added later supplies its own,
 * e.g. the stages of the single transferable vote), turnout, and how anyone can recount the
 * downloaded ballots and check they are the ones counted. Pure: the console and tests call it.
 */

/** What every method's count states, whatever else it carries. */
export interface CountedResult {
  readonly method: string;
  readonly ballots: number;
  readonly seats: number;
}

/** A method's part of the draft, from its own report, naming candidates with `nameOf`. */
export type MethodSection<R extends CountedResult> = (report: R, nameOf: (id: CandidateId) => string) => string;

export interface ResultsDraftInput<R extends CountedResult> {
  readonly electionName: string;
  readonly report: R;
  /** Who the count elected (Schulze's `winners`, STV's `elected`). */
  readonly elected: readonly CandidateId[];
  readonly section: MethodSection<R>;
  readonly nameOf: (id: CandidateId) => string;
  /** Logins in `voters.yaml`; null when unknown. */
  readonly eligible: number | null;
  readonly computedAt: Date;
  /** SHA-256 of the counted ballot CSV. */
  readonly inputHash: string;
  /** The name the ballot download gets. */
  readonly ballotsFile: string;
  /** The command-line option of `elekto tally` that picks this method, if not the default. */
  readonly tallyMethodOption?: string;
}

/** What a draft needs besides the count itself. */
export type DraftContext = Omit<ResultsDraftInput<CountedResult>, 'report' | 'elected' | 'section' | 'tallyMethodOption'>;

export function resultsDraft<R extends CountedResult>(input: ResultsDraftInput<R>): string {
  const { report, nameOf } = input;
  const person = nameAndId(nameOf);
  const winners = input.elected.length === 0 ? ['No candidate is elected outright.'] : input.elected.map((id) => `- ${person(id)}`);
  const method = input.tallyMethodOption ? ` ${input.tallyMethodOption}` : '';
  return [
    `# Results: ${input.electionName}`,
    `## Elected (${input.elected.length} of ${report.seats} ${report.seats === 1 ? 'seat' : 'seats'})`,
    winners.join('\n'),
    input.section(report, nameOf).trim(),
    '## Turnout',
    turnoutLine(report.ballots, input.eligible),
    '## Checking the count',
    `Computed ${input.computedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC from the anonymous ballots, whose CSV ` +
      `(\`${input.ballotsFile}\`) has the SHA-256 \`${input.inputHash}\`. Anyone holding that file can check and recount it:`,
    ['```sh', `sha256sum ${input.ballotsFile}`, `elekto tally ${input.ballotsFile} --seats ${report.seats}${method}`, '```'].join('\n'),
  ].join('\n\n') + '\n';
}

/** A candidate as the draft writes one: `Ada Lovelace (ada)`, or the ID alone when it is the name. */
function nameAndId(nameOf: (id: CandidateId) => string): (id: CandidateId) => string {
  return (id) => (nameOf(id) === id ? id : `${nameOf(id)} (${id})`);
}

/** `41 ballots cast of 57 eligible voters (71.9 %).` */
export function turnoutLine(cast: number, eligible: number | null): string {
  const ballots = `${cast} ${cast === 1 ? 'ballot' : 'ballots'} cast`;
  if (!eligible) return `${ballots}.`;
  return `${ballots} of ${eligible} eligible ${eligible === 1 ? 'voter' : 'voters'} (${((cast / eligible) * 100).toFixed(1)} %).`;
}

/** Schulze's section: the ranking, ties sharing a position, and any tie for the last seats. */
export const schulzeSection: MethodSection<TallyReport> = (report, nameOf) => {
  const elected = new Set(report.winners);
  const tied = new Set(report.tied_for_last_seats?.candidates ?? []);
  const rows: string[] = [];
  let position = 1;
  for (const group of report.ranking) {
    for (const id of group) {
      const outcome = elected.has(id) ? 'elected' : tied.has(id) ? 'tied for the last seat' : '';
      rows.push(`| ${position} | ${escapeCell(nameOf(id))} | ${escapeCell(id)} | ${outcome} |`);
    }
    position += group.length;
  }
  const tie = report.tied_for_last_seats
    ? [`**Tie:** ${report.tied_for_last_seats.candidates.map(escapeCell).join(', ')} are tied for ${report.tied_for_last_seats.seats} remaining seat(s); the count does not choose between them.`]
    : [];
  return ['## Ranking (Schulze method)', ['| Position | Candidate | ID | Result |', '| ---: | --- | --- | --- |', ...rows].join('\n'), ...tie].join('\n\n');
};

/** An STV count's section: its summary, the order of election and every stage (`stvMarkdown`). */
export const stvSection: MethodSection<StvResult> = (report, nameOf) => `## Count, stage by stage\n\n${stvMarkdown(report, nameAndId(nameOf))}`;
