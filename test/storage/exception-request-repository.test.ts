import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  createExceptionRequest,
  findExceptionRequest,
  hasExceptionRequest,
  listExceptionRequests,
  setExceptionReviewed,
} from '../../src/storage/repositories/exception-request-repository.js';
import { NOW, storedElection, storedUser } from './storage-fixtures.js';
import { describeEachDialect, withMigratedDatabase } from './test-databases.js';

const input = { name: 'Mallory M', email: 'm@example.org', chat: 'mallory', description: 'I wrote docs.', comments: '' };

describeEachDialect('exception requests', (dialect) => {
  it('stores one request per user and election, even when submitted twice at once', () =>
    withMigratedDatabase(dialect, async (db) => {
      const electionId = await storedElection(db, 'steering---2026');
      const userId = await storedUser(db, 'mallory');
      assert.equal(await hasExceptionRequest(db, electionId, userId), false);
      const outcomes = await Promise.all([
        createExceptionRequest(db, { electionId, userId, input, now: NOW }),
        createExceptionRequest(db, { electionId, userId, input, now: NOW }),
      ]);
      assert.deepEqual(outcomes.map((o) => o.ok).sort(), [false, true]);
      assert.equal(await hasExceptionRequest(db, electionId, userId), true);
      const [stored, ...rest] = await listExceptionRequests(db, electionId);
      assert.equal(rest.length, 0);
      assert.equal(stored?.login, 'mallory');
      assert.equal(stored?.description, 'I wrote docs.');
      assert.equal(stored?.reviewed, false);
    }));

  it('finds and toggles a request only through its own election', () =>
    withMigratedDatabase(dialect, async (db) => {
      const mine = await storedElection(db, 'mine');
      const other = await storedElection(db, 'other');
      const userId = await storedUser(db, 'mallory');
      await createExceptionRequest(db, { electionId: other, userId, input, now: NOW });
      const [request] = await listExceptionRequests(db, other);
      assert.ok(request);
      assert.equal(await findExceptionRequest(db, mine, request.id), undefined);
      assert.equal(await setExceptionReviewed(db, mine, request.id, true, NOW), false);
      assert.equal((await findExceptionRequest(db, other, request.id))?.reviewed, false);
      assert.equal(await setExceptionReviewed(db, other, request.id, true, NOW), true);
      assert.equal((await findExceptionRequest(db, other, request.id))?.reviewed, true);
    }));
});
