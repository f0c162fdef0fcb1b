import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import type { CliIo } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { openDatabase } from '../../src/storage/open-database.js';
import { FIXTURES } from '../meta/meta-helpers.js';
import { databaseUrlOf, describeEachDialect, withMigratedDatabase, withFreshDatabase } from '../storage/test-databases.js';

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd, stdio: 'ignore' });
}

/** A git repository holding the Elekto demo meta repository's elections. */
function metaRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'elekto-sync-remote-'));
  cpSync(join(FIXTURES, 'real-meta/elekto-io__elekto.meta.test/elections'), join(dir, 'elections'), { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'elections');
  return dir;
}

async function run(args: string[], env: CliIo['env']) {
  const out: string[] = [];
  const errors: string[] = [];
  const status = await main(args, { stdout: (t) => void out.push(t), stderr: (t) => void errors.push(t), env, cwd: tmpdir() });
  return { status, stdout: out.join(''), stderr: errors.join('') };
}

describeEachDialect('elekto sync', (dialect) => {
  it('clones the meta repository, records its elections, and never deletes rows of a removed election', () =>
    withMigratedDatabase(dialect, async (db, target) => {
      const remote = metaRepository();
      const clone = mkdtempSync(join(tmpdir(), 'elekto-sync-clone-'));
      const env = { APP_ENV: 'development', DATABASE_URL: databaseUrlOf(target), META_REPO: remote, META_PATH: join(clone, 'meta') };
      try {
        const first = await run(['sync'], env);
        assert.equal(first.status, 0, first.stderr);
        assert.match(first.stdout, /\(new clone\)/);
        assert.match(first.stdout, /3 elections, 0 with configuration errors/);
        assert.match(first.stdout, /added: .*2021---GB/);

        const again = await run(['sync'], env);
        assert.match(again.stdout, /^Already at /);

        const electionId = (await db.selectFrom('election').select('id').where('key', '=', '2021---GB').executeTakeFirstOrThrow()).id;
        await db.insertInto('voter').values({ user_id: null, election_id: electionId }).execute();
        git(remote, 'rm', '-q', '-r', 'elections/2021/GB');
        git(remote, 'commit', '-q', '-m', 'drop');
        const third = await run(['sync'], env);
        assert.equal(third.status, 0, third.stderr);
        assert.match(third.stdout, /missing: 2021---GB/);
        const kept = await db.selectFrom('voter').select('id').where('election_id', '=', electionId).execute();
        assert.equal(kept.length, 1);
      } finally {
        rmSync(remote, { recursive: true, force: true });
        rmSync(clone, { recursive: true, force: true });
      }
    }));

  it('refuses to run on a database that is not migrated, and says what to do', () =>
    withFreshDatabase(dialect, async (target) => {
      const result = await run(['sync'], { APP_ENV: 'development', DATABASE_URL: databaseUrlOf(target), META_REPO: '/nowhere' });
      assert.equal(result.status, 1);
      assert.match(result.stderr, /not migrated .* Run 'elekto migrate' first/);
      const db = openDatabase(target);
      try {
        const tables = await db.introspection.getTables();
        assert.deepEqual(tables.map((t) => t.name).filter((n) => n === 'election'), []);
      } finally {
        await db.destroy();
      }
    }));
});

it('reports an unreachable meta repository without a stack trace', async () => {
  await withMigratedDatabase('sqlite', async (_db, target) => {
    const result = await run(['sync'], { APP_ENV: 'development', DATABASE_URL: databaseUrlOf(target), META_REPO: '/does/not/exist', META_PATH: join(tmpdir(), `elekto-none-${process.pid}`) });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^elekto sync: /);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });
});
