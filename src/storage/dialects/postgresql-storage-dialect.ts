import { PostgresDialect } from 'kysely';
import pg from 'pg';
import { CLIENT_STATEMENT_GRACE_MS } from '../database-timeouts.js';
import { pgSsl } from '../database-tls.js';
import { ParameterEncodingPlugin } from '../plugins/parameter-encoding-plugin.js';
import { errorCode, NETWORK_ERROR_CODES, POOL_SIZE, type StorageDialect } from '../storage-dialect.js';
import { formatTimestampText, parseTimestampText } from '../timestamp-text.js';

/** `TIMESTAMP WITHOUT TIME ZONE`, the type Elekto 0.6 (SQLAlchemy) gave every timestamp. */
const TIMESTAMP_OID = 1114;

/**
 * node-postgres reads and writes zone-less timestamps in the process's local time zone;
 * ours mean UTC whatever `TZ` is. Parsing is fixed per pool (not globally, so other users
 * of `pg` in the process are unaffected); writing by the parameter plugin.
 */
function utcTypes(): pg.TypeOverrides {
  const types = new pg.TypeOverrides();
  types.setTypeParser(TIMESTAMP_OID, parseTimestampText);
  return types;
}

const encodeParameter = (value: unknown): unknown => (value instanceof Date ? formatTimestampText(value) : value);

/** Codes from https://www.postgresql.org/docs/current/errcodes-appendix.html */
const UNIQUE_VIOLATION = '23505';
const SERIALIZATION_FAILURE = '40001';
const DEADLOCK_DETECTED = '40P01';
/** Shutting down, crashed, starting up; a statement cancelled by `statement_timeout`; too many clients. */
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '57014', '53300']);
/** Class 08, connection exception. */
const CONNECTION_EXCEPTION = /^08/;
/** node-postgres raises these without a code: a lost or unopenable connection, or its own timeouts. */
const UNAVAILABLE_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Client was closed)/;

function isUnavailable(error: unknown): boolean {
  const code = errorCode(error) ?? '';
  if (NETWORK_ERROR_CODES.has(code) || UNAVAILABLE_CODES.has(code) || CONNECTION_EXCEPTION.test(code)) return true;
  return error instanceof Error && UNAVAILABLE_MESSAGES.test(error.message);
}

/**
 * A client whose statement got no answer in time is closed, so the pool replaces it: left
 * open, it would hand its next statement to a server that still owes the last answer.
 */
function closeOnReadTimeout(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const result = query(...args);
    if (result instanceof Promise) {
      result.catch((error: unknown) => {
        if (error instanceof Error && error.message === 'Query read timeout') void client.end().catch(() => undefined);
      });
    }
    return result;
  }) as typeof client.query;
}

/** PostgreSQL through node-postgres, with a pool per process. */
export const postgresqlStorageDialect: StorageDialect<'postgresql'> = {
  dialect: 'postgresql',
  createKyselyDialect: (target, timeouts) => {
    const { host, port, database, user, password, tls } = target;
    const pool = new pg.Pool({
      host,
      port,
      database,
      user,
      password,
      ssl: pgSsl(tls),
      types: utcTypes(),
      max: POOL_SIZE,
      // pg-pool applies it to opening a connection and to waiting for a free one alike: a
      // request that gave up waiting (DB_ACQUIRE_TIMEOUT) leaves pg-pool's queue by then.
      connectionTimeoutMillis: timeouts.connectMs,
      // The server cancels a slow statement itself; the client gives up a little later, for a
      // server that answers nothing at all (stopped, frozen, unreachable network).
      statement_timeout: timeouts.statementMs,
      query_timeout: timeouts.statementMs + CLIENT_STATEMENT_GRACE_MS,
      keepAlive: true,
    });
    pool.on('connect', closeOnReadTimeout);
    // A pooled connection that dies while idle (server restart) is discarded by the pool
    // and the next query opens a new one; unhandled, the event would end the process.
    pool.on('error', () => {});
    return new PostgresDialect({ pool });
  },
  plugins: [new ParameterEncodingPlugin(encodeParameter)],
  isUniqueViolation: (error) => errorCode(error) === UNIQUE_VIOLATION,
  isTransientContention: (error) => [SERIALIZATION_FAILURE, DEADLOCK_DETECTED].includes(errorCode(error) ?? ''),
  isUnavailable,
};
