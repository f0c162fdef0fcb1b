import { execFile, type ExecFileException } from 'node:child_process';
import { err, ok, type Result } from '../core/result.js';

/** How long one git command may run before it is stopped (a hung network fetch). */
export const GIT_TIMEOUT_MS = 120_000;

/**
 * Runs the system `git` with `args` (no shell, so nothing in a URL or branch name is
 * interpreted), never prompting for credentials and with the `ext::` transport disabled.
 *
 * @returns its standard output, or a one-line summary of what git said went wrong
 */
export function runGit(args: readonly string[], cwd?: string, timeoutMs = GIT_TIMEOUT_MS): Promise<Result<string, string>> {
  const env = {
    ...process.env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_SSH_COMMAND: process.env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes',
    LC_ALL: 'C',
  };
  const command = ['-c', 'protocol.ext.allow=never', ...args];
  return new Promise((resolve) => {
    execFile('git', command, { cwd, env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      resolve(error ? err(summarizeFailure(args[0] ?? '', error, stderr)) : ok(stdout.trim()));
    });
  });
}

function summarizeFailure(subcommand: string, error: ExecFileException, stderr: string): string {
  if (error.code === 'ENOENT') return 'git is not installed or not on the PATH';
  if (error.killed) return `git ${subcommand} was stopped: it did not finish in time`;
  const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const said = lines.filter((line) => /^(fatal|error):/.test(line)).map((line) => line.replace(/^(fatal|error):\s*/, ''));
  const summary = said.length > 0 ? said.join('; ') : (lines.at(-1) ?? error.message);
  return `git ${subcommand} failed: ${summary}`;
}
