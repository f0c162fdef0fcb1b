import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { it } from 'node:test';
import {
  createSession,
  deleteExpiredSessions,
  deleteSession,
  findSession,
  updateSession,
} from '../../src/storage/repositories/session-repository.js';
import { NOW, storedUser } from './storage-fixtures.js';
import { describeEachDialect, withMigratedDatabase } from './test-databases.js';

const HOUR = 3_600_000;
const inHours = (hours: number) => new Date(NOW.getTime() + hours * HOUR);

describeEachDialect('sessions', (dialect) => {
  it('finds a session by its token, which is stored only as a hash', () =>
    withMigratedDatabase(dialect, async (db) => {
      const userId = await storedUser(db, 'alice');
      const { token, session } = await createSession(db, { userId, data: { returnTo: '/app' }, now: NOW, expiresAt: inHours(8) });
      assert.deepEqual(await findSession(db, token, NOW), session);
      assert.equal(session.userId, userId);
      const [row] = await db.selectFrom('session').select('id').execute();
      assert.equal(row?.id, createHash('sha256').update(token).digest('hex'));
      assert.equal(await findSession(db, `${token}x`, NOW), undefined);
    }));

  it('no longer finds a session once it has expired, and purges it', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { token } = await createSession(db, { userId: null, data: {}, now: NOW, expiresAt: inHours(1) });
      assert.ok(await findSession(db, token, inHours(0.5)));
      assert.equal(await findSession(db, token, inHours(1)), undefined);
      assert.equal(await deleteExpiredSessions(db, inHours(0.5)), 0);
      assert.equal(await deleteExpiredSessions(db, inHours(2)), 1);
    }));

  it('updates the data and expiry of a session, and ends it', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { token } = await createSession(db, { userId: null, data: { state: 'a' }, now: NOW, expiresAt: inHours(1) });
      assert.equal(await updateSession(db, token, { data: { state: 'b' }, expiresAt: inHours(3) }), true);
      const updated = await findSession(db, token, inHours(2));
      assert.deepEqual(updated?.data, { state: 'b' });
      await deleteSession(db, token);
      assert.equal(await findSession(db, token, NOW), undefined);
      assert.equal(await updateSession(db, token, { data: {} }), false);
    }));
});
