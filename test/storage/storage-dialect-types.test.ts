// The target each dialect's factory receives, checked by the compiler: `npm run typecheck`
// fails when a line below stops compiling, or when an `@ts-expect-error` line starts to.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DATABASE_TIMEOUTS } from '../../src/storage/database-timeouts.js';
import { mysqlStorageDialect } from '../../src/storage/dialects/mysql-storage-dialect.js';
import { postgresqlStorageDialect } from '../../src/storage/dialects/postgresql-storage-dialect.js';
import type { TargetOf } from '../../src/storage/storage-dialect.js';

/** True exactly when A and B are the same type (never included). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

const server = { host: 'db', port: 3306, database: 'elekto', user: 'elekto', password: '' } as const;

test('each dialect receives its own target, and only that', () => {
  const mysqlIsMysql: Same<TargetOf<'mysql'>['dialect'], 'mysql'> = true;
  const postgresqlIsPostgresql: Same<TargetOf<'postgresql'>['dialect'], 'postgresql'> = true;
  const sqliteIsSqlite: Same<TargetOf<'sqlite'>['dialect'], 'sqlite'> = true;
  const mysql: TargetOf<'mysql'> = { dialect: 'mysql', ...server };
  const postgresql: TargetOf<'postgresql'> = { dialect: 'postgresql', ...server, port: 5432 };
  // @ts-expect-error a PostgreSQL target is not a MySQL one
  const crossed: TargetOf<'mysql'> = { dialect: 'postgresql', ...server };
  // @ts-expect-error the MySQL factory does not take a SQLite target
  const wrongFactory = () => mysqlStorageDialect.createKyselyDialect({ dialect: 'sqlite', path: 'x.db' }, DEFAULT_DATABASE_TIMEOUTS);
  // @ts-expect-error the PostgreSQL factory does not take a MySQL target
  const otherFactory = () => postgresqlStorageDialect.createKyselyDialect(mysql, DEFAULT_DATABASE_TIMEOUTS);
  assert.ok(mysqlIsMysql && postgresqlIsPostgresql && sqliteIsSqlite);
  assert.deepEqual([mysql.dialect, postgresql.dialect, crossed.dialect], ['mysql', 'postgresql', 'postgresql']);
  assert.equal(typeof wrongFactory, 'function');
  assert.equal(typeof otherFactory, 'function');
});
