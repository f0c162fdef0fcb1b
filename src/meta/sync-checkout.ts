import { readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { err, ok, type Result } from '../core/result.js';
import { runGit } from './git.js';

/** Where the meta repository comes from and where its clone lives (`META_*`). */
export interface SyncTarget {
  /** `META_REPO`: a clone URL (https, ssh, `git@host:path`) or a local path. */
  readonly repo: string;
  /** `META_BRANCH`. */
  readonly branch: string;
  /** `META_PATH`: the local clone, created when absent. */
  readonly path: string;
}

/** Where the clone stands after a successful sync. */
export interface SyncOutcome {
  /** The commit now checked out (the remote branch's head). */
  readonly commit: string;
  /** The commit checked out before, or `null` when the clone was just made. */
  readonly previousCommit: string | null;
}

/**
 * Brings `META_PATH` to the head of `META_BRANCH` of `META_REPO`: clones it when absent
 * (or an empty directory); otherwise fetches the branch and moves the clone onto it,
 * discarding local edits and untracked files so they can never block a sync or leak into
 * the catalog. Only a shallow history is kept.
 *
 * On failure (unreachable remote, unknown branch, `META_PATH` not a clone) nothing in an
 * existing clone has changed, so the last good catalog can keep serving.
 *
 * @returns the commit now checked out, or git's complaint summarised in one sentence
 */
export async function syncCheckout(target: SyncTarget): Promise<Result<SyncOutcome, string>> {
  const branchProblem = checkBranchName(target.branch);
  if (branchProblem) return err(branchProblem);
  const remote = resolveRemote(target.repo);
  const state = await checkoutState(target.path);
  if (state === 'not-a-clone') {
    return err(`META_PATH '${target.path}' exists but is not a git clone; remove it or choose another directory`);
  }
  if (state === 'absent') {
    const cloned = await runGit(['clone', '--quiet', '--depth=1', '--no-tags', '--single-branch', `--branch=${target.branch}`, '--', remote, target.path]);
    if (!cloned.ok) return cloned;
    return headOf(target.path, null);
  }
  const previous = await runGit(['rev-parse', 'HEAD'], target.path);
  const refspec = `+refs/heads/${target.branch}:refs/remotes/origin/${target.branch}`;
  const steps = [
    ['fetch', '--quiet', '--depth=1', '--no-tags', '--', remote, refspec],
    ['checkout', '--quiet', '--force', '-B', target.branch, `refs/remotes/origin/${target.branch}`],
    ['clean', '--quiet', '--force', '-d'],
  ];
  for (const step of steps) {
    const done = await runGit(step, target.path);
    if (!done.ok) return done;
  }
  return headOf(target.path, previous.ok ? previous.value : null);
}

async function headOf(path: string, previousCommit: string | null): Promise<Result<SyncOutcome, string>> {
  const head = await runGit(['rev-parse', 'HEAD'], path);
  return head.ok ? ok({ commit: head.value, previousCommit }) : head;
}

/** A local path is made absolute, since later fetches run inside the clone. */
function resolveRemote(repo: string): string {
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(repo);
  const isScpLike = /^[^/]+:/.test(repo);
  return isUrl || isScpLike ? repo : resolve(repo);
}

/** What `git check-ref-format` refuses in a branch name (characters, `..`, `@{`, endings). */
const NOT_IN_BRANCH = /[\s\p{Cc}~^:?*[\\]|\.\.|@\{|\/\/|\/$|\.lock$|\.$/u;

/** Refuses names git would read as options or refuse as refs, with a clear message. */
function checkBranchName(branch: string): string | undefined {
  const bad = branch === '' || branch.startsWith('-') || NOT_IN_BRANCH.test(branch);
  return bad ? `META_BRANCH '${branch}' is not a valid branch name` : undefined;
}

/** `absent` covers an empty directory, which git clones into as well. */
async function checkoutState(path: string): Promise<'absent' | 'clone' | 'not-a-clone'> {
  const stats = await stat(path).catch(() => undefined);
  if (!stats) return 'absent';
  if (!stats.isDirectory()) return 'not-a-clone';
  if ((await readdir(path)).length === 0) return 'absent';
  const gitDir = await stat(join(path, '.git')).catch(() => undefined);
  if (!gitDir) return 'not-a-clone';
  const top = await runGit(['rev-parse', '--show-toplevel'], path);
  return top.ok && (await realpath(top.value)) === (await realpath(path)) ? 'clone' : 'not-a-clone';
}
