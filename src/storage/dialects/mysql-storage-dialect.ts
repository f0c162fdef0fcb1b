import { MysqlDialect, type MysqlPool, type MysqlPoolConnection } from 'kysely';
import { createPool, type Pool, type PoolConnection, type RowDataPacket } from 'mysql2';
import { DatabaseTimeoutError } from '../bounded-dialect.js';
import { CLIENT_STATEMENT_GRACE_MS, type DatabaseTimeouts } from '../database-timeouts.js';
import { mysqlSsl } from '../database-tls.js';
import { ColumnDecodingPlugin, type ColumnDecoder } from '../plugins/column-decoding-plugin.js';
import { BOOLEAN_COLUMNS } from '../schema.js';
import { errorCode, NETWORK_ERROR_CODES, POOL_SIZE, type StorageDialect } from '../storage-dialect.js';

/** `BOOL` is `TINYINT(1)` in MySQL and MariaDB: it reads back as 0/1. */
const decodeBoolean: ColumnDecoder = (value) => (typeof value === 'number' ? value !== 0 : value);
const decoders = new Map<string, ColumnDecoder>(Object.keys(BOOLEAN_COLUMNS).map((column) => [column, decodeBoolean]));

/** mysql2's code for a statement not answered within its `timeout`. */
const STATEMENT_TIMEOUT = 'PROTOCOL_SEQUENCE_TIMEOUT';

/** Lost connection, mysql2's own timeouts, too many connections, server shutting down. */
const UNAVAILABLE_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  STATEMENT_TIMEOUT,
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_QUERY_TIMEOUT',
  'ER_LOCK_WAIT_TIMEOUT',
]);

/**
 * A statement stopped by MariaDB's `max_statement_time` (1969, which mysql2's MySQL table
 * names not) or MySQL's `max_execution_time` (3024, `ER_QUERY_TIMEOUT`).
 */
const SERVER_STATEMENT_TIMEOUTS = new Set([1969, 3024]);

/** MySQL before 5.7.8 has no `max_execution_time`: its statements are bounded by the client alone. */
const ER_UNKNOWN_SYSTEM_VARIABLE = 1193;

function errorNumber(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('errno' in error)) return undefined;
  return typeof error.errno === 'number' ? error.errno : undefined;
}

/**
 * The server's own bound on this session's statements, so that a statement the client gives
 * up on does not keep running there: MariaDB's `max_statement_time` (seconds, every
 * statement), or MySQL's `max_execution_time` (milliseconds, SELECT only). The answer to
 * `version()` tells them apart.
 */
function limitStatementsOnServer(connection: PoolConnection, timeouts: DatabaseTimeouts, done: (error: unknown) => void): void {
  const timeout = timeouts.connectMs;
  connection.query<RowDataPacket[]>({ sql: 'select version() as version', timeout }, (error, rows) => {
    if (error) return done(error);
    const mariadb = /mariadb/i.test(String(rows[0]?.version));
    const limit = mariadb
      ? { sql: 'set session max_statement_time = ?', values: [timeouts.statementMs / 1000] }
      : { sql: 'set session max_execution_time = ?', values: [timeouts.statementMs] };
    connection.query({ ...limit, timeout }, (error) => done(errorNumber(error) === ER_UNKNOWN_SYSTEM_VARIABLE ? null : error));
  });
}

/**
 * Where acquisitions wait for one of the pool's `size` connections, for `acquireMs` at most,
 * instead of in mysql2's queue, which nothing leaves before a connection frees: while the
 * database hangs, every request that gave up would stay queued there (without bound), then
 * be handed a connection, or make the pool open one, long after it was gone. A place is
 * taken from being admitted until the connection is released (or could not be had).
 */
class WaitingRoom {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(
    size: number,
    private readonly acquireMs: number,
  ) {
    this.#free = size;
  }

  enter(admitted: () => void, gaveUp: (error: Error) => void): void {
    if (this.#free > 0) {
      this.#free -= 1;
      return admitted();
    }
    const admit = () => {
      clearTimeout(timer);
      admitted();
    };
    const timer = setTimeout(() => {
      this.#waiting.splice(this.#waiting.indexOf(admit), 1);
      gaveUp(new DatabaseTimeoutError(`no database connection within ${this.acquireMs} ms`));
    }, this.acquireMs);
    this.#waiting.push(admit);
  }

  /** Hands the place to the longest waiting acquisition, if any. */
  leave(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#free += 1;
  }
}

/**
 * Kysely's MySQL driver runs `query(sql, parameters, callback)`, which mysql2 cannot bound;
 * this pool passes every statement with mysql2's `timeout`, a little longer than the server's
 * own limit (set on each new connection before its first use). mysql2 then reports the
 * timeout but keeps the connection, which still owes the server's answer: its next statement
 * would wait behind it with no timer running (a frozen server hangs every request that gets
 * such a connection). So a connection whose statement timed out is destroyed, and the pool
 * opens a new one for the next request.
 */
function boundedPool(pool: Pool, timeouts: DatabaseTimeouts): MysqlPool {
  const room = new WaitingRoom(POOL_SIZE, timeouts.acquireMs);
  const clientMs = timeouts.statementMs + CLIENT_STATEMENT_GRACE_MS;
  const wrapped = new WeakMap<PoolConnection, MysqlPoolConnection>();
  const bounded = (connection: PoolConnection): MysqlPoolConnection => {
    let found = wrapped.get(connection);
    if (!found) {
      found = {
        query: ((sql: string, values: unknown[], callback?: (error: unknown, ...results: unknown[]) => void) => {
          if (!callback) return connection.query({ sql, values, timeout: clientMs });
          return connection.query({ sql, values, timeout: clientMs }, (error: unknown, ...results: unknown[]) => {
            if (errorCode(error) === STATEMENT_TIMEOUT) connection.destroy();
            callback(error, ...results);
          });
        }) as MysqlPoolConnection['query'],
        release: () => {
          connection.release();
          room.leave();
        },
      };
      wrapped.set(connection, found);
    }
    return found;
  };
  /** Connections whose server-side limit is set: every one the pool has handed out. */
  const limited = new WeakSet<PoolConnection>();
  const handOut = (connection: PoolConnection, callback: (error: unknown, connection: MysqlPoolConnection) => void): void => {
    if (limited.has(connection)) return callback(null, bounded(connection));
    limitStatementsOnServer(connection, timeouts, (error) => {
      if (error) {
        connection.destroy();
        room.leave();
        return callback(error, undefined as never);
      }
      limited.add(connection);
      callback(null, bounded(connection));
    });
  };
  return {
    getConnection: (callback) =>
      room.enter(
        () =>
          pool.getConnection((error, connection) => {
            if (!error) return handOut(connection, callback);
            room.leave();
            callback(error, connection as never);
          }),
        (error) => callback(error, undefined as never),
      ),
    end: (callback) => pool.end(callback),
  };
}

/** MySQL or MariaDB through mysql2, with a pool per process. */
export const mysqlStorageDialect: StorageDialect<'mysql'> = {
  dialect: 'mysql',
  createKyselyDialect: (target, timeouts) => {
    const { host, port, database, user, password, tls } = target;
    // `timezone: 'Z'`: DATETIME values are UTC both ways, whatever the server's or the
    // process's time zone. mysql2's default flags include FOUND_ROWS, so an UPDATE reports
    // the rows it matched, as PostgreSQL and SQLite do.
    const pool = createPool({ host, port, database, user, password, ssl: mysqlSsl(tls, host), timezone: 'Z', charset: 'utf8mb4', connectTimeout: timeouts.connectMs, connectionLimit: POOL_SIZE, waitForConnections: false });
    return new MysqlDialect({ pool: boundedPool(pool, timeouts) });
  },
  plugins: [new ColumnDecodingPlugin(decoders)],
  isUniqueViolation: (error) => errorCode(error) === 'ER_DUP_ENTRY',
  isTransientContention: (error) => ['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT'].includes(errorCode(error) ?? ''),
  isUnavailable: (error) => {
    const code = errorCode(error) ?? '';
    return NETWORK_ERROR_CODES.has(code) || UNAVAILABLE_CODES.has(code) || SERVER_STATEMENT_TIMEOUTS.has(errorNumber(error) ?? 0);
  },
};
