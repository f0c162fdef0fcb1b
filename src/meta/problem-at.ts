import type { Problem } from '../core/problem.js';

/** A problem in `file`, at `line` when it is known (a missing key has no line). */
export function problemAt(file: string, line: number | undefined, message: string): Problem {
  return line === undefined ? { file, message } : { file, line, message };
}
