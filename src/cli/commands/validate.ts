import { resolve } from 'node:path';
import { formatProblem, type Problem } from '../../core/problem.js';
import { loadCatalog, type Election } from '../../meta/index.js';
import { CommandFailure, parseCommandArgs, UsageError, type CliIo, type Command } from '../command.js';

const USAGE = `Usage: elekto validate [REPO_DIR] [--election-dir DIR] [--format text|json]

Checks a meta repository exactly the way the server reads it and prints every problem with
its file and line. Exit status 1 when any election has an error, 0 when there are only
warnings: usable as a CI check in the meta repository itself.

  REPO_DIR              the repository checkout (default: the current directory)
  --election-dir DIR    where the elections are inside it (default: $ELECTION_DIR, else 'elections')
  --format text|json    output format (default: text)
`;

const FORMATS = ['text', 'json'] as const;
type Format = (typeof FORMATS)[number];

/** `elekto validate`: the server's own parser, run as a linter (SPEC §12). */
export const validateCommand: Command = {
  name: 'validate',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      'election-dir': { type: 'string' },
      format: { type: 'string', default: 'text' },
    });
    if (positionals.length > 1) throw new UsageError(`expected at most one REPO_DIR, got ${positionals.length}`);
    const format = parseFormat(values.format);
    const repoDir = resolve(io.cwd, positionals[0] ?? '.');
    const electionDir = values['election-dir'] ?? (io.env.ELECTION_DIR || 'elections');
    const catalog = await loadCatalog(repoDir, electionDir);
    if (!catalog.ok) throw new CommandFailure(catalog.error);
    const elections = catalog.value.list();
    io.stdout(format === 'json' ? jsonReport(elections) : textReport(elections, electionDir));
    return elections.every((election) => election.valid) ? 0 : 1;
  },
};

function parseFormat(value: string | undefined): Format {
  const format = FORMATS.find((known) => known === value);
  if (!format) throw new UsageError(`--format must be text or json, got '${value}'`);
  return format;
}

function countOf(elections: readonly Election[], kind: 'errors' | 'warnings'): number {
  return elections.reduce((total, election) => total + election[kind].length, 0);
}

/** The JSON of SPEC §12; `line` is `null` when a problem concerns a whole file. */
function jsonReport(elections: readonly Election[]): string {
  const problem = ({ file, line, message }: Problem) => ({ file, line: line ?? null, message });
  const report = {
    elections: elections.map((election) => ({
      key: election.key,
      path: election.path,
      valid: election.valid,
      errors: election.errors.map(problem),
      warnings: election.warnings.map(problem),
    })),
    errors: countOf(elections, 'errors'),
    warnings: countOf(elections, 'warnings'),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** One line per election, its problems under it as `file:line: error: message`, then totals. */
function textReport(elections: readonly Election[], electionDir: string): string {
  if (elections.length === 0) {
    return `no elections found under '${electionDir}' (an election is a directory holding election.yaml)\n`;
  }
  const lines = elections.flatMap((election) => [
    `${election.key} (${election.path}): ${election.valid ? 'ok' : 'INVALID'}`,
    ...election.errors.map((problem) => `  ${formatProblem({ ...problem, message: `error: ${problem.message}` })}`),
    ...election.warnings.map((problem) => `  ${formatProblem({ ...problem, message: `warning: ${problem.message}` })}`),
  ]);
  const invalid = elections.filter((election) => !election.valid).length;
  const errors = countOf(elections, 'errors');
  const warnings = countOf(elections, 'warnings');
  lines.push(
    `${plural(elections.length, 'election')}, ${invalid} invalid; ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`,
  );
  return `${lines.join('\n')}\n`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
