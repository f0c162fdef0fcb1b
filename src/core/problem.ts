/**
 * A problem found in user-supplied input (a repository file, a CSV, a configuration value),
 * located precisely enough for the user to fix it: the file, the 1-based line when known,
 * and a sentence saying what is wrong.
 */
export interface Problem {
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

/** `file:line: message`, the format compilers use, so editors can jump to it. */
export function formatProblem(problem: Problem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return `${where}: ${problem.message}`;
}
