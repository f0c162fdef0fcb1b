import { MysqlDialect } from 'kysely';
import { createPool } from 'mysql2';
import { mysqlSsl } from '../database-tls.js';
import { ColumnDecodingPlugin, type ColumnDecoder } from '../plugins/column-decoding-plugin.js';
import { BOOLEAN_COLUMNS } from '../schema.js';
import { errorCode, type StorageDialect } from '../storage-dialect.js';

/** `BOOL` is `TINYINT(1)` in MySQL and MariaDB: it reads back as 0/1. */
const decodeBoolean: ColumnDecoder = (value) => (typeof value === 'number' ? value !== 0 : value);
const decoders = new Map<string, ColumnDecoder>(Object.keys(BOOLEAN_COLUMNS).map((column) => [column, decodeBoolean]));

/** MySQL or MariaDB through mysql2, with a pool per process. */
export const mysqlStorageDialect: StorageDialect<'mysql'> = {
  dialect: 'mysql',
  createKyselyDialect: (target) => {
    const { host, port, database, user, password, tls } = target;
    // `timezone: 'Z'`: DATETIME values are UTC both ways, whatever the server's or the
    // process's time zone. mysql2's default flags include FOUND_ROWS, so an UPDATE reports
    // the rows it matched, as PostgreSQL and SQLite do.
    const pool = createPool({ host, port, database, user, password, ssl: mysqlSsl(tls, host), timezone: 'Z', charset: 'utf8mb4' });
    return new MysqlDialect({ pool });
  },
  plugins: [new ColumnDecodingPlugin(decoders)],
  isUniqueViolation: (error) => errorCode(error) === 'ER_DUP_ENTRY',
  isTransientContention: (error) => ['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT'].includes(errorCode(error) ?? ''),
};
