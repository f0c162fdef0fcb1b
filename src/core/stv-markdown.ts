import type { CandidateId } from './ballot.js';
import { METHOD_NAMES } from './election-method.js';
import type { StvResult, StvStage } from './stv-result.js';
import { plural } from './plural.js';
import { escapeCell, table } from './tally-markdown.js';

/** How a candidate is written: by ID where only the ballots are known (`elekto tally`). */
type Label = (id: CandidateId) => string;
const byId: Label = (id) => id;

/**
 * An STV count as Markdown for `results.md`: who is elected, the quota, every stage's votes
 * per candidate (what the stage did in its heading), non-transferable votes, and any tie
 * broken by lot, so anyone can follow the count stage by stage. Candidates are written with
 * `label` (the officer's draft: name and ID).
 */
export function stvMarkdown(result: StvResult, label: Label = byId): string {
  return [
    summary(result),
    electedList(result, label),
    '## Stages',
    'Votes of each candidate at the end of each stage. **Bold**: elected at that stage; ~~struck~~: excluded.',
    stageTable(result, label),
    '## Ties broken by lot',
    tiesByLot(result, label),
    `Rules: ${result.rules}.`,
  ].join('\n\n') + '\n';
}

function summary(result: StvResult): string {
  const blank = result.ballots - result.valid_ballots;
  return `Counted with ${METHOD_NAMES[result.method]}: ${plural(result.ballots, 'ballot')}` +
    (blank > 0 ? ` (${blank} ranking nobody)` : '') +
    `, ${plural(result.candidates.length - result.withdrawn.length, 'candidate')}, ${plural(result.seats, 'seat')}. ` +
    `Quota: ${result.quota}${result.method === 'meek-stv' ? ' at the start, lowered as ballots exhaust' : ''}.`;
}

function electedList(result: StvResult, label: Label): string {
  if (result.elected.length === 0) return '**Elected:** nobody.';
  return `**Elected**, in order of election:\n\n${result.elected.map((id, i) => `${i + 1}. ${escapeCell(label(id))}`).join('\n')}`;
}

/** The heading of a stage column: its number and what it did. */
export function stageTitle(stage: StvStage, label: Label = byId): string {
  const who = stage.candidate === null ? '' : ` ${label(stage.candidate)}`;
  switch (stage.action) {
    case 'first preferences': return `${stage.stage}: first preferences`;
    case 'surplus': return `${stage.stage}: surplus of${who}`;
    case 'exclusion': return `${stage.stage}: exclusion of${who}`;
    case 'election': return `${stage.stage}: keep values converge`;
  }
}

function stageTable(result: StvResult, label: Label): string {
  const standing = result.candidates.filter((id) => !result.withdrawn.includes(id));
  const cell = (stage: StvStage, id: CandidateId) => {
    const votes = stage.votes[id]!;
    if (stage.elected.includes(id)) return `**${votes}**`;
    return stage.excluded.includes(id) ? `~~${votes}~~` : votes;
  };
  const rows = [
    ...standing.map((id) => [escapeCell(label(id)), ...result.stages.map((stage) => cell(stage, id))]),
    ['*Non-transferable*', ...result.stages.map((stage) => stage.non_transferable)],
    ...(result.method === 'meek-stv' ? [['*Quota*', ...result.stages.map((stage) => stage.quota ?? '')]] : []),
  ];
  const header = ['Candidate', ...result.stages.map((stage) => escapeCell(stageTitle(stage, label)))];
  return table(header, ['---', ...result.stages.map(() => '---:')], rows);
}

function tiesByLot(result: StvResult, label: Label): string {
  if (result.ties_broken_by_lot.length === 0) return 'None.';
  const name = (id: CandidateId) => escapeCell(label(id));
  return result.ties_broken_by_lot
    .map((tie) => `- Stage ${tie.stage}, ${tie.decision}: ${tie.candidates.map(name).join(', ')} were tied; the lot chose ${name(tie.chosen)}.`)
    .join('\n') + '\n\nThe lot is drawn from a generator seeded with the SHA-256 of the counted ballot file, so anyone with that file draws the same.';
}
