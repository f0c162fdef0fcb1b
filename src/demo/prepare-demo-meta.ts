import { lstat, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { formatProblem } from '../core/problem.js';
import { err, ok, type Result } from '../core/result.js';
import { DEMO_BRANCH, DEMO_ELECTION_DIR, DEMO_ELECTION_KEYS, type DemoElectionKeys } from './demo-elections.js';
import { runGit, type DemoMetaError } from './demo-git.js';
import { DEMO_TEMPLATE_DIR, readDemoTemplate, renderDemoTemplate } from './demo-template.js';
import { utcDay } from './resolve-placeholders.js';

export type { DemoMetaError } from './demo-git.js';

export interface PrepareDemoMetaOptions {
  /** The demo's data directory (`./data`); the repository goes to `<dataDir>/demo-meta`. */
  readonly dataDir: string;
  /** The clock, read by the caller: dates are resolved for the UTC day of `now`. */
  readonly now: Date;
  /** The template to copy; the package's `examples/demo-meta` unless a test says otherwise. */
  readonly templateDir?: string;
}

/** A ready demo meta repository: what `META_REPO`, `META_BRANCH` and `ELECTION_DIR` should say. */
export interface DemoMeta {
  readonly repoPath: string;
  readonly branch: typeof DEMO_BRANCH;
  readonly electionDir: typeof DEMO_ELECTION_DIR;
  /** The keys of the elections that are upcoming, running and completed at `now`. */
  readonly keys: DemoElectionKeys;
  /** The commit `branch` points to. */
  readonly commit: string;
  /** Whether this call made a commit (false when the repository was already up to date). */
  readonly committed: boolean;
}

/**
 * Creates or refreshes the demo meta repository at `<dataDir>/demo-meta`: a git repository
 * on branch `main` holding the template with every date resolved for the UTC day of `now`,
 * so that at `now` one election is upcoming, one running (for at least another week) and
 * one completed.
 *
 * The work tree is regenerated on every call — edits made there are overwritten — and
 * committed only when something changed: calls on the same UTC day make no commit, a call
 * on a later day commits the moved dates. Commits are dated `now` and signed by a fixed
 * identity, so no git configuration is needed. A path that exists but is not a git work
 * tree is never touched.
 */
export async function prepareDemoMeta(options: PrepareDemoMetaOptions): Promise<Result<DemoMeta, DemoMetaError>> {
  const { dataDir, now, templateDir = DEMO_TEMPLATE_DIR } = options;
  if (Number.isNaN(now.getTime())) return err({ kind: 'io', message: 'prepareDemoMeta: `now` is not a valid date' });

  let template: Map<string, string>;
  try {
    template = await readDemoTemplate(templateDir);
  } catch (error) {
    return err({ kind: 'template', message: `cannot read the demo template ${templateDir}: ${messageOf(error)}` });
  }
  const rendered = renderDemoTemplate(template, now);
  if (!rendered.ok) {
    return err({ kind: 'template', message: `demo template: ${rendered.error.map(formatProblem).join('; ')}` });
  }

  const repoPath = join(dataDir, 'demo-meta');
  const opened = await openRepository(repoPath, now);
  if (!opened.ok) return opened;

  try {
    await replaceWorkTree(repoPath, rendered.value);
  } catch (error) {
    return err({ kind: 'io', message: `cannot write the demo meta repository ${repoPath}: ${messageOf(error)}` });
  }

  const git = (...args: string[]) => runGit(repoPath, args, now);
  // Also moves HEAD back to main if someone switched branches in the demo repository.
  const steps = [['symbolic-ref', 'HEAD', `refs/heads/${DEMO_BRANCH}`], ['add', '--all']];
  for (const step of steps) {
    const done = await git(...step);
    if (!done.ok) return done;
  }
  const status = await git('status', '--porcelain');
  if (!status.ok) return status;
  const committed = status.value.trim() !== '';
  if (committed) {
    const day = utcDay(now).toISOString().slice(0, 10);
    const commit = await git('commit', '--quiet', '--no-verify', '-m', `Demo elections dated from ${day} (UTC)`);
    if (!commit.ok) return commit;
  }
  const head = await git('rev-parse', 'HEAD');
  if (!head.ok) return head;

  return ok({
    repoPath,
    branch: DEMO_BRANCH,
    electionDir: DEMO_ELECTION_DIR,
    keys: DEMO_ELECTION_KEYS,
    commit: head.value.trim(),
    committed,
  });
}

/**
 * Makes sure `repoPath` is a git work tree, creating the directory and the repository when
 * absent. An existing non-empty directory without `.git` is refused rather than taken over.
 */
async function openRepository(repoPath: string, now: Date): Promise<Result<void, DemoMetaError>> {
  try {
    const stats = await lstat(repoPath).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (stats && !stats.isDirectory()) {
      return err({ kind: 'not-a-repository', message: `${repoPath} exists and is not a directory; move it away` });
    }
    if (stats) {
      const gitDir = await lstat(join(repoPath, '.git')).catch(() => undefined);
      if (gitDir?.isDirectory()) return ok(undefined);
      if ((await readdir(repoPath)).length > 0) {
        return err({
          kind: 'not-a-repository',
          message: `${repoPath} exists but is not a git repository; move it away so the demo can create its own`,
        });
      }
    }
    await mkdir(repoPath, { recursive: true });
  } catch (error) {
    return err({ kind: 'io', message: `cannot create the demo meta repository ${repoPath}: ${messageOf(error)}` });
  }
  const init = await runGit(repoPath, ['init', '--quiet', `--initial-branch=${DEMO_BRANCH}`], now);
  return init.ok ? ok(undefined) : init;
}

/** Removes everything in the work tree but `.git`, then writes `files`. */
async function replaceWorkTree(repoPath: string, files: ReadonlyMap<string, string>): Promise<void> {
  for (const entry of await readdir(repoPath)) {
    if (entry !== '.git') await rm(join(repoPath, entry), { recursive: true, force: true });
  }
  for (const [path, text] of files) {
    const target = join(repoPath, ...path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text, 'utf8');
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
