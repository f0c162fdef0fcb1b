import type { Kysely, Selectable, Transaction } from 'kysely';
import type { GuardedSettings, GuardrailFinding } from '../../core/guardrails.js';
import type { Problem } from '../../core/problem.js';
import { compareCandidateIds } from '../../core/compare-candidate-ids.js';
import { isUniqueViolation } from '../driver-errors.js';
import { runTransaction } from '../run-transaction.js';
import type { Database } from '../schema.js';

/** A guardrail warning as the console and `/health` show it. */
export interface GuardrailWarning {
  readonly id: number;
  readonly electionId: number;
  readonly kind: string;
  /** What exactly changed, as stored (see `storedSubject`). */
  readonly subject: string;
  readonly message: string;
  readonly advice: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly commit: string | null;
  readonly createdAt: Date;
  /** Null while open. */
  readonly resolvedAt: Date | null;
  /** The officer who accepted the change, or `sync` when it was undone. */
  readonly resolvedBy: string | null;
  /** Why the officer accepted the change; null unless accepted. */
  readonly acceptReason: string | null;
}

/** What officers accepted of an election's unsafe changes, which the sync must not report again. */
export interface GuardrailAcceptances {
  /** The candidate IDs accepted after ballots were cast; null when no such change was accepted. */
  readonly candidates: readonly string[] | null;
  /** Logins (lowercase) whose removal from `voters.yaml` after voting was accepted. */
  readonly removedVoters: ReadonlySet<string>;
}

/** The baseline settings stored for an election, if a sync has seen it. */
export async function readBaseline(db: Kysely<Database>, electionId: number): Promise<GuardedSettings | undefined> {
  const row = await db.selectFrom('election_settings').selectAll().where('election_id', '=', electionId).executeTakeFirst();
  return (
    row && {
      start: row.start_datetime,
      end: row.end_datetime,
      method: row.election_method,
      allowNoOpinion: row.allow_no_opinion,
      seats: Number(row.no_winners),
      candidates: JSON.parse(row.candidate_ids) as string[],
    }
  );
}

/** What officers accepted of the election's unsafe changes (SPEC §14). */
export async function readAcceptances(db: Kysely<Database>, electionId: number): Promise<GuardrailAcceptances> {
  const [settings, voters] = await Promise.all([
    db.selectFrom('election_settings').select('accepted_candidate_ids').where('election_id', '=', electionId).executeTakeFirst(),
    acceptedWarnings(db, electionId).where('kind', '=', 'voter-removed').select('subject').execute(),
  ]);
  const candidates = settings?.accepted_candidate_ids;
  return { candidates: candidates ? (JSON.parse(candidates) as string[]) : null, removedVoters: new Set(voters.map((row) => row.subject)) };
}

function acceptedWarnings(db: Kysely<Database>, electionId: number) {
  return db.selectFrom('guardrail_warning').where('election_id', '=', electionId).where('accept_reason', 'is not', null);
}

/** What the database knows of an election's ballots and voters, for the guardrails. */
export async function ballotFacts(db: Kysely<Database>, electionId: number) {
  const [candidates, voters, result] = await Promise.all([
    db.selectFrom('ballot').select('candidate').distinct().where('election_id', '=', electionId).execute(),
    db.selectFrom('voter').innerJoin('user', 'user.id', 'voter.user_id').select('user.username').where('voter.election_id', '=', electionId).execute(),
    db.selectFrom('election_result').select('id').where('election_id', '=', electionId).executeTakeFirst(),
  ]);
  return {
    ballotCandidates: candidates.map((row) => row.candidate).sort(compareCandidateIds),
    votedLogins: voters.flatMap((row) => (row.username ? [row.username] : [])),
    resultsComputed: result !== undefined,
  };
}

/**
 * Runs `work` in one transaction that first locks the election's `election_settings` row, so
 * that the syncs and the officers' acceptances of one election run one after the other: each
 * reads the baseline, the open warnings and the acceptances as the one before left them, and
 * none writes back a baseline read before another committed (SPEC §14). The row is locked by
 * writing it unchanged: an UPDATE takes the row's write lock on PostgreSQL and MySQL, and on
 * SQLite (no row locks, no `FOR UPDATE`) the database's write lock, before anything is read.
 * Every caller takes this lock first, so a sync and an acceptance cannot deadlock on each other.
 * An election's first sync has no row to lock yet: when another replica stores its first
 * baseline or one of its warnings at the same moment, the database refuses the duplicate
 * (or MySQL a deadlock, which `runTransaction` retries), and `work` runs once more and sees it.
 */
export async function runGuardrailTransaction<T>(db: Kysely<Database>, electionId: number, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  const attempt = () =>
    runTransaction(db, async (trx) => {
      await trx
        .updateTable('election_settings')
        .set((eb) => ({ election_id: eb.ref('election_id') }))
        .where('election_id', '=', electionId)
        .execute();
      return work(trx);
    });
  try {
    return await attempt();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return attempt();
  }
}

/**
 * Stores the election's new baseline and its current findings, in the transaction of
 * `runGuardrailTransaction` that read what they were computed from: a finding not yet open is
 * recorded (with the commit); an open warning no longer found is resolved by the sync (the
 * change was undone). Returns the findings that are new: recorded by this call.
 */
export async function applyGuardrails(
  trx: Transaction<Database>,
  election: { readonly id: number; readonly baseline: GuardedSettings; readonly findings: readonly (GuardrailFinding & { readonly at: Problem })[] },
  commit: string | null,
  now: Date,
): Promise<GuardrailFinding[]> {
  const settings = {
    start_datetime: election.baseline.start,
    end_datetime: election.baseline.end,
    election_method: election.baseline.method,
    allow_no_opinion: election.baseline.allowNoOpinion,
    no_winners: election.baseline.seats,
    candidate_ids: candidateList(election.baseline.candidates),
    commit,
    updated_at: now,
  };
  const updated = await trx.updateTable('election_settings').set(settings).where('election_id', '=', election.id).executeTakeFirst();
  if (updated.numUpdatedRows === 0n) await trx.insertInto('election_settings').values({ election_id: election.id, ...settings }).execute();

  const open = await trx.selectFrom('guardrail_warning').select(['id', 'kind', 'subject']).where('election_id', '=', election.id).where('resolved_at', 'is', null).execute();
  const keyOf = (w: { kind: string; subject: string }) => `${w.kind}\n${storedSubject(w.subject)}`;
  const found = new Set(election.findings.map(keyOf));
  const undone = open.filter((w) => !found.has(keyOf(w))).map((w) => w.id);
  if (undone.length > 0) await trx.updateTable('guardrail_warning').set({ resolved_at: now, resolved_by: 'sync' }).where('id', 'in', undone).execute();
  const known = new Set(open.map(keyOf));
  const fresh = election.findings.filter((f) => !known.has(keyOf(f)));
  if (fresh.length > 0) {
    await trx
      .insertInto('guardrail_warning')
      .values(
        fresh.map((f) => ({
          election_id: election.id,
          kind: f.kind,
          subject: storedSubject(f.subject),
          message: f.message,
          advice: f.advice,
          file: f.at.file,
          line: f.at.line ?? null,
          commit,
          created_at: now,
        })),
      )
      .execute();
  }
  return fresh;
}

/**
 * A subject as its `varchar(255)` column keeps it: the first 255 code points (what MySQL and
 * PostgreSQL count; cutting UTF-16 units could split a character). Findings are compared in
 * this form, or a change with a longer subject would be resolved and recorded at every sync.
 */
export function storedSubject(subject: string): string {
  const codePoints = [...subject];
  return codePoints.length <= 255 ? subject : codePoints.slice(0, 255).join('');
}

/** Open guardrail warnings, oldest first: of one election, or of all when `electionId` is absent. */
export async function listOpenGuardrails(db: Kysely<Database>, electionId?: number): Promise<GuardrailWarning[]> {
  let query = db.selectFrom('guardrail_warning').selectAll().where('resolved_at', 'is', null);
  if (electionId !== undefined) query = query.where('election_id', '=', electionId);
  return (await query.orderBy('id').execute()).map(toWarning);
}

/** The warnings of an election that officers accepted, newest first: the console's history. */
export async function listAcceptedGuardrails(db: Kysely<Database>, electionId: number): Promise<GuardrailWarning[]> {
  return (await acceptedWarnings(db, electionId).selectAll().orderBy('resolved_at', 'desc').orderBy('id', 'desc').execute()).map(toWarning);
}

/** One warning of one election, open or not; undefined when that election has no such warning. */
export async function findGuardrail(db: Kysely<Database>, electionId: number, id: number): Promise<GuardrailWarning | undefined> {
  const row = await db.selectFrom('guardrail_warning').selectAll().where('election_id', '=', electionId).where('id', '=', id).executeTakeFirst();
  return row && toWarning(row);
}

/**
 * Resolves an open warning as accepted by `by` for `reason`, and moves the election's
 * baseline on to the accepted change, in the transaction of `runGuardrailTransaction` that
 * checked the change; `candidates` also records the accepted candidate set. False, and nothing
 * changed, when the warning was no longer open (accepted by another officer, or resolved by a
 * sync, before this transaction).
 */
export async function acceptGuardrail(
  trx: Transaction<Database>,
  acceptance: {
    readonly electionId: number;
    readonly warningId: number;
    readonly by: string;
    readonly reason: string;
    readonly baseline: GuardedSettings;
    readonly candidates: readonly string[] | null;
  },
  now: Date,
): Promise<boolean> {
  const resolved = await trx
    .updateTable('guardrail_warning')
    .set({ resolved_at: now, resolved_by: acceptance.by, accept_reason: acceptance.reason })
    .where('id', '=', acceptance.warningId)
    .where('election_id', '=', acceptance.electionId)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  if (resolved.numUpdatedRows === 0n) return false;
  const { baseline } = acceptance;
  await trx
    .updateTable('election_settings')
    .set({
      start_datetime: baseline.start,
      end_datetime: baseline.end,
      election_method: baseline.method,
      allow_no_opinion: baseline.allowNoOpinion,
      no_winners: baseline.seats,
      candidate_ids: candidateList(baseline.candidates),
      ...(acceptance.candidates && { accepted_candidate_ids: candidateList(acceptance.candidates) }),
      updated_at: now,
    })
    .where('election_id', '=', acceptance.electionId)
    .execute();
  return true;
}

/** Candidate IDs as `election_settings` stores them: a sorted JSON array. */
function candidateList(ids: readonly string[]): string {
  return JSON.stringify([...ids].sort(compareCandidateIds));
}

type WarningRow = Selectable<Database['guardrail_warning']>;

function toWarning(row: WarningRow): GuardrailWarning {
  return {
    id: Number(row.id),
    electionId: Number(row.election_id),
    kind: row.kind,
    subject: row.subject,
    message: row.message,
    advice: row.advice,
    file: row.file,
    line: row.line === null ? null : Number(row.line),
    commit: row.commit,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by,
    acceptReason: row.accept_reason,
  };
}

/** True while a warning of this kind is open for the election (e.g. its candidates changed). */
export async function hasOpenGuardrail(db: Kysely<Database>, electionId: number, kind: string): Promise<boolean> {
  const row = await db
    .selectFrom('guardrail_warning')
    .select('id')
    .where('election_id', '=', electionId)
    .where('kind', '=', kind)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}
