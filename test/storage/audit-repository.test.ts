import assert from 'node:assert/strict';
import { it } from 'node:test';
import { listAudit, recordAudit } from '../../src/storage/repositories/audit-repository.js';
import { NOW, storedElection } from './storage-fixtures.js';
import { describeEachDialect, withMigratedDatabase } from './test-databases.js';

describeEachDialect('the audit trail', (dialect) => {
  it("keeps officers' actions for good and only the newest sync records", () =>
    withMigratedDatabase(dialect, async (db) => {
      const electionId = await storedElection(db, 'steering---2026');
      const sync = (n: number) => ({ electionId, kind: 'sync', actor: 'sync', detail: `sync ${n}`, commit: `c${n}`, now: NOW }) as const;
      await recordAudit(db, [{ electionId, kind: 'decision', actor: 'alice', detail: 'approved the exception request of bob', now: NOW }]);
      for (let n = 1; n <= 5; n += 1) await recordAudit(db, [sync(n)], 3);
      const trail = await listAudit(db, electionId);
      assert.deepEqual(trail.map((e) => e.detail), ['sync 5', 'sync 4', 'sync 3', 'approved the exception request of bob']);
      assert.deepEqual(trail.map((e) => [e.actor, e.commit, e.at]), [
        ['sync', 'c5', NOW],
        ['sync', 'c4', NOW],
        ['sync', 'c3', NOW],
        ['alice', null, NOW],
      ]);
      assert.deepEqual(await listAudit(db, await storedElection(db, 'other')), []);
    }));
});
