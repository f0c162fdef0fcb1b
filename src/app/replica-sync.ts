import type { Kysely } from 'kysely';
import { readSyncState } from '../storage/repositories/sync-state-repository.js';
import type { Database } from '../storage/schema.js';
import type { CatalogStore } from './catalog-store.js';
import { repeat, type RepeatingTask } from './repeating-task.js';

/** The subset of a pino (Fastify) logger the sync timers write to. */
export interface SyncLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** How often a replica looks at `sync_state` by default: one indexed one-row read. */
export const REPLICA_POLL_MS = 2_000;

/** The longest wait between retries of a follow-up that keeps failing. */
const MAX_RETRY_MS = 60_000;

/**
 * Keeps one replica's catalog in step with the others' (SPEC §12). Every successful sync is
 * recorded in the database's `sync_state` with a bumped generation; this follower reads that
 * row and, when another replica recorded a sync to a commit it does not serve, runs a sync of
 * its own (its own clone fetches the same commit).
 *
 * It never follows its own syncs (`CatalogStore.recorded`) nor a commit it already serves,
 * and its follow-ups are recorded only when they reach a newer commit, so replicas never set
 * each other off in a loop. A follow-up that fails is retried with a growing delay.
 */
export class ReplicaFollower {
  readonly #db: Kysely<Database>;
  readonly #store: CatalogStore;
  readonly #log: SyncLog;
  readonly #retryBaseMs: number;
  /** The generation last dealt with; `undefined` until the first check. */
  #seen: number | undefined;
  #failures = 0;
  #retryAt = 0;

  constructor(db: Kysely<Database>, store: CatalogStore, options: { readonly log: SyncLog; readonly retryBaseMs?: number }) {
    this.#db = db;
    this.#store = store;
    this.#log = options.log;
    this.#retryBaseMs = options.retryBaseMs ?? REPLICA_POLL_MS;
  }

  /**
   * One look at `sync_state`, and a follow-up sync when another replica moved on.
   * @returns whether a follow-up sync ran
   */
  async check(): Promise<boolean> {
    // A sync of ours is under way: look again once it is over, knowing what it recorded.
    if (this.#store.busy || performance.now() < this.#retryAt) return false;
    const state = await readSyncState(this.#db);
    if (state.generation === this.#seen) return false;
    const served = this.#store.current.catalog.revision;
    const serving = state.revision !== null && state.revision !== 'unversioned' && state.revision === served;
    if (serving || this.#store.recorded(state.generation)) {
      this.#settle(state.generation);
      return false;
    }
    this.#log.info({ revision: state.revision, generation: state.generation, served }, 'another replica synced the meta repository; following');
    const outcome = await this.#store.follow();
    if (outcome.ok) {
      this.#settle(state.generation);
      this.#log.info({ revision: outcome.value.commit }, 'meta repository synced after another replica');
    } else {
      this.#failures += 1;
      const delay = Math.min(MAX_RETRY_MS, this.#retryBaseMs * 2 ** (this.#failures - 1));
      this.#retryAt = performance.now() + delay;
      this.#log.warn({ error: outcome.error, retryInMs: delay }, 'following another replica\'s sync failed; the last good catalog keeps serving');
    }
    return true;
  }

  #settle(generation: number): void {
    this.#seen = generation;
    this.#failures = 0;
    this.#retryAt = 0;
  }
}

/** Checks `sync_state` every `pollMs` (see `ReplicaFollower`) until stopped. */
export function followReplicas(db: Kysely<Database>, store: CatalogStore, options: { readonly log: SyncLog; readonly pollMs?: number }): RepeatingTask {
  const pollMs = options.pollMs ?? REPLICA_POLL_MS;
  const follower = new ReplicaFollower(db, store, { log: options.log, retryBaseMs: pollMs });
  return repeat(
    async () => void (await follower.check()),
    pollMs,
    (error) => options.log.warn({ err: error }, 'could not read the sync state from the database'),
  );
}

/**
 * `META_SYNC_INTERVAL`: syncs every `intervalSeconds` (SPEC §3), a safety net for missed
 * webhooks. Failures are logged; the last good catalog keeps serving.
 */
export function syncPeriodically(store: CatalogStore, intervalSeconds: number, log: SyncLog): RepeatingTask {
  return repeat(
    async () => {
      const outcome = await store.sync();
      if (!outcome.ok) log.warn({ error: outcome.error }, 'periodic sync of the meta repository failed; the last good catalog keeps serving');
      else if (outcome.value.commit !== outcome.value.previousCommit) log.info({ revision: outcome.value.commit }, 'periodic sync of the meta repository');
    },
    intervalSeconds * 1000,
    (error) => log.warn({ err: error }, 'periodic sync of the meta repository failed'),
  );
}
