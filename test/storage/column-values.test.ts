import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDialect, withMigratedDatabase } from './test-databases.js';

// Timestamps mean UTC on every dialect whatever the process's zone: run in one far from UTC.
const savedZone = process.env.TZ;
before(() => {
  process.env.TZ = 'Pacific/Kiritimati'; // UTC+14
});
after(() => {
  process.env.TZ = savedZone;
});

const INSTANT = new Date('2026-03-01T23:30:00Z');

describeEachDialect('column values', (dialect) => {
  it('reads timestamps back as the same UTC instant, whatever the process time zone', () =>
    withMigratedDatabase(dialect, async (db) => {
      await db.insertInto('election').values({ key: 'k', name: 'K', created_at: INSTANT, updated_at: INSTANT }).execute();
      const row = await db.selectFrom('election').select(['created_at']).where('created_at', '=', INSTANT).executeTakeFirst();
      assert.ok(row?.created_at instanceof Date);
      assert.equal(row.created_at.toISOString(), INSTANT.toISOString());
    }));

  it('reads booleans back as booleans', () =>
    withMigratedDatabase(dialect, async (db) => {
      await db.insertInto('request').values([{ reviewed: true }, { reviewed: false }, { reviewed: null }]).execute();
      const rows = await db.selectFrom('request').select('reviewed').orderBy('id').execute();
      assert.deepEqual(rows.map((row) => row.reviewed), [true, false, null]);
    }));

  it('reads bytes back as the same bytes', () =>
    withMigratedDatabase(dialect, async (db) => {
      const bytes = Buffer.from([0, 1, 2, 250, 255, 0]);
      await db.insertInto('voter').values({ salt: bytes, ballot_id: Buffer.alloc(0) }).execute();
      const row = await db.selectFrom('voter').select(['salt', 'ballot_id']).executeTakeFirstOrThrow();
      assert.deepEqual(row.salt && [...row.salt], [...bytes]);
      assert.deepEqual(row.ballot_id && [...row.ballot_id], []);
    }));
});
