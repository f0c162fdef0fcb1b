import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { err, ok, type Result } from '../core/result.js';
import type { ConfigProblem } from './config-problem.js';

/** The variables of one `.env` file, with the line each was set on (for messages). */
export interface EnvFile {
  readonly path: string;
  readonly values: Readonly<Record<string, string>>;
  readonly lines: Readonly<Record<string, number>>;
}

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=(.*)$/;
const QUOTES = ['"', "'", '`'];

/**
 * Reads a `.env` file: `KEY=value` lines, `#` comments, blank lines, an optional `export `,
 * values quoted with `"`, `'` or a backtick (on one line). Values are decoded by Node's own
 * `util.parseEnv`; this adds what it lacks: every line it would silently misread is reported
 * with its number (all such lines at once; the file is used only once none is left).
 *
 * An unquoted value with `#` not preceded by a space is refused: python-dotenv (Elekto 0.6)
 * keeps `abc#def` whole, Node's parser cuts it at `#`, and a password or secret would silently
 * change. Quoting the value makes both agree.
 *
 * `missing` says what a file that does not exist is: an error (a path the operator named) or
 * no variables at all (the default `.env`, which is optional).
 */
export function readEnvFile(path: string, missing: 'error' | 'empty'): Result<EnvFile, readonly ConfigProblem[]> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && missing === 'empty') return ok({ path, values: {}, lines: {} });
    const reason = code === 'ENOENT' ? 'it does not exist' : `it cannot be read (${code ?? String(error)})`;
    return err([{ file: path, message: `cannot use the settings file ${path}: ${reason}` }]);
  }

  const problems: ConfigProblem[] = [];
  const accepted: string[] = [];
  const lines: Record<string, number> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (/^\s*(#.*)?$/.test(raw)) return;
    const match = ASSIGNMENT.exec(raw);
    if (!match) {
      problems.push({ file: path, line, message: 'expected NAME=value, a # comment or a blank line' });
      return;
    }
    const [, name = '', value = ''] = match;
    const mistake = valueMistake(value.trimStart());
    if (mistake) {
      problems.push({ file: path, line, variable: name, message: `${name}: ${mistake}` });
      return;
    }
    accepted.push(`${name}=${value}`); // canonical form: parseEnv mishandles `export  NAME`
    lines[name] = line;
  });
  if (problems.length > 0) return err(problems);
  // parseEnv's type admits undefined values; it never produces one.
  return ok({ path, values: parseEnv(accepted.join('\n')) as Record<string, string>, lines });
}

function valueMistake(value: string): string | undefined {
  const quote = QUOTES.find((q) => value.startsWith(q));
  if (quote) {
    const end = value.indexOf(quote, 1);
    if (end < 0) return `the value opens a ${quote} quote that is not closed on the same line (values on several lines are not supported)`;
    if (!/^\s*(#.*)?$/.test(value.slice(end + 1))) {
      return `there is text after the closing ${quote} quote (a quote inside a quoted value cannot be escaped; use the other kind of quote)`;
    }
    return undefined;
  }
  if (/(^|\S)#/.test(value)) {
    return "the value contains '#' without a space before it: quote the whole value (NAME=\"...\") so that it is not read as a comment";
  }
  return undefined;
}
