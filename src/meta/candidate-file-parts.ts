import { err, ok, type Result } from '../core/result.js';
import type { Problem } from '../core/problem.js';

/** A candidate file cut into its YAML header and its Markdown bio. */
export interface CandidateFileParts {
  /** The YAML between the two dash lines. */
  readonly header: string;
  /** File line (1-based) on which `header` starts, to locate YAML errors in the file. */
  readonly headerLine: number;
  /** The Markdown after the closing dash line, without the blank lines around it. */
  readonly bio: string;
}

/** A delimiter: a line made only of three or more dashes (trailing spaces tolerated). */
const isDashLine = (line: string) => /^-{3,}[ \t]*$/.test(line);
const isFenceLine = (line: string) => /^\s*(```|~~~)/.test(line);

/**
 * Cuts a `candidate-*.md` file at its first two dash lines: blank lines may precede the
 * first; the two may differ in length; CRLF line ends are accepted. Anything after the
 * second dash line is bio, so a `---` rule or a `--namespace` flag in the bio stays there
 * (the original searched the whole text for `---` and `--n`, and broke on such bios).
 */
export function splitCandidateFile(file: string, text: string): Result<CandidateFileParts, Problem> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const open = lines.findIndex((line) => line.trim() !== '');
  if (open < 0) return err({ file, line: 1, message: 'the file is empty; it needs a header with name: and ID: between two lines of dashes, then the bio' });
  if (!isDashLine(lines[open] ?? '')) {
    return err({ file, line: open + 1, message: 'the file must start with a line of dashes (---) opening the header with name: and ID:, closed by another line of dashes before the bio' });
  }
  const close = lines.findIndex((line, index) => index > open && isDashLine(line));
  if (close < 0) {
    return err({ file, line: open + 1, message: 'the header that starts here is never closed: add a line of dashes (---) after its last key' });
  }
  const fence = lines.findIndex((line, index) => index > open && index < close && isFenceLine(line));
  if (fence >= 0) {
    return err({ file, line: fence + 1, message: 'the header must be plain YAML between the dash lines; remove the ``` code fence' });
  }
  return ok({
    header: lines.slice(open + 1, close).join('\n'),
    headerLine: open + 2,
    bio: lines.slice(close + 1).join('\n').replace(/^(?:[ \t]*\n)+/, '').trimEnd(),
  });
}
