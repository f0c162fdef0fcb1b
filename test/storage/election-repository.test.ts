import assert from 'node:assert/strict';
import { it } from 'node:test';
import { castBallot } from '../../src/storage/repositories/ballot-casting.js';
import { readElectionBallots } from '../../src/storage/repositories/ballot-repository.js';
import { newBallotGroupId } from '../../src/storage/repositories/ballot-rows.js';
import { findElectionByKey, syncElectionRows } from '../../src/storage/repositories/election-repository.js';
import { findVoter } from '../../src/storage/repositories/voter-repository.js';
import { NOW, storedUser } from './storage-fixtures.js';
import { describeEachDialect, withMigratedDatabase } from './test-databases.js';

const LATER = new Date('2026-03-02T08:30:00Z');
const LATEST = new Date('2026-03-03T17:45:00Z');

describeEachDialect('syncElectionRows', (dialect) => {
  it('adds one row per election of the catalog', () =>
    withMigratedDatabase(dialect, async (db) => {
      const changes = await syncElectionRows(db, [{ key: 'steering---2026', name: 'Steering 2026' }, { key: 'toc-2026', name: 'TOC' }], NOW);
      assert.deepEqual(changes, { added: ['steering---2026', 'toc-2026'], updated: [], missing: [], restored: [] });
      const stored = await findElectionByKey(db, 'steering---2026');
      assert.deepEqual(stored && { key: stored.key, name: stored.name, missingSince: stored.missingSince }, {
        key: 'steering---2026',
        name: 'Steering 2026',
        missingSince: null,
      });
    }));

  it('changes nothing when the catalog is unchanged', () =>
    withMigratedDatabase(dialect, async (db) => {
      const catalog = [{ key: 'toc-2026', name: 'TOC' }];
      await syncElectionRows(db, catalog, NOW);
      assert.deepEqual(await syncElectionRows(db, catalog, LATER), { added: [], updated: [], missing: [], restored: [] });
    }));

  it('updates the name of a renamed election, keeping its id', () =>
    withMigratedDatabase(dialect, async (db) => {
      await syncElectionRows(db, [{ key: 'toc-2026', name: 'TOC' }], NOW);
      const before = await findElectionByKey(db, 'toc-2026');
      const changes = await syncElectionRows(db, [{ key: 'toc-2026', name: 'Technical Oversight Committee' }], LATER);
      assert.deepEqual(changes.updated, ['toc-2026']);
      const after = await findElectionByKey(db, 'toc-2026');
      assert.equal(after?.id, before?.id);
      assert.equal(after?.name, 'Technical Oversight Committee');
    }));

  it('only marks an election missing when its directory is gone, keeping its ballots and voters, and restores it', () =>
    withMigratedDatabase(dialect, async (db) => {
      await syncElectionRows(db, [{ key: 'gone', name: 'Gone' }, { key: 'kept', name: 'Kept' }], NOW);
      const gone = await findElectionByKey(db, 'gone');
      assert.ok(gone);
      const userId = await storedUser(db, 'alice');
      const ballotGroupId = newBallotGroupId();
      const ballot = new Map([['x', 1]]);
      const cast = await castBallot(db, { electionId: gone.id, userId, ballotGroupId, ballot, candidates: ['x', 'y'], link: null, now: NOW });
      assert.ok(cast.ok);

      assert.deepEqual(await syncElectionRows(db, [{ key: 'kept', name: 'Kept' }], LATER), {
        added: [],
        updated: [],
        missing: ['gone'],
        restored: [],
      });
      assert.deepEqual((await findElectionByKey(db, 'gone'))?.missingSince, LATER);
      assert.equal((await readElectionBallots(db, gone.id)).ballots.length, 1);
      assert.ok(await findVoter(db, gone.id, userId));
      // Still missing: not marked again, and the first date stays.
      assert.deepEqual((await syncElectionRows(db, [{ key: 'kept', name: 'Kept' }], LATEST)).missing, []);
      assert.deepEqual((await findElectionByKey(db, 'gone'))?.missingSince, LATER);

      const back = await syncElectionRows(db, [{ key: 'gone', name: 'Gone' }, { key: 'kept', name: 'Kept' }], LATEST);
      assert.deepEqual(back, { added: [], updated: [], missing: [], restored: ['gone'] });
      const restored = await findElectionByKey(db, 'gone');
      assert.equal(restored?.id, gone.id);
      assert.equal(restored?.missingSince, null);
      assert.equal((await readElectionBallots(db, gone.id)).ballots.length, 1);
    }));

  it('never deletes a row, even when the catalog becomes empty', () =>
    withMigratedDatabase(dialect, async (db) => {
      await syncElectionRows(db, [{ key: 'a', name: 'A' }, { key: 'b', name: 'B' }], NOW);
      assert.deepEqual((await syncElectionRows(db, [], LATER)).missing, ['a', 'b']);
      assert.equal((await db.selectFrom('election').select('id').execute()).length, 2);
    }));

  it('adopts the election rows Elekto 0.6 created, by key', () =>
    withMigratedDatabase(dialect, async (db) => {
      await db.insertInto('election').values({ key: '2021---GB', name: null, created_at: null, updated_at: null }).execute();
      const changes = await syncElectionRows(db, [{ key: '2021---GB', name: 'Select our 2021 General Board Rep' }], NOW);
      assert.deepEqual(changes, { added: [], updated: ['2021---GB'], missing: [], restored: [] });
    }));
});
