import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Where the meta repository sync stands, as every replica sees it. */
export interface SyncState {
  /** Commit last synced; `null` before the first sync. */
  readonly revision: string | null;
  /** Incremented by every successful sync: a replica that loaded a lower one reloads. */
  readonly generation: number;
  readonly syncedAt: Date | null;
  /** Why the last sync attempt failed, if it did (cleared by the next success). */
  readonly lastError: string | null;
  readonly lastErrorAt: Date | null;
}

/** The current sync state (the single row the migration created). */
export async function readSyncState(db: Kysely<Database>): Promise<SyncState> {
  const row = await db
    .selectFrom('sync_state')
    .select(['revision', 'generation', 'synced_at', 'last_error', 'last_error_at'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow(() => new Error('table sync_state has no row: run `elekto migrate`'));
  return {
    revision: row.revision,
    generation: Number(row.generation),
    syncedAt: row.synced_at,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
  };
}

/** Records a successful sync to `revision`, bumping the generation; returns the new state. */
export async function recordSyncSuccess(db: Kysely<Database>, revision: string, now: Date): Promise<SyncState> {
  await db
    .updateTable('sync_state')
    .set((eb) => ({
      revision,
      generation: eb('generation', '+', 1),
      synced_at: now,
      last_error: null,
      last_error_at: null,
    }))
    .where('id', '=', 1)
    .execute();
  return readSyncState(db);
}

/** Records that a sync failed; the last good revision stays the one to serve. */
export async function recordSyncFailure(db: Kysely<Database>, error: string, now: Date): Promise<void> {
  await db.updateTable('sync_state').set({ last_error: error, last_error_at: now }).where('id', '=', 1).execute();
}
