import { PostgresDialect } from 'kysely';
import pg from 'pg';
import { pgSsl } from '../database-tls.js';
import { ParameterEncodingPlugin } from '../plugins/parameter-encoding-plugin.js';
import { errorCode, type StorageDialect } from '../storage-dialect.js';
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

/** PostgreSQL through node-postgres, with a pool per process. */
export const postgresqlStorageDialect: StorageDialect<'postgresql'> = {
  dialect: 'postgresql',
  createKyselyDialect: (target) => {
    const { host, port, database, user, password, tls } = target;
    const pool = new pg.Pool({ host, port, database, user, password, ssl: pgSsl(tls), types: utcTypes() });
    // A pooled connection that dies while idle (server restart) is discarded by the pool
    // and the next query opens a new one; unhandled, the event would end the process.
    pool.on('error', () => {});
    return new PostgresDialect({ pool });
  },
  plugins: [new ParameterEncodingPlugin(encodeParameter)],
  isUniqueViolation: (error) => errorCode(error) === UNIQUE_VIOLATION,
  isTransientContention: (error) => [SERIALIZATION_FAILURE, DEADLOCK_DETECTED].includes(errorCode(error) ?? ''),
};
