import { Kysely } from 'kysely';
import { withAcquireTimeout } from './bounded-dialect.js';
import type { DatabaseTarget, Dialect } from './database-target.js';
import { DEFAULT_DATABASE_TIMEOUTS } from './database-timeouts.js';
import { countingPoolUsage, PoolUsage } from './pool-usage.js';
import type { Database } from './schema.js';
import type { TargetOf } from './storage-dialect.js';
import { STORAGE_DIALECTS } from './storage-dialects.js';

function open<D extends Dialect>(dialect: D, target: TargetOf<D>): Kysely<Database> {
  const storage = STORAGE_DIALECTS[dialect];
  const usage = new PoolUsage();
  const timeouts = target.timeouts ?? DEFAULT_DATABASE_TIMEOUTS;
  const bounded = withAcquireTimeout(storage.createKyselyDialect(target, timeouts), timeouts.acquireMs);
  const db = new Kysely<Database>({ dialect: countingPoolUsage(bounded, usage), plugins: [...storage.plugins] });
  POOL_USAGE.set(db, usage);
  return db;
}

const POOL_USAGE = new WeakMap<Kysely<Database>, PoolUsage>();

/** How busy the pool of a database opened by `openDatabase` is (for `/metrics`). */
export function poolUsage(db: Kysely<Database>): PoolUsage | undefined {
  return POOL_USAGE.get(db);
}

/**
 * A connection pool to `target`, typed with Elekto's tables. Nothing is contacted until the
 * first query, so an unreachable server shows up there. Every wait for the database is bounded
 * by `target.timeouts` (SPEC §16). Close it with `destroy()`.
 */
export function openDatabase(target: DatabaseTarget): Kysely<Database> {
  return open(target.dialect, target);
}
