import { z } from 'zod';
import type { CandidateId } from '../core/ballot.js';
import type { Problem } from '../core/problem.js';
import { splitCandidateFile } from './candidate-file-parts.js';
import { unknownKeyWarnings } from './unknown-keys.js';
import { parseYamlFile } from './yaml-file.js';
import { convertWith, invalid, Invalid, kindOf, requiredText, type Conversion } from './yaml-values.js';
import { problemsFromIssues } from './zod-problems.js';

/** One candidate of an election, from its `candidate-*.md` file. */
export interface Candidate {
  /** The ballot key (`ID:` in the header; may differ from the file name). */
  readonly id: CandidateId;
  readonly name: string;
  /** The `info:` fields in file order (`employer` → `Red Hat`); empty when absent. */
  readonly info: ReadonlyMap<string, string>;
  /** The Markdown after the header, unrendered. */
  readonly bio: string;
  /** Repository-relative path of the file. */
  readonly file: string;
}

/** A candidate file's outcome: the candidate, or the errors that make its election invalid. */
export interface CandidateReading {
  readonly candidate: Candidate | undefined;
  /** File line of `ID:`, to point at it when another file uses the same ID. */
  readonly idLine?: number;
  readonly errors: readonly Problem[];
  readonly warnings: readonly Problem[];
}

/** The ballot key: it heads a CSV column and ends profile URLs, so one word. */
const ballotKey = requiredText.superRefine((id, ctx) => {
  if (/[\s,]/.test(id)) ctx.addIssue({ code: 'custom', message: `'${id}' must be one word without spaces or commas: it is the ballot key` });
});

/** `info:` as a list of one-key maps (`- employer: X`), a plain mapping, or absent. */
const candidateInfo = convertWith((value): Conversion<ReadonlyMap<string, string>> => {
  const entries = infoEntries(value);
  if (entries instanceof Invalid) return entries;
  const info = new Map<string, string>();
  for (const [field, text, path] of entries) {
    if (text !== null && typeof text !== 'string') return invalid(`must be text, not ${kindOf(text)}`, path);
    info.set(field, (text ?? '').trim());
  }
  return info;
});

const headerSchema = z.object({ name: requiredText, ID: ballotKey, info: candidateInfo });

/**
 * Reads a candidate file: a YAML header between two dash lines (see `splitCandidateFile`)
 * with `name` and `ID` (required) and `info` (a list of one-key maps, a mapping, or absent),
 * then a Markdown bio. Problems carry file lines, header offset included; unknown header
 * keys (`Name:`) are warnings.
 */
export function parseCandidate(file: string, text: string): CandidateReading {
  const invalidUtf8 = replacementCharacterLine(text);
  if (invalidUtf8 !== undefined) {
    return failed({ file, line: invalidUtf8, message: 'the file is not valid UTF-8 here (or holds the replacement character U+FFFD); save it as UTF-8' });
  }
  const parts = splitCandidateFile(file, text);
  if (!parts.ok) return failed(parts.error);
  const { header, headerLine, bio } = parts.value;
  const parsed = parseYamlFile(file, header, headerLine);
  if (!parsed.ok) return failed(parsed.error);
  const yaml = parsed.value;
  if (typeof yaml.value !== 'object' || yaml.value === null || Array.isArray(yaml.value)) {
    return failed({ file, line: headerLine, message: 'the header must be YAML keys name:, ID: and info:' });
  }
  const warnings = unknownKeyWarnings(file, yaml, yaml.value, Object.keys(headerSchema.shape));
  const result = headerSchema.safeParse(yaml.value);
  if (!result.success) {
    const errors = problemsFromIssues(file, yaml, result.error.issues).map((problem) => ({ line: headerLine, ...problem }));
    return { candidate: undefined, errors, warnings };
  }
  const { name, ID: id, info } = result.data;
  return { candidate: Object.freeze({ id, name, info, bio, file }), idLine: yaml.lineOf(['ID']), errors: [], warnings };
}

/** The `[field, value, path]` of every info entry, in file order. */
function infoEntries(value: unknown): Conversion<[string, unknown, (string | number)[]][]> {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object') return invalid("must be a list of 'field: value' entries");
  if (!Array.isArray(value)) return Object.entries(value).map(([field, text]) => [field, text, [field]]);
  const bad = value.findIndex((item) => item !== null && (typeof item !== 'object' || Array.isArray(item)));
  if (bad >= 0) return invalid(`item ${bad + 1} must be 'field: value', not ${kindOf(value[bad])}`, [bad]);
  return value.flatMap((item: object | null, index) =>
    Object.entries(item ?? {}).map(([field, text]): [string, unknown, (string | number)[]] => [field, text, [index, field]]),
  );
}

/**
 * Files are read as UTF-8 and invalid bytes become U+FFFD, which would silently reach the
 * page as "�"; the first line holding one, if any.
 */
function replacementCharacterLine(text: string): number | undefined {
  const at = text.indexOf('\uFFFD');
  return at < 0 ? undefined : text.slice(0, at).split('\n').length;
}

function failed(error: Problem): CandidateReading {
  return { candidate: undefined, errors: [error], warnings: [] };
}
