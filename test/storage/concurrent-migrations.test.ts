// SPEC §15: the image migrates on start (ELEKTO_MIGRATE=true), so replicas starting at once
// run `elekto migrate` at the same time on one fresh database. Each has its own pool, as
// separate processes do; the migration lock makes them take turns. Replicas need PostgreSQL
// or MySQL (SQLite serves one process, and Kysely takes no lock there: a second migration
// run at the very same time fails, rolled back, and succeeds when run again).
import assert from 'node:assert/strict';
import { migrateDatabase, pendingMigrations } from '../../src/storage/migrate-database.js';
import { openDatabase } from '../../src/storage/open-database.js';
import { describe, it } from 'node:test';
import { withFreshDatabase } from './test-databases.js';

for (const dialect of ['postgresql', 'mysql'] as const) describe(`concurrent migrations (${dialect})`, () => {
  it('three replicas migrating one fresh database at once apply each migration exactly once', () =>
    withFreshDatabase(dialect, async (target) => {
      const pools = [openDatabase(target), openDatabase(target), openDatabase(target)];
      try {
        const outcomes = await Promise.all(pools.map((db) => migrateDatabase(db, dialect)));
        const applied = outcomes.flatMap((outcome) => {
          assert.ok(outcome.ok, JSON.stringify(outcome));
          return outcome.value.applied;
        });
        assert.equal(new Set(applied).size, applied.length, `applied twice: ${applied.join(', ')}`);
        assert.deepEqual(await pendingMigrations(pools[0]!, dialect), []);
      } finally {
        await Promise.all(pools.map((db) => db.destroy()));
      }
    }));
});
