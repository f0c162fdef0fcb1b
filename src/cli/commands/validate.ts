import { resolve } from 'node:path';
import { formatProblem, type Problem } from '../../core/problem.js';
import { loadCatalog, normalizeElectionDir, parseRepository, type Election } from '../../meta/index.js';
import { readRevision } from '../../meta/read-revision.js';
import { revisionGuardrails, type RevisionGuardrail } from '../../meta/revision-guardrails.js';
import { CommandFailure, parseCommandArgs, UsageError, type CliIo, type Command } from '../command.js';

const USAGE = `Usage: elekto validate [REPO_DIR] [--election-dir DIR] [--format text|json] [--base REF [--now TIME]]

Checks a meta repository exactly the way the server reads it and prints every problem with
its file and line. Exit status 1 when any election has an error, 0 when there are only
warnings: usable as a CI check in the meta repository itself.

  REPO_DIR              the repository checkout (default: the current directory)
  --election-dir DIR    where the elections are inside it (default: $ELECTION_DIR, else 'elections')
  --format text|json    output format (default: text)
  --base REF            also compare with git revision REF (a pull request's base) and fail on
                        changes that can corrupt the count of an election running or completed
                        now: candidates added, removed or renamed; election_method,
                        allow_no_opinion or start_datetime changed after the start;
                        end_datetime moved into the past; no_winners changed after the end;
                        voters removed after the start
  --now TIME            the time to judge "running or completed" at (ISO 8601; default: now)
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
      base: { type: 'string' },
      now: { type: 'string' },
    });
    if (positionals.length > 1) throw new UsageError(`expected at most one REPO_DIR, got ${positionals.length}`);
    const format = parseFormat(values.format);
    const repoDir = resolve(io.cwd, positionals[0] ?? '.');
    const electionDir = values['election-dir'] ?? (io.env.ELECTION_DIR || 'elections');
    const catalog = await loadCatalog(repoDir, electionDir);
    if (!catalog.ok) throw new CommandFailure(catalog.error);
    const elections = catalog.value.list();
    const guardrails = values.base === undefined ? null : await guardrailsSince(repoDir, electionDir, values.base, parseNow(values.now), elections);
    io.stdout(format === 'json' ? jsonReport(elections, guardrails) : textReport(elections, electionDir, guardrails));
    return elections.every((election) => election.valid) && !guardrails?.length ? 0 : 1;
  },
};

function parseNow(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const now = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(now.getTime())) throw new UsageError(`--now must be an ISO 8601 time like 2026-06-15T12:00:00Z, got '${value}'`);
  return now;
}

/** The unsafe changes since revision `base` (SPEC §14), for `--base`. */
async function guardrailsSince(repoDir: string, electionDir: string, base: string, now: Date, head: readonly Election[]): Promise<RevisionGuardrail[]> {
  const dir = normalizeElectionDir(electionDir);
  if (!dir.ok) throw new CommandFailure(dir.error);
  const files = await readRevision(repoDir, base, dir.value);
  if (!files.ok) throw new CommandFailure(`--base: ${files.error}`);
  return revisionGuardrails(parseRepository(files.value, dir.value), head, now);
}

function parseFormat(value: string | undefined): Format {
  const format = FORMATS.find((known) => known === value);
  if (!format) throw new UsageError(`--format must be text or json, got '${value}'`);
  return format;
}

function countOf(elections: readonly Election[], kind: 'errors' | 'warnings'): number {
  return elections.reduce((total, election) => total + election[kind].length, 0);
}

/**
 * The JSON of SPEC §12; `line` is `null` when a problem concerns a whole file. With `--base`,
 * `guardrails` lists the unsafe changes (SPEC §14).
 */
function jsonReport(elections: readonly Election[], guardrails: readonly RevisionGuardrail[] | null): string {
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
    ...(guardrails && { guardrails: guardrails.map(({ key, kind, ...found }) => ({ election: key, kind, ...problem(found) })) }),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** One line per election, its problems under it as `file:line: error: message`, then totals. */
function textReport(elections: readonly Election[], electionDir: string, found: readonly RevisionGuardrail[] | null): string {
  const guardrails = found ?? [];
  if (elections.length === 0) {
    return `no elections found under '${electionDir}' (an election is a directory holding election.yaml)\n`;
  }
  const lines = elections.flatMap((election) => [
    `${election.key} (${election.path}): ${election.valid ? 'ok' : 'INVALID'}`,
    ...election.errors.map((problem) => `  ${formatProblem({ ...problem, message: `error: ${problem.message}` })}`),
    ...election.warnings.map((problem) => `  ${formatProblem({ ...problem, message: `warning: ${problem.message}` })}`),
    ...guardrails
      .filter((found) => found.key === election.key)
      .map((found) => `  ${formatProblem({ ...found, message: `error: unsafe change: ${found.message}` })}`),
  ]);
  const invalid = elections.filter((election) => !election.valid).length;
  const errors = countOf(elections, 'errors');
  const warnings = countOf(elections, 'warnings');
  lines.push(
    `${plural(elections.length, 'election')}, ${invalid} invalid; ${plural(errors, 'error')}, ${plural(warnings, 'warning')}` +
      (guardrails.length > 0 ? `; ${plural(guardrails.length, 'unsafe change')}` : ''),
  );
  return `${lines.join('\n')}\n`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
