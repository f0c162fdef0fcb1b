import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import {
  countPendingRequests,
  createExceptionRequest,
  decideExceptionRequest,
  findExceptionRequest,
  findOwnRequestState,
  listExceptionRequests,
} from '../../src/storage/repositories/exception-request-repository.js';
import { NOW, storedElection, storedUser } from './storage-fixtures.js';
import { describeEachDialect, withMigratedDatabase } from './test-databases.js';

const input = { name: 'Mallory M', email: 'm@example.org', chat: 'mallory', description: 'I wrote docs.', comments: '' };
const LATER = new Date(NOW.getTime() + 3_600_000);

describeEachDialect('exception requests', (dialect) => {
  it('stores one request per user and election, even when submitted twice at once', () =>
    withMigratedDatabase(dialect, async (db) => {
      const electionId = await storedElection(db, 'steering---2026');
      const userId = await storedUser(db, 'mallory');
      assert.equal(await findOwnRequestState(db, electionId, userId), undefined);
      const outcomes = await Promise.all([
        createExceptionRequest(db, { electionId, userId, input, now: NOW }),
        createExceptionRequest(db, { electionId, userId, input, now: NOW }),
      ]);
      assert.deepEqual(outcomes.map((o) => o.ok).sort(), [false, true]);
      assert.equal(await findOwnRequestState(db, electionId, userId), 'pending');
      const [stored, ...rest] = await listExceptionRequests(db, electionId);
      assert.equal(rest.length, 0);
      assert.equal(stored?.login, 'mallory');
      assert.equal(stored?.description, 'I wrote docs.');
      assert.equal(stored?.reviewed, false);
      assert.equal(stored?.state, 'pending');
    }));

  it('finds and decides a request only through its own election', () =>
    withMigratedDatabase(dialect, async (db) => {
      const mine = await storedElection(db, 'mine');
      const other = await storedElection(db, 'other');
      const userId = await storedUser(db, 'mallory');
      await createExceptionRequest(db, { electionId: other, userId, input, now: NOW });
      const [request] = await listExceptionRequests(db, other);
      assert.ok(request);
      const decision = { decision: 'approved', note: '', by: 'alice', now: LATER } as const;
      assert.equal(await findExceptionRequest(db, mine, request.id), undefined);
      assert.equal(await decideExceptionRequest(db, mine, request.id, decision), false);
      assert.equal((await findExceptionRequest(db, other, request.id))?.state, 'pending');
      assert.equal(await decideExceptionRequest(db, other, request.id, decision), true);
      assert.equal((await findExceptionRequest(db, other, request.id))?.state, 'approved');
    }));

  it('records who decided, when and why, sets Elekto 0.6 reviewed, and lists pending requests first', () =>
    withMigratedDatabase(dialect, async (db) => {
      const electionId = await storedElection(db, 'steering---2026');
      const [ann, bob, cid] = [await storedUser(db, 'ann'), await storedUser(db, 'bob'), await storedUser(db, 'cid')];
      for (const userId of [ann, bob, cid]) await createExceptionRequest(db, { electionId, userId, input, now: NOW });
      const [first] = await listExceptionRequests(db, electionId);
      assert.ok(first);
      await decideExceptionRequest(db, electionId, first.id, { decision: 'declined', note: 'Not a member yet.', by: 'Alice', now: LATER });
      const listed = await listExceptionRequests(db, electionId);
      assert.deepEqual(listed.map((r) => [r.login, r.state]), [['bob', 'pending'], ['cid', 'pending'], ['ann', 'declined']]);
      assert.deepEqual(listed[2]?.decision, { note: 'Not a member yet.', by: 'Alice', at: LATER });
      assert.equal(listed[2]?.reviewed, true);
      assert.equal(await findOwnRequestState(db, electionId, ann), 'declined');
      assert.equal(await findOwnRequestState(db, electionId, bob), 'pending');
      assert.deepEqual(await countPendingRequests(db, [electionId]), new Map([[electionId, 2]]));
      // What a Python Elekto reads: its own column says the request was handled.
      const raw = await sql<{ reviewed: unknown }>`select reviewed from request where user_id = ${ann}`.execute(db);
      assert.ok([true, 1].includes(raw.rows[0]?.reviewed as never));
    }));

  it('reads a request Elekto 0.6 marked reviewed, without a decision, as reviewed and not pending', () =>
    withMigratedDatabase(dialect, async (db) => {
      const electionId = await storedElection(db, 'steering---2026');
      const userId = await storedUser(db, 'mallory');
      await createExceptionRequest(db, { electionId, userId, input, now: NOW });
      await db.updateTable('request').set({ reviewed: true }).execute();
      assert.equal(await findOwnRequestState(db, electionId, userId), 'reviewed');
      assert.deepEqual(await countPendingRequests(db, [electionId]), new Map());
    }));
});
