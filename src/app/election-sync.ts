import type { Kysely } from 'kysely';
import { err, ok, type Result } from '../core/result.js';
import { loadCatalog, syncCheckout, type Catalog } from '../meta/index.js';
import { electionIdsByKey, syncElectionRows, type ElectionRowChanges } from '../storage/repositories/election-repository.js';
import { recordSyncFailure, recordSyncSuccess } from '../storage/repositories/sync-state-repository.js';
import type { Database } from '../storage/schema.js';

/** Where the meta repository comes from and where it is read (the `META_*` settings). */
export interface MetaSource {
  /** Clone URL or local path; absent when another process keeps `path` up to date (sidecar). */
  readonly repo: string | undefined;
  readonly branch: string;
  readonly path: string;
  readonly electionDir: string;
}

export interface SyncReport {
  readonly catalog: Catalog;
  /** The commit now served, or null when `path` is not a git clone we manage. */
  readonly commit: string | null;
  readonly previousCommit: string | null;
  readonly rows: ElectionRowChanges;
  /** Election key → database id, for every election of the catalog. */
  readonly electionIds: ReadonlyMap<string, number>;
}

/**
 * One sync (SPEC §3): bring the clone to the remote branch (when we manage it), rebuild the
 * catalog from it, upsert one election row per election (never deleting any), and record the
 * outcome in the database so every replica learns of it. On failure nothing the server
 * serves has changed and the failure is recorded; the caller keeps its last good catalog.
 */
export async function syncElections(db: Kysely<Database>, source: MetaSource, now: Date): Promise<Result<SyncReport, string>> {
  const checkout = source.repo === undefined ? ok(null) : await syncCheckout({ repo: source.repo, branch: source.branch, path: source.path });
  if (!checkout.ok) return fail(db, checkout.error, now);
  const commit = checkout.value?.commit ?? null;
  const loaded = await loadCatalog(source.path, source.electionDir, commit);
  if (!loaded.ok) return fail(db, loaded.error, now);
  const catalog = loaded.value;
  const elections = catalog.list().map((e) => ({ key: e.key, name: e.config.name ?? e.key }));
  const rows = await syncElectionRows(db, elections, now);
  const electionIds = await electionIdsByKey(db, elections.map((e) => e.key));
  await recordSyncSuccess(db, commit ?? 'unversioned', now);
  return ok({ catalog, commit, previousCommit: checkout.value?.previousCommit ?? null, rows, electionIds });
}

async function fail(db: Kysely<Database>, message: string, now: Date): Promise<Result<never, string>> {
  await recordSyncFailure(db, message, now);
  return err(message);
}
