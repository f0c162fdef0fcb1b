import { DatabaseTimeoutError } from './bounded-dialect.js';
import { DIALECTS } from './database-target.js';
import { STORAGE_DIALECTS } from './storage-dialects.js';

// A process talks to one database, so only its driver's errors ever arrive here; asking
// every dialect is safe because their error codes do not overlap, and it lets the
// repositories take a plain `Kysely` without carrying the dialect around.

/** True when `error` is a database's refusal of a duplicate UNIQUE or PRIMARY KEY value. */
export function isUniqueViolation(error: unknown): boolean {
  return DIALECTS.some((dialect) => STORAGE_DIALECTS[dialect].isUniqueViolation(error));
}

/** True when `error` means a concurrent transaction was in the way; retrying is safe. */
export function isTransientContention(error: unknown): boolean {
  return DIALECTS.some((dialect) => STORAGE_DIALECTS[dialect].isTransientContention(error));
}

/**
 * True when `error` means the database cannot serve now (unreachable, lost, overloaded or too
 * slow): the request itself was fine, so it deserves a 503 and a retry, never a 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseTimeoutError) return true;
  return DIALECTS.some((dialect) => STORAGE_DIALECTS[dialect].isUnavailable(error));
}
