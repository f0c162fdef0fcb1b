import type { Dialect } from './database-target.js';
import { mysqlStorageDialect } from './dialects/mysql-storage-dialect.js';
import { postgresqlStorageDialect } from './dialects/postgresql-storage-dialect.js';
import { sqliteStorageDialect } from './dialects/sqlite-storage-dialect.js';
import type { StorageDialect } from './storage-dialect.js';

/** Every supported database's capabilities; typed so that a new dialect must answer all. */
export const STORAGE_DIALECTS: { readonly [D in Dialect]: StorageDialect<D> } = Object.freeze({
  sqlite: sqliteStorageDialect,
  postgresql: postgresqlStorageDialect,
  mysql: mysqlStorageDialect,
});
