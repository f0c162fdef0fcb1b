import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely, Transaction } from 'kysely';
import { isTransientContention } from './driver-errors.js';
import type { Database } from './schema.js';

const MAX_ATTEMPTS = 8;
const FIRST_BACKOFF_MS = 10;

/**
 * Runs `work` in one transaction, committed if it returns and rolled back if it throws.
 * When the database gives up on it because of a concurrent transaction (a deadlock, a lock
 * timeout, a busy SQLite file), the whole transaction runs again after a short random wait:
 * databases expect clients to do so. `work` must therefore only touch the database.
 * `db` must not itself be a transaction.
 */
export async function runTransaction<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isTransientContention(error)) throw error;
      // Random, growing waits so that two retrying transactions stop colliding.
      await sleep(FIRST_BACKOFF_MS * 2 ** (attempt - 1) * (0.5 + Math.random()));
    }
  }
}
