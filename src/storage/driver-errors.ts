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
