import type { Candidate } from './candidate.js';

/**
 * The `info` fields a candidate's profile shows: exactly those named in the election's
 * `show_candidate_fields`, in that order, with `''` for a field the candidate did not fill in
 * (so its label still shows, as in Elekto 0.6). Names must match exactly.
 */
export function candidateFields(candidate: Candidate, shown: readonly string[]): readonly { field: string; value: string }[] {
  return shown.map((field) => ({ field, value: candidate.info.get(field) ?? '' }));
}
