import type { Problem } from '../core/problem.js';
import type { Candidate } from './candidate.js';
import { baseOf } from './repo-files.js';

/**
 * The candidate file rules an election sets in its own `election.yaml` (SPEC §14; upstream
 * Elekto's separate bio validator, #120), so they live in git with the election and the
 * server and `elekto validate` apply the same ones.
 */
export interface CandidateRules {
  /** Most words a bio may have; no limit when absent. */
  readonly candidate_max_words?: number | undefined;
  /** Markdown headings every bio must have (any level, compared ignoring case). */
  readonly candidate_required_sections: readonly string[];
  /** `info` fields every candidate should fill in, since the profile shows them. */
  readonly show_candidate_fields: readonly string[];
}

/** The ATX headings of a Markdown text (`## Why me`), without the hashes. */
const HEADING = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/gm;

/** Words as a reader counts them: runs of non-space characters, Markdown markup aside. */
export function wordCount(markdown: string): number {
  return markdown.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/**
 * Errors for every rule a candidate breaks (each rule is opt-in: an election without them gets
 * none). Warnings for a `show_candidate_fields` entry missing from `info` — a warning, not an
 * error, because real elections have them (Knative 2021-TOC without `employer`, Istio without
 * `twitter`, Cloud Foundry without `github`/`slack`) and Elekto 0.6 showed an empty label — and
 * for a file name that does not match the `ID` (`candidate-jdoe.md` with `ID: jsmith`): legal,
 * since the ID is the ballot key, but usually a copy-paste slip.
 */
export function candidateRuleProblems(candidate: Candidate, rules: CandidateRules): { errors: Problem[]; warnings: Problem[] } {
  const file = candidate.file;
  const errors: Problem[] = [];
  const max = rules.candidate_max_words;
  const words = wordCount(candidate.bio);
  if (max !== undefined && words > max) {
    errors.push({ file, message: `the bio has ${words} words; candidate_max_words in election.yaml allows ${max}` });
  }
  const headings = new Set([...candidate.bio.matchAll(HEADING)].map((match) => normalize(match[1] ?? '')));
  for (const section of rules.candidate_required_sections) {
    if (!headings.has(normalize(section))) {
      errors.push({ file, message: `the bio has no '## ${section}' section, which candidate_required_sections in election.yaml requires` });
    }
  }
  const warnings: Problem[] = rules.show_candidate_fields
    .filter((field) => (candidate.info.get(field) ?? '') === '')
    .map((field) => ({ file, message: `info has no '${field}:' entry, which show_candidate_fields in election.yaml shows on every profile` }));
  const named = /^candidate-(.*)\.md$/.exec(baseOf(file))?.[1];
  if (named !== undefined && named.toLowerCase() !== candidate.id.toLowerCase()) {
    warnings.push({ file, message: `the file is named for '${named}' but its ID is '${candidate.id}'; profile URLs and ballots use the ID` });
  }
  return { errors, warnings };
}

function normalize(heading: string): string {
  return heading.replace(/[*_`]/g, '').trim().toLowerCase();
}
