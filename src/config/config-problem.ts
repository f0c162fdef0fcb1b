/**
 * One thing wrong with the configuration, told so an operator can fix it without reading code:
 * the message names the variable, the bad value (unless it is a secret) and what is expected.
 */
export interface ConfigProblem {
  /** The variable at fault (`APP_PORT`); absent for a syntax error in a `.env` file. */
  readonly variable?: string;
  /** The `.env` file the bad value or line came from; absent when it came from the environment. */
  readonly file?: string;
  /** 1-based line in `file`. */
  readonly line?: number;
  /** A whole sentence, e.g. `APP_PORT must be a whole number from 1 to 65535, got 'http'`. */
  readonly message: string;
}

/** `file:line: message` when the problem is in a `.env` file (editors jump there), else the message. */
export function formatConfigProblem(problem: ConfigProblem): string {
  if (problem.file === undefined) return problem.message;
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return `${where}: ${problem.message}`;
}
