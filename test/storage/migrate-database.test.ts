import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Migrator, sql, type Kysely } from 'kysely';
import type { DatabaseTarget } from '../../src/storage/database-target.js';
import { migrateDatabase } from '../../src/storage/migrate-database.js';
import { isUniqueViolation } from '../../src/storage/driver-errors.js';
import { describeMigrationRefusal } from '../../src/storage/migration-refusal.js';
import { elektoMigrationProvider, elektoMigrations } from '../../src/storage/migrations/elekto-migrations.js';
import { openDatabase } from '../../src/storage/open-database.js';
import { readElectionBallots } from '../../src/storage/repositories/ballot-repository.js';
import { findElectionByKey } from '../../src/storage/repositories/election-repository.js';
import type { Database } from '../../src/storage/schema.js';
import { FIXTURE, loadElekto06Fixture } from './elekto-0-6-fixture.js';
import { NOW, storedElection } from './storage-fixtures.js';
import { describeEachDialect, withFreshDatabase } from './test-databases.js';

const MIGRATIONS = [
  '20261121-01-adopt-elekto-0.6-tables',
  '20261121-02-one-voter-and-request-per-user-and-election',
  '20261121-03-voter-kdf-params-and-election-missing-since',
  '20261121-04-session-election-result-sync-state',
  '20261206-01-passphrase-attempts-and-oauth-states',
  '20261206-04-exception-request-decisions',
  '20261206-05-guardrail-warnings-and-election-settings',
  '20261206-06-audit-event',
  '20261206-07-utf8mb4-text-columns',
  '20261206-08-one-open-guardrail-warning-per-change',
  '20261206-09-guardrail-acceptance',
  '20261206-10-byte-exact-guardrail-changes',
];

/** Elekto 0.6's columns of each of its tables: what adoption must keep byte for byte. */
const ELEKTO_06_COLUMNS = {
  user: ['id', 'username', 'name', 'token', 'token_expires_at', 'created_at', 'updated_at'],
  election: ['id', 'key', 'name', 'created_at', 'updated_at'],
  voter: ['id', 'user_id', 'election_id', 'created_at', 'updated_at', 'salt', 'ballot_id'],
  ballot: ['id', 'election_id', 'rank', 'candidate', 'voter'],
  request: ['id', 'user_id', 'election_id', 'name', 'email', 'chat', 'description', 'comments', 'reviewed', 'created_at', 'updated_at'],
  schema_version: ['version'],
} as const;

type Snapshot = Record<string, unknown[]>;

/** Every row of Elekto 0.6's tables, 0.6 columns only, in a stable order. */
async function snapshot(db: Kysely<Database>): Promise<Snapshot> {
  const result: Snapshot = {};
  for (const [table, columns] of Object.entries(ELEKTO_06_COLUMNS)) {
    const query = sql`select ${sql.join(columns.map((c) => sql.ref(c)))} from ${sql.table(table)} order by ${sql.ref(columns[0])}`;
    result[table] = (await query.execute(db)).rows;
  }
  return result;
}

async function tableNames(db: Kysely<Database>): Promise<string[]> {
  return (await db.introspection.getTables()).map((table) => table.name).sort();
}

/** Tables with their columns' names, types and nullability: what "the same schema" means here. */
async function schemaOf(db: Kysely<Database>) {
  const tables = await db.introspection.getTables();
  return tables
    .map((table) => ({
      name: table.name,
      columns: table.columns
        .map(({ name, dataType, isNullable, isAutoIncrementing }) => ({ name, dataType, isNullable, isAutoIncrementing }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function withDatabase<T>(target: DatabaseTarget, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const db = openDatabase(target);
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/** Runs `work` on an Elekto 0.6 database created in latin1 on MySQL (as 0.6's often were), then drops it. */
function withLatin1Elekto06<T>(dialect: DatabaseTarget['dialect'], work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  return withFreshDatabase(
    dialect,
    (target) =>
      withDatabase(target, async (db) => {
        await loadElekto06Fixture(db, dialect);
        return work(db);
      }),
    'latin1',
  );
}

async function migrated(db: Kysely<Database>, dialect: DatabaseTarget['dialect']): Promise<readonly string[]> {
  const outcome = await migrateDatabase(db, dialect);
  assert.ok(outcome.ok, outcome.ok ? '' : describeMigrationRefusal(outcome.error));
  return outcome.value.applied;
}

describeEachDialect('migrateDatabase', (dialect) => {
  it('creates every table on an empty database, and a second run changes nothing', () =>
    withFreshDatabase(dialect, (target) =>
      withDatabase(target, async (db) => {
        assert.deepEqual(await migrated(db, dialect), MIGRATIONS);
        const schema = await schemaOf(db);
        assert.deepEqual(await migrated(db, dialect), []);
        assert.deepEqual(await schemaOf(db), schema);
        const tables = await tableNames(db);
        for (const table of ['user', 'election', 'voter', 'ballot', 'request', 'schema_version', 'session', 'election_result', 'sync_state', 'election_settings', 'guardrail_warning', 'audit_event']) {
          assert.ok(tables.includes(table), `table ${table} exists`);
        }
        assert.deepEqual(await db.selectFrom('schema_version').select('version').execute(), [{ version: 2 }]);
        assert.deepEqual(await db.selectFrom('sync_state').select(['id', 'generation', 'revision']).execute(), [
          { id: 1, generation: 0, revision: null },
        ]);
      }),
    ));

  it('gives an adopted Elekto 0.6 database the same schema as a new one', async () => {
    const fresh = await withFreshDatabase(dialect, (target) =>
      withDatabase(target, async (db) => {
        await migrated(db, dialect);
        return schemaOf(db);
      }),
    );
    const adopted = await withFreshDatabase(dialect, (target) =>
      withDatabase(target, async (db) => {
        await loadElekto06Fixture(db, dialect);
        await migrated(db, dialect);
        return schemaOf(db);
      }),
    );
    assert.deepEqual(adopted, fresh);
  });

  it('adopts an Elekto 0.6 database in place with nothing lost, and a second run is harmless', () =>
    withFreshDatabase(dialect, (target) =>
      withDatabase(target, async (db) => {
        await loadElekto06Fixture(db, dialect);
        const before = await snapshot(db);
        assert.deepEqual(await migrated(db, dialect), MIGRATIONS);
        assert.deepEqual(await migrated(db, dialect), []);
        const after = await snapshot(db);
        assert.deepEqual(after, before);
        // Spot checks, so that an empty snapshot cannot pass for an intact one.
        assert.equal(after.user?.length, 4);
        assert.equal(after.voter?.length, 3);
        assert.equal(after.ballot?.length, 9);
        assert.equal(after.request?.length, 1);
        const firstVoter = after.voter?.[0] as { salt: Uint8Array; ballot_id: Uint8Array; created_at: Date };
        assert.equal(Buffer.from(firstVoter.salt).toString('hex'), '705014ef7d45bb2555ce779de8bbff10');
        assert.equal(Buffer.from(firstVoter.ballot_id).length, 24 + 16 + 36);
        assert.deepEqual(firstVoter.created_at, new Date('2023-08-02T12:00:00Z'));
        assert.equal((after.request?.[0] as { reviewed: unknown }).reviewed, false);
      }),
    ));

  it('adopts an Elekto 0.6 database created in latin1: every row survives and non-Latin text can then be stored', () =>
    withLatin1Elekto06(dialect, async (db) => {
      // Latin-1 text stored by Elekto 0.6 must come out of the conversion unchanged.
      await db.updateTable('user').set({ name: 'José Müller-Ødegård' }).where('id', '=', 1).execute();
      const before = await snapshot(db);
      assert.deepEqual(await migrated(db, dialect), MIGRATIONS);
      assert.deepEqual(await snapshot(db), before);
      assert.deepEqual(await migrated(db, dialect), []);

      const names = ['Дмитрий Иванов', '李小龍', 'Ελένη 🗳️'];
      for (const [index, name] of names.entries()) {
        await db.insertInto('user').values({ id: 10 + index, username: `u${index}`, name, created_at: new Date(), updated_at: new Date() }).execute();
      }
      const stored = await db.selectFrom('user').select('name').where('id', '>=', 10).orderBy('id').execute();
      assert.deepEqual(stored.map((row) => row.name), names);
      if (dialect === 'mysql') {
        const { rows } = await sql<{ name: string; collation: string }>`select table_name as name, table_collation as collation
          from information_schema.tables where table_schema = database() and table_name not like 'kysely%'`.execute(db);
        for (const row of rows) assert.match(row.collation, /^utf8mb4/, `${row.name} is ${row.collation}`);
      }
    }));

  it('reads the ballots Elekto 0.6 stored back as anonymous ballots', () =>
    withFreshDatabase(dialect, (target) =>
      withDatabase(target, async (db) => {
        await loadElekto06Fixture(db, dialect);
        await migrated(db, dialect);
        const election = await findElectionByKey(db, FIXTURE.electionKey);
        assert.ok(election);
        const { candidates, ballots } = await readElectionBallots(db, election.id);
        assert.deepEqual(candidates, ['aaron', 'dims', 'paris']);
        const asObjects = ballots.map((ballot) => Object.fromEntries(ballot));
        const sortKey = (ballot: object) => JSON.stringify(ballot);
        assert.deepEqual(asObjects.map(sortKey).sort(), FIXTURE.ballots.map(sortKey).sort());
      }),
    ));

  it('keeps only the oldest of duplicate open guardrail warnings, then holds one open warning per change; re-running is harmless', () =>
    withFreshDatabase(dialect, (target) =>
      withDatabase(target, async (db) => {
        const migrator = new Migrator({ db, provider: elektoMigrationProvider(dialect) });
        assert.equal((await migrator.migrateTo('20261206-06-audit-event')).error, undefined);
        const [board, other] = [await storedElection(db, 'board---2026'), await storedElection(db, 'board---other')];
        // Replicas that synced at once recorded the same changes more than once.
        const warnings: [number, string, string, Date | null][] = [
          [board, 'candidates-changed', 'ada,grace → ada', null],
          [board, 'candidates-changed', 'ada,grace → ada', null],
          [board, 'candidates-changed', 'ada,grace → ada', NOW],
          [board, 'voter-removed', 'carol', null],
          [board, 'candidates-changed', 'ada,grace → ada', null],
          [board, 'voter-removed', 'carol', null],
          [board, 'voter-removed', 'dave', null],
          [other, 'candidates-changed', 'ada,grace → ada', null],
        ];
        for (const [electionId, kind, subject, resolvedAt] of warnings) {
          await db
            .insertInto('guardrail_warning')
            .values({ election_id: electionId, kind, subject, message: kind, advice: '', file: null, line: null, commit: null, created_at: NOW, resolved_at: resolvedAt })
            .execute();
        }
        const ids = (await db.selectFrom('guardrail_warning').select('id').orderBy('id').execute()).map((row) => Number(row.id));
        const kept = [0, 2, 3, 6, 7].map((index) => ids[index]);

        assert.deepEqual(await migrated(db, dialect), MIGRATIONS.slice(MIGRATIONS.indexOf('20261206-07-utf8mb4-text-columns')));
        const rows = async () => (await db.selectFrom('guardrail_warning').select('id').orderBy('id').execute()).map((row) => Number(row.id));
        assert.deepEqual(await rows(), kept, 'the oldest open copy of each change and the resolved one are left');
        const again = { election_id: board, kind: 'voter-removed', subject: 'carol', message: '', advice: '', created_at: NOW };
        await assert.rejects(db.insertInto('guardrail_warning').values(again).execute(), isUniqueViolation);

        // MySQL cannot roll DDL back: after a failure halfway the migration runs again.
        await elektoMigrations(dialect)['20261206-08-one-open-guardrail-warning-per-change']?.up(db);
        assert.deepEqual(await rows(), kept);
        await assert.rejects(db.insertInto('guardrail_warning').values(again).execute(), isUniqueViolation);
      }),
    ));

  it('compares guardrail changes byte for byte after adopting a latin1 database: subjects differing only by case are two changes; re-running is harmless', () =>
    withLatin1Elekto06(dialect, async (db) => {
      await migrated(db, dialect);
      const electionId = await storedElection(db, 'board---2026');
      const warning = (subject: string) => ({ election_id: electionId, kind: 'voter-removed', subject, message: '', advice: '', created_at: NOW });
      const stored = async () => (await db.selectFrom('guardrail_warning').select('subject').orderBy('id').execute()).map((row) => row.subject);
      const columns = async () =>
        (
          await sql<{ name: string; type: string; nullable: string; collation: string }>`select column_name as name, column_type as type,
            is_nullable as nullable, collation_name as collation from information_schema.columns
            where table_schema = database() and table_name = 'guardrail_warning' and column_name in ('kind', 'subject')
            order by column_name`.execute(db)
        ).rows;
      if (dialect === 'mysql') {
        // Type and nullability kept; a binary collation (NO PAD where the server has one).
        const binary = async () => {
          const found = await columns();
          for (const column of found) assert.match(column.collation, /^utf8mb4_(nopad_|0900_)?bin$/, column.name);
          return found.map(({ name, type, nullable }) => ({ name, type, nullable }));
        };
        const expected = [
          { name: 'kind', type: 'varchar(64)', nullable: 'NO' },
          { name: 'subject', type: 'varchar(255)', nullable: 'NO' },
        ];
        assert.deepEqual(await binary(), expected);
        // MySQL cannot roll DDL back: after a failure halfway (one column done) it runs again.
        await sql`alter table guardrail_warning modify subject varchar(255) character set utf8mb4 collate utf8mb4_general_ci not null`.execute(db);
        await elektoMigrations(dialect)['20261206-10-byte-exact-guardrail-changes']?.up(db);
        assert.deepEqual(await binary(), expected);
      }
      for (const subject of ['ada', 'Ada', 'adá', 'ada ']) await db.insertInto('guardrail_warning').values(warning(subject)).execute();
      await assert.rejects(db.insertInto('guardrail_warning').values(warning('Ada')).execute(), isUniqueViolation);
      await elektoMigrations(dialect)['20261206-10-byte-exact-guardrail-changes']?.up(db);
      assert.deepEqual(await stored(), ['ada', 'Ada', 'adá', 'ada ']);
    }));

  it('refuses a database with duplicate voter records and requests, reporting them and changing nothing', () =>
    withFreshDatabase(dialect, (target) =>
      withDatabase(target, async (db) => {
        await loadElekto06Fixture(db, dialect);
        const twice = new Date('2023-08-02T12:00:01Z');
        await db.insertInto('voter').values({ id: 4, user_id: 1, election_id: 1, created_at: twice, updated_at: twice }).execute();
        await db.insertInto('request').values({ id: 2, user_id: 4, election_id: 1, reviewed: false }).execute();
        const tables = await tableNames(db);
        const before = await snapshot(db);

        const outcome = await migrateDatabase(db, dialect);
        assert.ok(!outcome.ok);
        assert.equal(outcome.error.kind, 'duplicate-rows');
        const report = describeMigrationRefusal(outcome.error);
        assert.match(report, /election 2021---GB, user dims: 2 voter records \(voter ids 1, 4\)/);
        assert.match(report, /election 2021---GB, user outsider: 2 exception requests \(request ids 1, 2\)/);
        assert.match(report, /Nothing was changed/);
        assert.match(report, /run `elekto migrate` again/);

        assert.deepEqual(await tableNames(db), tables);
        assert.deepEqual(await snapshot(db), before);
      }),
    ));

  it('refuses a database recording another Elekto schema version, changing nothing', () =>
    withFreshDatabase(dialect, (target) =>
      withDatabase(target, async (db) => {
        await loadElekto06Fixture(db, dialect);
        await db.updateTable('schema_version').set({ version: 1 }).execute();
        const tables = await tableNames(db);
        const outcome = await migrateDatabase(db, dialect);
        assert.ok(!outcome.ok);
        assert.deepEqual(outcome.error, { kind: 'unsupported-schema-version', versions: [1] });
        assert.match(describeMigrationRefusal(outcome.error), /python console\.py migrate/);
        assert.deepEqual(await tableNames(db), tables);
      }),
    ));
});
