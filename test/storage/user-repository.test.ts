import assert from 'node:assert/strict';
import { it } from 'node:test';
import { findUserByLogin, upsertUserByLogin } from '../../src/storage/repositories/user-repository.js';
import { NOW } from './storage-fixtures.js';
import { describeEachDialect, withMigratedDatabase } from './test-databases.js';

describeEachDialect('users', (dialect) => {
  it('creates a user on first login and finds it again, whatever the case of the login', () =>
    withMigratedDatabase(dialect, async (db) => {
      const created = await upsertUserByLogin(db, { login: 'JBerkus', name: 'Josh Berkus' }, NOW);
      assert.deepEqual(await upsertUserByLogin(db, { login: 'jberkus', name: 'Josh Berkus' }, NOW), created);
      assert.deepEqual(await findUserByLogin(db, 'JBERKUS'), created);
      assert.equal((await db.selectFrom('user').select('id').execute()).length, 1);
    }));

  it('records a changed display name', () =>
    withMigratedDatabase(dialect, async (db) => {
      const created = await upsertUserByLogin(db, { login: 'dims', name: null }, NOW);
      const renamed = await upsertUserByLogin(db, { login: 'dims', name: 'Davanum Srinivas' }, NOW);
      assert.deepEqual(renamed, { ...created, name: 'Davanum Srinivas' });
      assert.deepEqual(await findUserByLogin(db, 'dims'), renamed);
    }));

  it('stores no token', () =>
    withMigratedDatabase(dialect, async (db) => {
      await upsertUserByLogin(db, { login: 'dims', name: null }, NOW);
      assert.deepEqual(await db.selectFrom('user').select(['token', 'token_expires_at']).execute(), [{ token: null, token_expires_at: null }]);
    }));

  it('gives one user to the same new login arriving twice at once, whatever its spelling', () =>
    withMigratedDatabase(dialect, async (db) => {
      const [first, second, third] = await Promise.all([
        upsertUserByLogin(db, { login: 'paris', name: null }, NOW),
        upsertUserByLogin(db, { login: 'paris', name: null }, NOW),
        upsertUserByLogin(db, { login: 'Paris', name: null }, NOW),
      ]);
      assert.equal(second.id, first.id);
      assert.equal(third.id, first.id);
      assert.equal((await findUserByLogin(db, 'PARIS'))?.id, first.id);
    }));

  it('takes the oldest of the spellings an Elekto 0.6 database may hold as the user', () =>
    withMigratedDatabase(dialect, async (db) => {
      // MySQL's case-insensitive UNIQUE(username) cannot hold both; the others could.
      const oldest = await upsertUserByLogin(db, { login: 'dims', name: null }, NOW);
      await db.insertInto('user').values({ username: 'Dims' }).execute().catch(() => undefined);
      assert.equal((await findUserByLogin(db, 'Dims'))?.id, oldest.id);
      assert.equal((await upsertUserByLogin(db, { login: 'DIMS', name: null }, NOW)).id, oldest.id);
    }));

  it('returns nothing for a login never seen', () =>
    withMigratedDatabase(dialect, async (db) => {
      assert.equal(await findUserByLogin(db, 'nobody'), undefined);
    }));
});
