import assert from 'node:assert/strict';
import { it } from 'node:test';
import { CommandFailure, UsageError, type CliIo } from '../../src/cli/command.js';
import { migrateCommand, runMigrate } from '../../src/cli/commands/migrate.js';
import { openDatabase } from '../../src/storage/open-database.js';
import { loadElekto06Fixture } from '../storage/elekto-0-6-fixture.js';
import { databaseUrlOf, describeEachDialect, withFreshDatabase } from '../storage/test-databases.js';
import { elektoMigrations } from '../../src/storage/migrations/elekto-migrations.js';

function capture(env: CliIo['env'] = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = { stdout: (t) => void stdout.push(t), stderr: (t) => void stderr.push(t), env, cwd: '/' };
  return { io, stdout, stderr };
}

describeEachDialect('elekto migrate', (dialect) => {
  it('creates a new database, listing what it applied, and then says it is up to date', () =>
    withFreshDatabase(dialect, async (target) => {
      const first = capture();
      assert.equal(await runMigrate(target, first.io), 0);
      assert.match(first.stdout.join(''), /^Migrated the .+:\n {2}applied 20261121-01-adopt-elekto-0\.6-tables\n/);
      assert.equal(first.stdout.join('').match(/applied/g)?.length, Object.keys(elektoMigrations(dialect)).length);

      const second = capture();
      assert.equal(await runMigrate(target, second.io), 0);
      assert.match(second.stdout.join(''), /is up to date\.\n$/);
      assert.deepEqual(second.stderr, []);
    }));

  it('stops with the duplicate report and exit status 1 when a voter has two records in one election', () =>
    withFreshDatabase(dialect, async (target) => {
      const db = openDatabase(target);
      try {
        await loadElekto06Fixture(db, dialect);
        await db.insertInto('voter').values({ user_id: 2, election_id: 1 }).execute();
      } finally {
        await db.destroy();
      }
      const { io, stdout, stderr } = capture();
      assert.equal(await runMigrate(target, io), 1);
      assert.deepEqual(stdout, []);
      const report = stderr.join('');
      assert.match(report, /^Cannot migrate the /);
      assert.match(report, /election 2021---GB, user jberkus: 2 voter records/);
      assert.match(report, /Nothing was changed/);
    }));

  it('reads the database from DATABASE_URL', () =>
    withFreshDatabase(dialect, async (target) => {
      const { io, stdout } = capture({ APP_ENV: 'development', DATABASE_URL: databaseUrlOf(target) });
      assert.equal(await migrateCommand.run([], io), 0);
      assert.match(stdout.join(''), /applied/);
    }));
});

it('fails clearly when the database server cannot be reached', async () => {
  const target = { dialect: 'postgresql', host: '127.0.0.1', port: 1, database: 'elekto', user: 'elekto', password: 'secret' } as const;
  await assert.rejects(runMigrate(target, capture().io), (error: Error) => {
    assert.ok(error instanceof CommandFailure);
    assert.match(error.message, /^cannot migrate the PostgreSQL database 'elekto' on 127\.0\.0\.1:1 \(user elekto\): /);
    assert.doesNotMatch(error.message, /secret/);
    return true;
  });
});

it('reports configuration problems instead of guessing a database', async () => {
  const { io } = capture({ APP_ENV: 'development', DATABASE_URL: 'oracle://db/elekto' });
  await assert.rejects(migrateCommand.run([], io), (error: Error) => error instanceof CommandFailure && /DATABASE_URL/.test(error.message));
});

it('takes no arguments', async () => {
  await assert.rejects(migrateCommand.run(['now'], capture().io), UsageError);
});
