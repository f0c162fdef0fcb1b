import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { err, ok, type Result } from '../core/result.js';

/** Why the demo meta repository could not be prepared. */
export interface DemoMetaError {
  readonly kind: 'git-missing' | 'git-failed' | 'not-a-repository' | 'template' | 'io';
  /** A sentence an operator can act on. */
  readonly message: string;
}

/** The name and address on demo commits, so no git identity is needed on the machine. */
const IDENTITY = ['-c', 'user.name=Elekto demo', '-c', 'user.email=demo@elekto.invalid'];

/**
 * Runs `git` without a shell on the repository whose work tree is `repoPath`, and returns its
 * standard output. The git directory and work tree are always named explicitly and inherited
 * `GIT_*` variables are dropped, so a command can never reach an enclosing repository (the
 * data directory often sits inside a checkout). Commits are dated `now`, unsigned, and run no
 * hooks, which makes them reproducible.
 */
export function runGit(repoPath: string, args: readonly string[], now: Date): Promise<Result<string, DemoMetaError>> {
  const gitDir = join(repoPath, '.git');
  const seconds = Math.floor(now.getTime() / 1000);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('GIT_')) delete env[name];
  Object.assign(env, {
    GIT_AUTHOR_DATE: `@${seconds} +0000`,
    GIT_COMMITTER_DATE: `@${seconds} +0000`,
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
  });
  const fullArgs = [
    ...IDENTITY,
    '-c', 'commit.gpgsign=false',
    '-c', 'core.autocrlf=false',
    '-c', `core.hooksPath=${join(gitDir, 'no-hooks')}`,
    '-c', 'gc.auto=0',
    `--git-dir=${gitDir}`,
    `--work-tree=${repoPath}`,
    ...args,
  ];
  return new Promise((resolve) => {
    execFile('git', fullArgs, { cwd: repoPath, env, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return resolve(ok(stdout));
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return resolve(err({
          kind: 'git-missing',
          message: 'git was not found on PATH: the demo needs git to create its meta repository; install git or set META_REPO',
        }));
      }
      const detail = stderr.trim() || error.message;
      resolve(err({ kind: 'git-failed', message: `git ${args.join(' ')} failed in ${repoPath}: ${detail}` }));
    });
  });
}
