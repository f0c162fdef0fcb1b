import { MysqlDialect, type MysqlPool, type MysqlPoolConnection } from 'kysely';
import { createPool, type Pool, type PoolConnection } from 'mysql2';
import { mysqlSsl } from '../database-tls.js';
import { ColumnDecodingPlugin, type ColumnDecoder } from '../plugins/column-decoding-plugin.js';
import { BOOLEAN_COLUMNS } from '../schema.js';
import { errorCode, NETWORK_ERROR_CODES, type StorageDialect } from '../storage-dialect.js';

/** `BOOL` is `TINYINT(1)` in MySQL and MariaDB: it reads back as 0/1. */
const decodeBoolean: ColumnDecoder = (value) => (typeof value === 'number' ? value !== 0 : value);
const decoders = new Map<string, ColumnDecoder>(Object.keys(BOOLEAN_COLUMNS).map((column) => [column, decodeBoolean]));

/** mysql2's code for a statement not answered within its `timeout`. */
const STATEMENT_TIMEOUT = 'PROTOCOL_SEQUENCE_TIMEOUT';

/**
 * Lost connection, mysql2's own timeouts, too many connections, server shutting down, and a
 * statement stopped by MariaDB's `max_statement_time` or MySQL's `max_execution_time`.
 */
const UNAVAILABLE_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  STATEMENT_TIMEOUT,
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_STATEMENT_TIMEOUT',
  'ER_QUERY_TIMEOUT',
  'ER_LOCK_WAIT_TIMEOUT',
]);

/**
 * Kysely's MySQL driver runs `query(sql, parameters, callback)`, which mysql2 cannot bound;
 * this pool passes every statement with mysql2's `timeout`. mysql2 then reports the timeout
 * but keeps the connection, which still owes the server's answer: its next statement would
 * wait behind it with no timer running (a frozen server hangs every request that gets such a
 * connection). So a connection whose statement timed out is destroyed, and the pool opens a
 * new one for the next request.
 */
function boundedPool(pool: Pool, statementMs: number): MysqlPool {
  const wrapped = new WeakMap<PoolConnection, MysqlPoolConnection>();
  const bounded = (connection: PoolConnection): MysqlPoolConnection => {
    let found = wrapped.get(connection);
    if (!found) {
      found = {
        query: ((sql: string, values: unknown[], callback?: (error: unknown, ...results: unknown[]) => void) => {
          if (!callback) return connection.query({ sql, values, timeout: statementMs });
          return connection.query({ sql, values, timeout: statementMs }, (error: unknown, ...results: unknown[]) => {
            if (errorCode(error) === STATEMENT_TIMEOUT) connection.destroy();
            callback(error, ...results);
          });
        }) as MysqlPoolConnection['query'],
        release: () => connection.release(),
      };
      wrapped.set(connection, found);
    }
    return found;
  };
  return {
    getConnection: (callback) => pool.getConnection((error, connection) => callback(error, error ? (connection as never) : bounded(connection))),
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
    const pool = createPool({ host, port, database, user, password, ssl: mysqlSsl(tls, host), timezone: 'Z', charset: 'utf8mb4', connectTimeout: timeouts.connectMs });
    return new MysqlDialect({ pool: boundedPool(pool, timeouts.statementMs) });
  },
  plugins: [new ColumnDecodingPlugin(decoders)],
  isUniqueViolation: (error) => errorCode(error) === 'ER_DUP_ENTRY',
  isTransientContention: (error) => ['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT'].includes(errorCode(error) ?? ''),
  isUnavailable: (error) => {
    const code = errorCode(error) ?? '';
    return NETWORK_ERROR_CODES.has(code) || UNAVAILABLE_CODES.has(code);
  },
};
