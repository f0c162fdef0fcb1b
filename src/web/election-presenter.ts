import { DEFAULT_ELECTION_METHOD } from '../core/election-method.js';
import { electionStatus } from '../core/election-status.js';
import type { Problem } from '../core/problem.js';
import { candidateFields, type Candidate, type Election } from '../meta/index.js';
import { renderMarkdown } from './markdown.js';
import type { ElectionDetail } from './views/election-page.js';
import type { CandidateSummary, ElectionState, ElectionSummary, FileProblem } from './views/view-models.js';

/**
 * Turns catalog elections into what the views show. Markdown is rendered once per election
 * and candidate: a catalog is immutable and replaced whole on sync, so WeakMaps keyed by its
 * objects are exact caches that empty themselves when the old catalog is dropped.
 */
interface ElectionTexts {
  readonly description: string;
  readonly eligibility: string;
  readonly exception: string;
  readonly results: string;
}
const electionTexts = new WeakMap<Election, ElectionTexts>();
const bios = new WeakMap<Candidate, string>();

function textsOf(election: Election): ElectionTexts {
  let texts = electionTexts.get(election);
  if (!texts) {
    const render = (source: string | undefined) => (source ? renderMarkdown(source) : '');
    texts = {
      description: render(election.valid ? election.description : undefined),
      eligibility: render(election.config.eligibility),
      exception: render(election.config.exception_description),
      results: render(election.valid ? election.results : undefined),
    };
    electionTexts.set(election, texts);
  }
  return texts;
}

function bioOf(candidate: Candidate): string {
  let html = bios.get(candidate);
  if (html === undefined) {
    html = renderMarkdown(candidate.bio);
    bios.set(candidate, html);
  }
  return html;
}

/** The state shown for an election: its status at `now`, or `invalid`. */
export function electionState(election: Election, now: Date, frozen: boolean): ElectionState {
  if (!election.valid) return 'invalid';
  return electionStatus({ start: election.config.start_datetime, end: election.config.end_datetime }, now, frozen);
}

export function electionHref(election: Election, loggedIn: boolean): string {
  return `${loggedIn ? '/app' : ''}/elections/${encodeURIComponent(election.key)}`;
}

export function summarize(election: Election, state: ElectionState, loggedIn: boolean): ElectionSummary {
  return {
    key: election.key,
    name: election.config.name ?? election.key,
    organization: election.config.organization ?? '',
    state,
    start: election.config.start_datetime ?? null,
    end: election.config.end_datetime ?? null,
    href: electionHref(election, loggedIn),
  };
}

export function detail(election: Election, state: ElectionState): ElectionDetail {
  const config = election.config;
  const texts = textsOf(election);
  return {
    key: election.key,
    name: config.name ?? election.key,
    organization: config.organization ?? '',
    state,
    start: config.start_datetime ?? null,
    end: config.end_datetime ?? null,
    exceptionDue: config.exception_due ?? null,
    seats: config.no_winners ?? null,
    method: config.election_method ?? DEFAULT_ELECTION_METHOD,
    descriptionHtml: texts.description,
    eligibilityHtml: texts.eligibility,
    exceptionDescriptionHtml: texts.exception,
  };
}

export function candidateSummaries(election: Election, loggedIn: boolean): readonly CandidateSummary[] {
  if (!election.valid) return [];
  const base = electionHref(election, loggedIn);
  return election.candidates.map((c) => ({ id: c.id, name: c.name, href: `${base}/candidates/${encodeURIComponent(c.id)}` }));
}

export function candidateProfile(election: Election & { valid: true }, candidate: Candidate) {
  return {
    id: candidate.id,
    name: candidate.name,
    fields: candidateFields(candidate, election.config.show_candidate_fields).map(({ field, value }) => [field, value] as const),
    bioHtml: bioOf(candidate),
  };
}

/** An election's errors or warnings, as the views list them. */
export function fileProblems(problems: readonly Problem[]): readonly FileProblem[] {
  return problems.map((p) => ({ file: p.file, line: p.line ?? null, message: p.message }));
}

/** The officers' published `results.md` as HTML, or null when there is none. */
/** The election's `exception_description` as HTML ('' when it has none). */
export function exceptionDescriptionHtml(election: Election): string {
  return textsOf(election).exception;
}

export function resultsHtml(election: Election): string | null {
  return textsOf(election).results || null;
}
