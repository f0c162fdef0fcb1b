// DB_STATEMENT_TIMEOUT (SPEC §16) is enforced by the server, not only by the client: a slow
// statement is stopped where it runs, so a client that gives up does not leave it running and
// holding the server's resources. SQLite has no server: better-sqlite3 runs every statement
// synchronously in this process, so there is nothing to stop apart from the process.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { isDatabaseUnavailable } from '../../src/storage/driver-errors.js';
import { openDatabase } from '../../src/storage/open-database.js';
import type { Database } from '../../src/storage/schema.js';
import { withFreshDatabase, type Dialect } from './test-databases.js';

const TIMEOUTS = { connectMs: 2000, acquireMs: 2000, statementMs: 1000, sqliteBusyMs: 100 };

interface ServerProbe {
  /** A statement that takes `seconds` and names itself `marker` (so it can be found running). */
  sleep(seconds: number, marker: string): ReturnType<typeof sql>;
  /** How many other sessions are running a statement that contains `marker`. */
  running(db: Kysely<Database>, marker: string): Promise<number>;
  /** The server's own error for a statement it stopped for taking too long. */
  stoppedByServer(error: unknown): boolean;
}

const fieldOf = (error: unknown, field: string): unknown => (typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[field] : undefined);

const SERVERS: Readonly<Record<Exclude<Dialect, 'sqlite'>, ServerProbe>> = {
  postgresql: {
    sleep: (seconds, marker) => sql`select pg_sleep(${sql.lit(seconds)}) as ${sql.id(marker)}`,
    running: async (db, marker) =>
      Number(
        (
          await sql<{ n: number }>`select count(*) as n from pg_stat_activity
            where state = 'active' and pid <> pg_backend_pid() and query like ${`%${marker}%`}`.execute(db)
        ).rows[0]?.n,
      ),
    stoppedByServer: (error) => fieldOf(error, 'code') === '57014',
  },
  mysql: {
    sleep: (seconds, marker) => sql`select sleep(${sql.lit(seconds)}) as ${sql.id(marker)}`,
    running: async (db, marker) =>
      Number(
        (
          await sql<{ n: number }>`select count(*) as n from information_schema.processlist
            where command = 'Query' and id <> connection_id() and info like ${`%${marker}%`}`.execute(db)
        ).rows[0]?.n,
      ),
    // MariaDB's max_statement_time (1969) or MySQL's max_execution_time (3024).
    stoppedByServer: (error) => [1969, 3024].includes(fieldOf(error, 'errno') as number),
  },
};

for (const dialect of Object.keys(SERVERS) as (keyof typeof SERVERS)[]) {
  const server = SERVERS[dialect];
  describe(`the statement timeout (${dialect})`, () => {
    it('is enforced by the server: a slow statement is stopped there, not left running after the client gives up', (t) =>
      withFreshDatabase(dialect, async (target) => {
        const db = openDatabase({ ...target, timeouts: TIMEOUTS });
        try {
          const marker = `elekto_slow_${randomBytes(4).toString('hex')}`;
          const started = performance.now();
          const error: unknown = await server.sleep(5, marker).execute(db).then(
            () => assert.fail('a 5 s statement finished despite a 1 s timeout'),
            (caught: unknown) => caught,
          );
          const ms = Math.round(performance.now() - started);
          t.diagnostic(`stopped after ${ms} ms: ${error instanceof Error ? error.message : String(error)}`);
          assert.ok(isDatabaseUnavailable(error), 'a statement that took too long is a 503, not a 500');
          assert.ok(server.stoppedByServer(error), `the server stopped it, not only the client: ${String(error)}`);
          assert.ok(ms >= TIMEOUTS.statementMs - 50 && ms < TIMEOUTS.statementMs + 1000, `stopped after ${ms} ms`);
          await sleep(200);
          assert.equal(await server.running(db, marker), 0, 'the statement is no longer running on the server');
          // The connection is still usable (or replaced): the next statement is answered.
          const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
          assert.equal(Number(rows[0]?.one), 1);
        } finally {
          await db.destroy();
        }
      }));
  });
}
