// SPEC §16: expired sessions and OAuth states, and passphrase attempts that no longer count,
// are purged by every server periodically and by `elekto migrate`.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Kysely } from 'kysely';
import { purgeExpiredRows, purgePeriodically } from '../../src/app/expired-rows.js';
import { runMigrate } from '../../src/cli/commands/migrate.js';
import { saveOAuthState } from '../../src/storage/repositories/oauth-state-repository.js';
import { recordPassphraseAttempt } from '../../src/storage/repositories/passphrase-attempt-repository.js';
import { createSession } from '../../src/storage/repositories/session-repository.js';
import type { Database } from '../../src/storage/schema.js';
import { NOW, storedUser } from '../storage/storage-fixtures.js';
import { describeEachDialect, withMigratedDatabase } from '../storage/test-databases.js';

const MINUTE = 60_000;
const at = (minutes: number) => new Date(NOW.getTime() + minutes * MINUTE);

/** One row of each kind that is expired at NOW and one that is not. */
async function seed(db: Kysely<Database>): Promise<void> {
  const userId = await storedUser(db, 'carol');
  await createSession(db, { userId, data: {}, now: at(-600), expiresAt: at(-1) });
  await createSession(db, { userId, data: {}, now: at(-60), expiresAt: at(60) });
  await saveOAuthState(db, 'expired state', at(-1));
  await saveOAuthState(db, 'live state', at(5));
  await recordPassphraseAttempt(db, userId, at(-11), at(-21));
  await recordPassphraseAttempt(db, userId, at(-9), at(-19));
}

const count = async (db: Kysely<Database>, table: 'session' | 'oauth_state' | 'passphrase_attempt') =>
  Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).executeTakeFirstOrThrow()).n);

describeEachDialect('purging expired rows', (dialect) => {
  it('deletes expired sessions and states, and attempts older than the 10-minute window', () =>
    withMigratedDatabase(dialect, async (db) => {
      await seed(db);
      assert.deepEqual(await purgeExpiredRows(db, NOW), { sessions: 1, oauthStates: 1, passphraseAttempts: 1 });
      assert.deepEqual([await count(db, 'session'), await count(db, 'oauth_state'), await count(db, 'passphrase_attempt')], [1, 1, 1]);
      assert.deepEqual(await purgeExpiredRows(db, NOW), { sessions: 0, oauthStates: 0, passphraseAttempts: 0 });
    }));

  it('runs every period in a server (fake timers)', (t) =>
    withMigratedDatabase(dialect, async (db) => {
      await seed(db);
      t.mock.timers.enable({ apis: ['setTimeout'] });
      let logged: (details: object) => void = () => {};
      const purged = new Promise<object>((resolve) => (logged = resolve));
      const task = purgePeriodically(db, () => NOW, { info: (details) => logged(details), warn: (details) => assert.fail(JSON.stringify(details)) }, 60_000);
      t.mock.timers.tick(60_000);
      assert.deepEqual(await purged, { sessions: 1, oauthStates: 1, passphraseAttempts: 1 });
      await task.stop();
    }));

  it('runs in elekto migrate', () =>
    withMigratedDatabase(dialect, async (db, target) => {
      const now = Date.now();
      await createSession(db, { userId: null, data: {}, now: new Date(now - 60 * MINUTE), expiresAt: new Date(now - MINUTE) });
      await createSession(db, { userId: null, data: {}, now: new Date(now - MINUTE), expiresAt: new Date(now + 60 * MINUTE) });
      const stdout: string[] = [];
      assert.equal(await runMigrate(target, { stdout: (text) => void stdout.push(text), stderr: (text) => assert.fail(text) }), 0);
      assert.match(stdout.join(''), /is up to date\.\nDeleted 1 expired session\.\n$/);
      assert.equal(await count(db, 'session'), 1);
    }));
});
