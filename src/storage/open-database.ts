import { Kysely } from 'kysely';
import type { DatabaseTarget, Dialect } from './database-target.js';
import type { Database } from './schema.js';
import type { TargetOf } from './storage-dialect.js';
import { STORAGE_DIALECTS } from './storage-dialects.js';

function open<D extends Dialect>(dialect: D, target: TargetOf<D>): Kysely<Database> {
  const storage = STORAGE_DIALECTS[dialect];
  return new Kysely<Database>({ dialect: storage.createKyselyDialect(target), plugins: [...storage.plugins] });
}

/**
 * A connection pool to `target`, typed with Elekto's tables. Nothing is contacted until the
 * first query, so an unreachable server shows up there. Close it with `destroy()`.
 */
export function openDatabase(target: DatabaseTarget): Kysely<Database> {
  return open(target.dialect, target);
}
