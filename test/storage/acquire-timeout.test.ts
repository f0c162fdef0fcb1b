// DB_ACQUIRE_TIMEOUT (SPEC §16): a request that gave up waiting for a connection also leaves
// the driver's queue. Otherwise, while the database hangs, every request that times out stays
// queued inside the driver: an outage piles up waiters without bound, and each one is handed a
// connection (or makes the pool open one) after the request is long gone. SQLite has no pool:
// its single connection is shared in this process.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import mysql2 from 'mysql2';
import pg from 'pg';
import { isDatabaseUnavailable } from '../../src/storage/driver-errors.js';
import { openDatabase } from '../../src/storage/open-database.js';
import { POOL_SIZE } from '../../src/storage/storage-dialect.js';
import { withFreshDatabase, type Dialect } from './test-databases.js';

/** The acquire bound is short; opening a connection may take longer. */
const TIMEOUTS = { connectMs: 1500, acquireMs: 300, statementMs: 5000, sqliteBusyMs: 100 };
const GIVING_UP = 40;

/** The pools the driver creates, seen from inside (test only: their queues are private). */
function watchPools<P extends object>(prototype: P, method: keyof P & string): Set<P> {
  const seen = new Set<P>();
  const original = prototype[method] as (...args: unknown[]) => unknown;
  (prototype as Record<string, unknown>)[method] = function (this: P, ...args: unknown[]) {
    seen.add(this);
    return original.apply(this, args);
  };
  return seen;
}

// mysql2's typings leave out the Pool class that `createPool` instantiates.
const mysqlPools = watchPools((mysql2 as unknown as { Pool: { prototype: { getConnection: unknown } } }).Pool.prototype, 'getConnection');
const pgPools = watchPools(pg.Pool.prototype, 'connect');

/** How many acquisitions wait in the driver's own queue, and how soon a given-up one leaves it. */
const DRIVER_QUEUES: Readonly<Record<Exclude<Dialect, 'sqlite'>, { readonly queued: () => number; readonly leavesAfterMs: number }>> = {
  // mysql2 never drops a waiter by itself: they must not reach its queue.
  mysql: { queued: () => [...mysqlPools].reduce((sum, pool) => sum + (pool as unknown as { _connectionQueue: { length: number } })._connectionQueue.length, 0), leavesAfterMs: TIMEOUTS.acquireMs },
  // pg-pool drops a waiter at its connectionTimeoutMillis, which is DB_CONNECT_TIMEOUT.
  postgresql: { queued: () => [...pgPools].reduce((sum, pool) => sum + pool.waitingCount, 0), leavesAfterMs: TIMEOUTS.connectMs },
};

for (const dialect of Object.keys(DRIVER_QUEUES) as (keyof typeof DRIVER_QUEUES)[]) {
  const driver = DRIVER_QUEUES[dialect];
  describe(`the acquire timeout (${dialect})`, () => {
    it('takes an acquisition that gave up out of the driver’s queue, so that waiters cannot pile up while the pool is held', (t) =>
      withFreshDatabase(dialect, async (target) => {
        const db = openDatabase({ ...target, timeouts: TIMEOUTS });
        let release = () => {};
        const released = new Promise<void>((resolve) => (release = resolve));
        const holders: Promise<void>[] = [];
        try {
          // Every connection of the pool is busy, as when the database stopped answering.
          let holding = 0;
          const allHeld = new Promise<void>((resolve) => {
            for (let i = 0; i < POOL_SIZE; i += 1) {
              holders.push(
                db.connection().execute(async (connection) => {
                  await sql`select 1`.execute(connection);
                  if (++holding === POOL_SIZE) resolve();
                  await released;
                }),
              );
            }
          });
          await allHeld;
          const started = performance.now();
          const outcomes = await Promise.allSettled(Array.from({ length: GIVING_UP }, () => sql`select 1`.execute(db)));
          const gaveUpMs = Math.round(performance.now() - started);
          assert.ok(outcomes.every((o) => o.status === 'rejected' && isDatabaseUnavailable(o.reason)), 'every request gave up with a 503');
          const right = driver.queued();
          await sleep(Math.max(0, driver.leavesAfterMs + 100 - (performance.now() - started)));
          const later = driver.queued();
          t.diagnostic(`${GIVING_UP} acquisitions gave up after ${gaveUpMs} ms; then ${right} in the driver's queue, ${later} after ${driver.leavesAfterMs + 100} ms`);
          assert.equal(later, 0, `no acquisition that gave up is left in the driver's queue after ${driver.leavesAfterMs} ms`);

          // The pool serves again as soon as its connections are free.
          release();
          await Promise.all(holders);
          const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
          assert.equal(Number(rows[0]?.one), 1);
        } finally {
          release();
          await Promise.allSettled(holders);
          await db.destroy();
        }
      }));
  });
}
