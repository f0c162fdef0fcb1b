import assert from 'node:assert/strict';
import { it } from 'node:test';
import { readSyncState, recordSyncFailure, recordSyncSuccess } from '../../src/storage/repositories/sync-state-repository.js';
import { NOW } from './storage-fixtures.js';
import { describeEachDialect, withMigratedDatabase } from './test-databases.js';

const LATER = new Date('2026-03-01T13:00:00Z');

describeEachDialect('sync state', (dialect) => {
  it('starts unsynced, then records each success with a higher generation', () =>
    withMigratedDatabase(dialect, async (db) => {
      assert.deepEqual(await readSyncState(db), { revision: null, generation: 0, syncedAt: null, lastError: null, lastErrorAt: null });
      assert.deepEqual(await recordSyncSuccess(db, 'abc123', NOW), {
        revision: 'abc123',
        generation: 1,
        syncedAt: NOW,
        lastError: null,
        lastErrorAt: null,
      });
      assert.equal((await recordSyncSuccess(db, 'def456', LATER)).generation, 2);
    }));

  it('records a failure without forgetting the last good revision, until the next success', () =>
    withMigratedDatabase(dialect, async (db) => {
      await recordSyncSuccess(db, 'abc123', NOW);
      await recordSyncFailure(db, 'git fetch failed: could not resolve host', LATER);
      const failed = await readSyncState(db);
      assert.equal(failed.revision, 'abc123');
      assert.equal(failed.lastError, 'git fetch failed: could not resolve host');
      assert.deepEqual(failed.lastErrorAt, LATER);
      const recovered = await recordSyncSuccess(db, 'abc123', LATER);
      assert.equal(recovered.lastError, null);
    }));
});
