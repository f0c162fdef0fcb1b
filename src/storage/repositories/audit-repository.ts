import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * What the audit trail records (SPEC §14). Officer actions are kept for good; sync records
 * prune themselves, since every sync, even one that changed nothing, would otherwise add up.
 */
export const AUDIT_KINDS = ['decision', 'compute-results', 'download', 'accept-guardrail', 'sync'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** Sync records kept (the newest), across every election. */
export const SYNC_EVENTS_KEPT = 500;

export interface AuditEventInput {
  /** The election concerned; null for a sync record about the whole repository. */
  readonly electionId: number | null;
  readonly kind: AuditKind;
  /** The officer's login, or `sync`. */
  readonly actor: string;
  /** A sentence: never ballot content, never anything linking a voter to a ballot. */
  readonly detail: string;
  readonly commit?: string | null;
  readonly now: Date;
}

export interface AuditEvent {
  readonly id: number;
  readonly kind: string;
  readonly actor: string;
  readonly detail: string;
  readonly commit: string | null;
  readonly at: Date;
}

/** Records events; sync records beyond the newest `syncKept` are dropped (officers' actions never are). */
export async function recordAudit(db: Kysely<Database>, events: readonly AuditEventInput[], syncKept = SYNC_EVENTS_KEPT): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('audit_event')
    .values(events.map((e) => ({ election_id: e.electionId, kind: e.kind, actor: e.actor, detail: e.detail, commit: e.commit ?? null, created_at: e.now })))
    .execute();
  if (events.some((e) => e.kind === 'sync')) await pruneSyncEvents(db, syncKept);
}

async function pruneSyncEvents(db: Kysely<Database>, kept: number): Promise<void> {
  const oldestKept = await db
    .selectFrom('audit_event')
    .select('id')
    .where('kind', '=', 'sync')
    .orderBy('id', 'desc')
    .offset(kept - 1)
    .limit(1)
    .executeTakeFirst();
  if (oldestKept) await db.deleteFrom('audit_event').where('kind', '=', 'sync').where('id', '<', oldestKept.id).execute();
}

/** The trail of one election (its own events, and the syncs that touched it), newest first. */
export async function listAudit(db: Kysely<Database>, electionId: number): Promise<AuditEvent[]> {
  const rows = await db
    .selectFrom('audit_event')
    .select(['id', 'kind', 'actor', 'detail', 'commit', 'created_at'])
    .where('election_id', '=', electionId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map((row) => ({ id: Number(row.id), kind: row.kind, actor: row.actor, detail: row.detail, commit: row.commit, at: row.created_at }));
}
