import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { loadCatalog } from '../../src/meta/load-catalog.js';
import { syncCheckout } from '../../src/meta/sync-checkout.js';
import { electionFiles } from './meta-helpers.js';

const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_IDENTITY }, encoding: 'utf8' }).trim();
}

async function commitFiles(repo: string, files: Record<string, string>, message: string): Promise<string> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(repo, path)), { recursive: true });
    await writeFile(join(repo, path), text);
  }
  git(repo, 'add', '--all');
  git(repo, 'commit', '--quiet', '-m', message);
  return git(repo, 'rev-parse', 'HEAD');
}

/** A scratch area with an upstream meta repository (branch `main`) holding one election. */
async function withUpstream(use: (dirs: { upstream: string; clone: string; first: string }) => Promise<void>): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'elekto-sync-'));
  try {
    const upstream = join(scratch, 'upstream');
    await mkdir(upstream);
    git(upstream, 'init', '--quiet', '-b', 'main');
    const first = await commitFiles(upstream, electionFiles('elections/2024'), 'first election');
    await use({ upstream, clone: join(scratch, 'meta'), first });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

test('an absent META_PATH is cloned at META_BRANCH and the commit reported', async () => {
  await withUpstream(async ({ upstream, clone, first }) => {
    const synced = await syncCheckout({ repo: upstream, branch: 'main', path: clone });
    assert.deepEqual(synced, { ok: true, value: { commit: first, previousCommit: null } });
    const catalog = await loadCatalog(clone, 'elections', first);
    assert.ok(catalog.ok);
    assert.deepEqual(catalog.value.list().map((e) => e.key), ['2024']);
  });
});

test('a later sync fetches new commits and moves the clone onto them', async () => {
  await withUpstream(async ({ upstream, clone, first }) => {
    await syncCheckout({ repo: upstream, branch: 'main', path: clone });
    const second = await commitFiles(upstream, electionFiles('elections/2025'), 'second election');
    const synced = await syncCheckout({ repo: upstream, branch: 'main', path: clone });
    assert.deepEqual(synced, { ok: true, value: { commit: second, previousCommit: first } });
    const catalog = await loadCatalog(clone, 'elections');
    assert.ok(catalog.ok);
    assert.deepEqual(catalog.value.list().map((e) => e.key).sort(), ['2024', '2025']);
  });
});

test('local edits and stray files in the clone never block a sync and are discarded', async () => {
  await withUpstream(async ({ upstream, clone }) => {
    await syncCheckout({ repo: upstream, branch: 'main', path: clone });
    await writeFile(join(clone, 'elections/2024/voters.yaml'), 'edited locally');
    await writeFile(join(clone, 'elections/2024/candidate-stray.md'), 'untracked');
    const second = await commitFiles(upstream, { 'elections/2024/voters.yaml': 'eligible_voters:\n  - erin\n' }, 'new voters');
    const synced = await syncCheckout({ repo: upstream, branch: 'main', path: clone });
    assert.ok(synced.ok);
    assert.equal(synced.value.commit, second);
    assert.equal(await readFile(join(clone, 'elections/2024/voters.yaml'), 'utf8'), 'eligible_voters:\n  - erin\n');
    assert.equal(existsSync(join(clone, 'elections/2024/candidate-stray.md')), false);
  });
});

test('a rewritten remote branch is followed', async () => {
  await withUpstream(async ({ upstream, clone }) => {
    await syncCheckout({ repo: upstream, branch: 'main', path: clone });
    git(upstream, 'commit', '--quiet', '--amend', '-m', 'rewritten');
    const rewritten = git(upstream, 'rev-parse', 'HEAD');
    const synced = await syncCheckout({ repo: upstream, branch: 'main', path: clone });
    assert.ok(synced.ok);
    assert.equal(synced.value.commit, rewritten);
  });
});

test('an unreachable remote is an error value and leaves the clone untouched', async () => {
  await withUpstream(async ({ upstream, clone, first }) => {
    await syncCheckout({ repo: upstream, branch: 'main', path: clone });
    const synced = await syncCheckout({ repo: join(upstream, 'missing'), branch: 'main', path: clone });
    assert.ok(!synced.ok);
    assert.match(synced.error, /^git fetch failed: .*does not appear to be a git repository/);
    assert.equal(git(clone, 'rev-parse', 'HEAD'), first);
    assert.ok(existsSync(join(clone, 'elections/2024/election.yaml')));
  });
});

test('an unknown branch is an error value, on the first clone and on later syncs', async () => {
  await withUpstream(async ({ upstream, clone, first }) => {
    const cloning = await syncCheckout({ repo: upstream, branch: 'nope', path: clone });
    assert.ok(!cloning.ok);
    assert.match(cloning.error, /^git clone failed: Remote branch nope not found/);
    assert.equal(existsSync(clone), false);
    await syncCheckout({ repo: upstream, branch: 'main', path: clone });
    const fetching = await syncCheckout({ repo: upstream, branch: 'nope', path: clone });
    assert.ok(!fetching.ok);
    assert.match(fetching.error, /^git fetch failed: couldn't find remote ref refs\/heads\/nope/);
    assert.equal(git(clone, 'rev-parse', 'HEAD'), first);
  });
});

test('a META_PATH that exists but is not a clone is refused, not overwritten', async () => {
  await withUpstream(async ({ upstream, clone }) => {
    await mkdir(clone);
    await writeFile(join(clone, 'notes.txt'), 'mine');
    const synced = await syncCheckout({ repo: upstream, branch: 'main', path: clone });
    assert.deepEqual(synced, { ok: false, error: `META_PATH '${clone}' exists but is not a git clone; remove it or choose another directory` });
    assert.equal(await readFile(join(clone, 'notes.txt'), 'utf8'), 'mine');
  });
});

test('an empty META_PATH directory is cloned into', async () => {
  await withUpstream(async ({ upstream, clone, first }) => {
    await mkdir(clone);
    const synced = await syncCheckout({ repo: upstream, branch: 'main', path: clone });
    assert.ok(synced.ok);
    assert.equal(synced.value.commit, first);
  });
});

test('a relative local META_REPO is resolved from the current directory', async () => {
  await withUpstream(async ({ upstream, clone, first }) => {
    const synced = await syncCheckout({ repo: relative(process.cwd(), upstream), branch: 'main', path: clone });
    assert.ok(synced.ok);
    const again = await syncCheckout({ repo: relative(process.cwd(), upstream), branch: 'main', path: clone });
    assert.deepEqual(again, { ok: true, value: { commit: first, previousCommit: first } });
  });
});

test('a branch name git would read as an option is refused before running git', async () => {
  await withUpstream(async ({ upstream, clone }) => {
    for (const branch of ['--upload-pack=touch /tmp/x', '-b', 'a..b', 'has space', '']) {
      const synced = await syncCheckout({ repo: upstream, branch, path: clone });
      assert.deepEqual(synced, { ok: false, error: `META_BRANCH '${branch}' is not a valid branch name` });
    }
    assert.equal(existsSync(clone), false);
  });
});
