import type { Problem } from '../core/problem.js';
import { ok } from '../core/result.js';
import { cleanLogin, LoginSet } from './login-set.js';
import { readSimpleVoterList } from './simple-voter-list.js';
import { parseYamlFile, type YamlFile } from './yaml-file.js';
import { optionalLoginList } from './yaml-values.js';
import { problemsFromIssues } from './zod-problems.js';

/** The eligible voters of one election, with what was odd or wrong in `voters.yaml`. */
export interface VotersReading {
  readonly voters: LoginSet;
  readonly errors: readonly Problem[];
  readonly warnings: readonly Problem[];
}

const NOBODY = new LoginSet([]);
/**
 * What the forges allow in a username: letters, digits and hyphens on GitHub, also `_` and
 * `.` on GitLab and Forgejo (SPEC §17). Anything else (a name with spaces, an e-mail address)
 * is warned about; with an OIDC provider whose login claim is unusual, the warning can be ignored.
 */
const FORGE_LOGIN = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * Reads `voters.yaml` (`eligible_voters:` followed by GitHub logins). Entries are coerced to
 * logins (`- 249043822` is one), trimmed, stripped of a leading `@`, and empty ones and
 * duplicates are dropped; matching is case-insensitive (see `LoginSet`).
 *
 * Tolerated with a warning, never an error, because real repositories merged them: a missing
 * file, an empty file, `eligible_voters:` left empty or `[null]` (nobody may vote yet), a
 * bare top-level list (read as the list of voters), and entries that cannot be logins (a full
 * name, an e-mail address). Errors: YAML that cannot be parsed, and entries that are lists
 * or mappings instead of logins.
 *
 * @param text the file's content, or `undefined` when the election has no `voters.yaml`
 */
export function parseVoters(file: string, text: string | undefined): VotersReading {
  if (text === undefined) return nobody({ file, message: 'there is no voters.yaml: nobody is eligible to vote' });
  const simple = readSimpleVoterList(text);
  const parsed = simple ? ok(simple) : parseYamlFile(file, text);
  if (!parsed.ok) return { voters: NOBODY, errors: [parsed.error], warnings: [] };
  const yaml = parsed.value;
  const located = locateList(yaml.value);
  if (located === undefined) {
    return nobody({ file, line: 1, message: 'voters.yaml has no eligible_voters: list: nobody is eligible to vote' });
  }
  const result = optionalLoginList.safeParse(located.list);
  if (!result.success) {
    return { voters: NOBODY, errors: problemsFromIssues(file, yaml, result.error.issues, located.path), warnings: [] };
  }
  return { voters: result.data, errors: [], warnings: voterWarnings(file, yaml, located, result.data) };
}

interface LocatedList {
  readonly list: unknown;
  readonly path: readonly (string | number)[];
}

/** A bare list, an empty list, and entries that cannot be logins (a name, an e-mail address). */
function voterWarnings(file: string, yaml: YamlFile, located: LocatedList, voters: LoginSet): Problem[] {
  const line = yaml.lineOf(located.path) ?? 1;
  const warnings: Problem[] = [];
  if (located.path.length === 0) {
    warnings.push({ file, line, message: 'the logins should be listed under eligible_voters:; reading the bare list' });
  }
  if (voters.size === 0) warnings.push({ file, line, message: 'eligible_voters is empty: nobody is eligible to vote' });
  const items: readonly unknown[] = Array.isArray(located.list) ? located.list : [];
  items.forEach((item, index) => {
    const text = typeof item === 'string' ? cleanLogin(item) : '';
    if (text === '' || FORGE_LOGIN.test(text)) return;
    const message = `'${text}' is not a username (letters, digits, '-', '_', '.'), so it likely matches nobody`;
    warnings.push({ file, line: yaml.lineOf([...located.path, index]) ?? line, message });
  });
  return warnings;
}

function nobody(warning: Problem): VotersReading {
  return { voters: NOBODY, errors: [], warnings: [warning] };
}

/** Where the list of logins is: under `eligible_voters`, or the whole file when it is a list. */
function locateList(value: unknown): LocatedList | undefined {
  if (Array.isArray(value)) return { list: value, path: [] };
  if (typeof value === 'object' && value !== null && 'eligible_voters' in value) {
    return { list: value.eligible_voters, path: ['eligible_voters'] };
  }
  return undefined;
}
