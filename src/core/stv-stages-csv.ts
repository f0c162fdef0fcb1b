import type { StvResult } from './stv-result.js';

/**
 * The stages of an STV count as CSV (SPEC §13 download): one row per stage with its action,
 * the candidate it concerned, every standing candidate's votes (one column each, in the
 * result's candidate order), non-transferable votes, the quota (Meek: it changes), and who
 * was elected or excluded (names separated by `; `).
 */
export function formatStagesCsv(result: StvResult): string {
  const standing = result.candidates.filter((id) => !result.withdrawn.includes(id));
  const header = ['stage', 'action', 'candidate', ...standing, 'non_transferable', 'quota', 'elected', 'excluded'];
  const rows = result.stages.map((stage) => [
    String(stage.stage),
    stage.action,
    stage.candidate ?? '',
    ...standing.map((id) => stage.votes[id]!),
    stage.non_transferable,
    stage.quota ?? result.quota,
    stage.elected.join('; '),
    stage.excluded.join('; '),
  ]);
  return [header, ...rows].map((cells) => cells.map(csvCell).join(',')).join('\n') + '\n';
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
