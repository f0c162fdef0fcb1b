import type { Kysely } from 'kysely';
import { err, ok, type Result } from '../core/result.js';
import { loadCatalog, syncCheckout, type Catalog } from '../meta/index.js';
import { electionIdsByKey, syncElectionRows, type ElectionRowChanges } from '../storage/repositories/election-repository.js';
import { checkGuardrails, type GuardrailReport } from './guardrail-check.js';
import { readSyncState, recordSyncFailure, recordSyncSuccess } from '../storage/repositories/sync-state-repository.js';
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
  /** The sync generation this sync recorded, or null when it recorded none (see `SyncAnnouncement`). */
  readonly generation: number | null;
  /** Guardrail warnings this sync recorded, and elections it could not check. */
  readonly guardrails: GuardrailReport;
}

/**
 * Whether a sync is recorded in `sync_state` for the other replicas to follow: `always` (a
 * webhook, the timer, `elekto sync`), or `if-new` for a replica following another one's sync:
 * its success is recorded only when it reached another commit than the recorded one (the
 * branch moved again meanwhile), and its failure is left to the caller to report, so
 * followers never set each other off.
 */
export type SyncAnnouncement = 'always' | 'if-new';

/**
 * One sync (SPEC §3): bring the clone to the remote branch (when we manage it), rebuild the
 * catalog from it, upsert one election row per election (never deleting any), and record the
 * outcome in the database so every replica learns of it (as `announce` says). On failure
 * nothing the server serves has changed; the caller keeps its last good catalog.
 */
export async function syncElections(
  db: Kysely<Database>,
  source: MetaSource,
  now: Date,
  announce: SyncAnnouncement = 'always',
): Promise<Result<SyncReport, string>> {
  const fail = (message: string) => (announce === 'always' ? recordFailure(db, message, now) : Promise.resolve(err(message)));
  const checkout = source.repo === undefined ? ok(null) : await syncCheckout({ repo: source.repo, branch: source.branch, path: source.path });
  if (!checkout.ok) return fail(checkout.error);
  const commit = checkout.value?.commit ?? null;
  const loaded = await loadCatalog(source.path, source.electionDir, commit);
  if (!loaded.ok) return fail(loaded.error);
  const catalog = loaded.value;
  const elections = catalog.list().map((e) => ({ key: e.key, name: e.config.name ?? e.key }));
  const rows = await syncElectionRows(db, elections, now);
  const electionIds = await electionIdsByKey(db, elections.map((e) => e.key));
  // Before the catalog is served, so a changed candidate set pauses voting from its first request.
  const guardrails = await checkGuardrails(db, { catalog, electionIds, rows, commit }, now);
  const record = announce === 'always' || (commit !== null && commit !== (await readSyncState(db)).revision);
  const generation = record ? (await recordSyncSuccess(db, commit ?? 'unversioned', now)).generation : null;
  return ok({ catalog, commit, previousCommit: checkout.value?.previousCommit ?? null, rows, electionIds, generation, guardrails });
}

async function recordFailure(db: Kysely<Database>, message: string, now: Date): Promise<Result<never, string>> {
  await recordSyncFailure(db, message, now);
  return err(message);
}
