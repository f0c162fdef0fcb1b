import type { Dialect as KyselyDialect, KyselyPlugin } from 'kysely';
import type { Dialect, DatabaseTarget } from './database-target.js';
import type { DatabaseTimeouts } from './database-timeouts.js';

/**
 * The target of one dialect: what its factory receives. An intersection, not `Extract`: the
 * servers share one member of `DatabaseTarget` whose `dialect` is `'postgresql' | 'mysql'`,
 * which `Extract` would drop for either dialect alone (leaving `never`, which accepts nothing
 * and checks nothing). Intersecting narrows that member's `dialect` to `D` and drops the others.
 */
export type TargetOf<D extends Dialect> = DatabaseTarget & { readonly dialect: D };

/**
 * Everything that differs between the databases Elekto runs on, as named capabilities. Each
 * dialect answers them in its own file under `dialects/`, every file with the same shape;
 * nothing else in storage names a database.
 */
export interface StorageDialect<D extends Dialect = Dialect> {
  readonly dialect: D;
  /**
   * The Kysely dialect connected to `target`, configured so that timestamps are UTC `Date`s
   * and booleans are `boolean`s both ways, and every connection and statement bounded by
   * `timeouts`. Connects lazily, on the first query.
   */
  createKyselyDialect(target: TargetOf<D>, timeouts: DatabaseTimeouts): KyselyDialect;
  /** Plugins that complete the value conversions the driver cannot do itself. */
  readonly plugins: readonly KyselyPlugin[];
  /** True for this driver's error for a broken UNIQUE or PRIMARY KEY constraint. */
  isUniqueViolation(error: unknown): boolean;
  /**
   * True for this driver's errors that mean "another transaction was in the way"
   * (deadlock, lock timeout, busy database): the whole transaction can safely be retried.
   */
  isTransientContention(error: unknown): boolean;
  /**
   * True for this driver's errors that mean the database cannot serve now (refused or lost
   * connection, timeout, server shutting down or overloaded): the request was fine, so the
   * answer is 503, and nothing needs doing but waiting.
   */
  isUnavailable(error: unknown): boolean;
}

/**
 * Connections a server dialect's pool opens at most, per process: requests beyond that wait
 * for one to be free, at most `DatabaseTimeouts.acquireMs`.
 */
export const POOL_SIZE = 10;

/** Socket-level failures every driver passes through from Node's `net` module. */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** The `code` property that Node database drivers put on their errors, if any. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
