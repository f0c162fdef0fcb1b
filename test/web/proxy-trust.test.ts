// SPEC §16 "Behind proxies": TRUST_PROXY decides whose X-Forwarded-For names the client, so a
// client cannot choose the address that the per-address rate limits count.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDialect, withMigratedDatabase } from '../storage/test-databases.js';
import { testApp } from './web-harness.js';

/** The development login allows 20 attempts a minute per address (auth-routes.tsx). */
const LOGIN_LIMIT = 20;

/**
 * Statuses of `LOGIN_LIMIT + 1` development logins from 127.0.0.1 (inject's address), each
 * with the X-Forwarded-For header `forwardedFor(i)`. The user name is invalid, so nothing is
 * written: only the limiter counts.
 */
async function loginStatuses(app: FastifyInstance, forwardedFor: (i: number) => string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i <= LOGIN_LIMIT; i += 1) {
    const response = await app.inject({
      method: 'POST',
      url: '/login/development',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': forwardedFor(i) },
      payload: 'username=-not-a-login-',
    });
    statuses.push(response.statusCode);
  }
  return statuses;
}

const limited = [...Array<number>(LOGIN_LIMIT).fill(403), 429];

describeEachDialect('TRUST_PROXY and the per-address limits', (dialect) => {
  it('by default believes no X-Forwarded-For: forging a new one per request does not reset the limit', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app } = await testApp(db);
      assert.deepEqual(await loginStatuses(app, (i) => `198.51.100.${i}`), limited);
      await app.close();
    }));

  it('behind one proxy takes the address it appended, ignoring what the client forged before it', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app } = await testApp(db, { env: { TRUST_PROXY: '1' } });
      assert.deepEqual(await loginStatuses(app, (i) => `198.51.100.${i}, 203.0.113.7`), limited);
      // Different clients behind the proxy are counted apart.
      assert.ok((await loginStatuses(app, (i) => `203.0.113.${100 + i}`)).every((status) => status === 403));
      await app.close();
    }));

  it('believes only the listed proxy addresses', () =>
    withMigratedDatabase(dialect, async (db) => {
      const elsewhere = await testApp(db, { env: { TRUST_PROXY: '10.0.0.0/8' } });
      assert.deepEqual(await loginStatuses(elsewhere.app, (i) => `198.51.100.${i}`), limited, '127.0.0.1 is not a trusted proxy');
      await elsewhere.app.close();
      const here = await testApp(db, { env: { TRUST_PROXY: '10.0.0.0/8, loopback' } });
      assert.ok((await loginStatuses(here.app, (i) => `198.51.100.${i}`)).every((status) => status === 403));
      await here.app.close();
    }));
});
