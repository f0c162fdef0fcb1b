/**
 * How long a request may wait on the database (SPEC §16): without bounds, a database that
 * stops answering hangs every request, `/health` included. All in milliseconds.
 */
export interface DatabaseTimeouts {
  /** Opening a new connection to the server (TCP and handshake). */
  readonly connectMs: number;
  /** Waiting for a free connection of the pool (SQLite: for the single connection). */
  readonly acquireMs: number;
  /**
   * One statement, from sending it to its last row. The server stops it after this long
   * (PostgreSQL's `statement_timeout`, MariaDB's `max_statement_time`, MySQL's
   * `max_execution_time`, which covers only SELECT); the client gives up
   * `CLIENT_STATEMENT_GRACE_MS` later, for a server that answers nothing at all.
   */
  readonly statementMs: number;
  /**
   * SQLite only: how long a statement waits for another process's write lock. better-sqlite3
   * is synchronous, so this wait blocks the event loop: keep it short, a busy transaction is
   * retried asynchronously (see `run-transaction.ts`).
   */
  readonly sqliteBusyMs: number;
}

/**
 * How much longer than `statementMs` the client waits for a statement: long enough for the
 * server's own timeout error to arrive first, so that a statement the server can stop is
 * stopped there rather than left running after the client gave up.
 */
export const CLIENT_STATEMENT_GRACE_MS = 1000;

/**
 * Short enough that a page fails in seconds, long enough for the slowest page's query (a
 * results count reads every ballot: well under a second for thousands of voters).
 * `elekto migrate` allows its statements far longer.
 */
export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = Object.freeze({
  connectMs: 5_000,
  acquireMs: 5_000,
  statementMs: 10_000,
  sqliteBusyMs: 100,
});
