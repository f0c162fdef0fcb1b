import { z } from 'zod';
import { DEFAULT_ELECTION_METHOD, ELECTION_METHODS, isElectionMethod } from '../core/election-method.js';
import type { Problem } from '../core/problem.js';
import { problemAt } from './problem-at.js';
import { unknownKeyWarnings } from './unknown-keys.js';
import { parseYamlFile, type YamlFile } from './yaml-file.js';
import {
  convertWith,
  invalid,
  optionalBoolean,
  optionalDateTime,
  optionalPositiveInteger,
  optionalText,
  optionalTextList,
  requiredDateTime,
  requiredLoginList,
  requiredText,
} from './yaml-values.js';
import { problemsFromIssues } from './zod-problems.js';

/**
 * `election_method` (SPEC §13): how the ballots are counted. Absent means `schulze`, as in
 * Elekto 0.6, without a warning: every existing election is a Schulze election.
 */
const electionMethod = convertWith((input) => {
  if (input === undefined || input === null || input === '') return DEFAULT_ELECTION_METHOD;
  const value = typeof input === 'string' ? input.trim() : input;
  if (isElectionMethod(value)) return value;
  return invalid(`must be one of ${ELECTION_METHODS.join(', ')}, not '${String(value)}'`);
});

/** The keys of `election.yaml` and how each is read (SPEC §3). */
const fields = {
  name: requiredText,
  organization: requiredText,
  start_datetime: requiredDateTime,
  end_datetime: requiredDateTime,
  no_winners: optionalPositiveInteger,
  election_method: electionMethod,
  allow_no_opinion: optionalBoolean,
  delete_after: optionalBoolean,
  show_candidate_fields: optionalTextList,
  election_officers: requiredLoginList,
  eligibility: optionalText,
  exception_description: optionalText,
  exception_due: optionalDateTime,
  /** The spelling of the Elekto documentation; `exception_due` is the one its code read. */
  exceptions_due: optionalDateTime,
};

/**
 * Values used when an optional key is absent (each time with a warning, since the Elekto
 * documentation calls them required). Elekto 0.6 always offered "No opinion" and never
 * deleted links, hence `allow_no_opinion: true` and `delete_after: false`.
 */
export const ELECTION_DEFAULTS = { no_winners: 1, allow_no_opinion: true, delete_after: false } as const;

const electionYamlSchema = z
  .object(fields)
  .superRefine((election, ctx) => {
    if (election.end_datetime.getTime() <= election.start_datetime.getTime()) {
      const start = election.start_datetime.toISOString().replace('.000Z', 'Z');
      ctx.addIssue({ code: 'custom', path: ['end_datetime'], message: `must be after start_datetime (${start})` });
    }
  })
  .transform(({ exception_due, exceptions_due, ...election }) => ({
    ...election,
    no_winners: election.no_winners ?? ELECTION_DEFAULTS.no_winners,
    allow_no_opinion: election.allow_no_opinion ?? ELECTION_DEFAULTS.allow_no_opinion,
    delete_after: election.delete_after ?? ELECTION_DEFAULTS.delete_after,
    /** Deadline for exception requests; defaults to `start_datetime`. */
    exception_due: exception_due ?? exceptions_due ?? election.start_datetime,
  }));

/**
 * An election's settings from its `election.yaml`, under the file's own key names. Dates
 * are UTC instants; `election_officers` matches logins case-insensitively;
 * `show_candidate_fields` is `[]` when absent, empty or `[null]`.
 */
export type ElectionConfig = Readonly<z.output<typeof electionYamlSchema>>;

/** What could be read of one `election.yaml`. */
export interface ElectionConfigReading {
  /** The settings, when the file has no error. */
  readonly config: ElectionConfig | undefined;
  /** Whatever fields could be read even when others are wrong (to list a broken election). */
  readonly readable: Partial<ElectionConfig>;
  readonly errors: readonly Problem[];
  readonly warnings: readonly Problem[];
}

/**
 * Reads `election.yaml`: every error located at its line (missing required keys, bad dates,
 * `end_datetime` not after `start_datetime`…) and warnings for unknown keys (typos) and for
 * optional keys left to their defaults.
 *
 * @param file repository-relative path of the file, for problems
 */
export function parseElectionConfig(file: string, text: string): ElectionConfigReading {
  const parsed = parseYamlFile(file, text);
  if (!parsed.ok) return { config: undefined, readable: {}, errors: [parsed.error], warnings: [] };
  const yaml = parsed.value;
  if (!isMapping(yaml.value)) {
    const message = 'must be a YAML mapping with name:, organization:, start_datetime:, end_datetime: and election_officers:';
    return { config: undefined, readable: {}, errors: [{ file, line: 1, message }], warnings: [] };
  }
  const raw = yaml.value;
  const warnings = configWarnings(file, yaml, raw);
  const result = electionYamlSchema.safeParse(raw);
  if (result.success) return { config: Object.freeze(result.data), readable: result.data, errors: [], warnings };
  return { config: undefined, readable: readableFields(raw), errors: problemsFromIssues(file, yaml, result.error.issues), warnings };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The fields a list or an officer needs, each read on its own so one bad key hides nothing. */
function readableFields(raw: Record<string, unknown>): Partial<ElectionConfig> {
  const read = <K extends keyof typeof fields>(key: K) => {
    const result = fields[key].safeParse(raw[key]);
    return result.success ? (result.data as z.output<(typeof fields)[K]>) : undefined;
  };
  return {
    name: read('name'),
    organization: read('organization'),
    start_datetime: read('start_datetime'),
    end_datetime: read('end_datetime'),
    election_officers: read('election_officers'),
  };
}

function configWarnings(file: string, yaml: YamlFile, raw: Record<string, unknown>): Problem[] {
  const at = (key: string, message: string) => problemAt(file, yaml.lineOf([key]), message);
  const warnings = unknownKeyWarnings(file, yaml, raw, Object.keys(fields));
  for (const [key, value] of Object.entries(ELECTION_DEFAULTS)) {
    if (raw[key] === undefined || raw[key] === null) warnings.push(at(key, `${key} is not set; using ${String(value)}`));
  }
  if (raw.exception_due != null && raw.exceptions_due != null) {
    warnings.push(at('exceptions_due', 'both exception_due and exceptions_due are set; exceptions_due is ignored'));
  }
  if (Array.isArray(raw.election_officers) && raw.election_officers.every((item) => item === null || item === '')) {
    warnings.push(at('election_officers', 'election_officers is empty: nobody can see turnout or compute results'));
  }
  return warnings;
}
