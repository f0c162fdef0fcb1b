import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import { ColumnDecodingPlugin, type ColumnDecoder } from '../plugins/column-decoding-plugin.js';
import { ParameterEncodingPlugin } from '../plugins/parameter-encoding-plugin.js';
import { BOOLEAN_COLUMNS, TIMESTAMP_COLUMNS } from '../schema.js';
import { errorCode, type StorageDialect } from '../storage-dialect.js';
import { formatTimestampText, parseTimestampText } from '../timestamp-text.js';

/**
 * `busyMs`: how long a statement waits, blocking the event loop (better-sqlite3 is
 * synchronous), for another connection's write lock before failing with SQLITE_BUSY.
 */
function openFile(path: string, busyMs: number): SqliteDatabase.Database {
  mkdirSync(dirname(path), { recursive: true });
  const database = new SqliteDatabase(path, { timeout: busyMs });
  // WAL lets pages be read while a ballot is being written; Elekto 0.6 reads it as well.
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  cachePreparedStatements(database);
  return database;
}

/** Distinct SQL texts kept compiled; Kysely's queries use placeholders, so a server needs few. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver calls `prepare` for every query it runs, and better-sqlite3 compiles
 * the SQL anew each time: on a page read that was the largest single cost of its database
 * queries. Statements are reusable (Kysely only calls `all`, `run` and `iterate` on them, one at
 * a time on its single connection), so the compiled ones are kept, keyed by their SQL text.
 * SQLite recompiles a kept statement by itself if the schema changes under it.
 */
function cachePreparedStatements(database: SqliteDatabase.Database): void {
  const prepare = database.prepare.bind(database);
  const cache = new Map<string, SqliteDatabase.Statement>();
  database.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(source, statement);
    }
    return statement;
  }) as typeof database.prepare;
}

/** better-sqlite3 binds neither `Date` nor `boolean`: store them as SQLAlchemy did. */
function encodeParameter(value: unknown): unknown {
  if (value instanceof Date) return formatTimestampText(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

const decodeTimestamp: ColumnDecoder = (value) => (typeof value === 'string' ? parseTimestampText(value) : value);
const decodeBoolean: ColumnDecoder = (value) => (typeof value === 'number' ? value !== 0 : value);

const decoders = new Map<string, ColumnDecoder>([
  ...Object.keys(TIMESTAMP_COLUMNS).map((column) => [column, decodeTimestamp] as const),
  ...Object.keys(BOOLEAN_COLUMNS).map((column) => [column, decodeBoolean] as const),
]);

/** SQLite through better-sqlite3: one file, created (with its folder) on first use. */
export const sqliteStorageDialect: StorageDialect<'sqlite'> = {
  dialect: 'sqlite',
  createKyselyDialect: (target, timeouts) => new SqliteDialect({ database: async () => openFile(target.path, timeouts.sqliteBusyMs) }),
  plugins: [new ParameterEncodingPlugin(encodeParameter), new ColumnDecodingPlugin(decoders)],
  isUniqueViolation: (error) => ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'].includes(errorCode(error) ?? ''),
  isTransientContention: (error) => /^SQLITE_(BUSY|LOCKED)/.test(errorCode(error) ?? ''),
  // Still busy after the retries, or the file cannot be opened, read or written.
  isUnavailable: (error) => /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|FULL)/.test(errorCode(error) ?? ''),
};
