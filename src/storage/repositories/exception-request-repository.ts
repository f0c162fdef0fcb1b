import type { Kysely } from 'kysely';
import { err, ok, type Result } from '../../core/result.js';
import { isUniqueViolation } from '../driver-errors.js';
import type { Database } from '../schema.js';

/** What a user tells the officers when asking to be allowed to vote (SPEC §6). */
export interface ExceptionRequestInput {
  readonly name: string;
  readonly email: string;
  readonly chat: string;
  readonly description: string;
  readonly comments: string;
}

/** What the officers decided on a request (SPEC §14). */
export const DECISIONS = ['approved', 'declined'] as const;
export type Decision = (typeof DECISIONS)[number];

/**
 * Where a request stands: `pending`, `approved`, `declined`, or `reviewed` for a request that
 * Elekto 0.6 marked reviewed without recording a decision.
 */
export type RequestState = Decision | 'pending' | 'reviewed';

/** Who decided, when, and with what note. */
export interface RequestDecision {
  readonly note: string;
  readonly by: string | null;
  readonly at: Date | null;
}

/** A stored exception request, as the election's officers see it. */
export interface ExceptionRequest extends ExceptionRequestInput {
  readonly id: number;
  readonly login: string;
  /** Elekto 0.6's flag: true once any decision was made. */
  readonly reviewed: boolean;
  readonly state: RequestState;
  /** Set when the state is `approved` or `declined`. */
  readonly decision: RequestDecision | null;
  readonly createdAt: Date | null;
}

/** Election id → number of its pending requests (neither decided nor marked reviewed), for `electionIds`. */
export async function countPendingRequests(db: Kysely<Database>, electionIds: readonly number[]): Promise<ReadonlyMap<number, number>> {
  if (electionIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('request')
    .select(['election_id', (eb) => eb.fn.countAll<number | string | bigint>().as('count')])
    .where('election_id', 'in', electionIds)
    .where('decision', 'is', null)
    .where((eb) => eb.or([eb('reviewed', 'is', null), eb('reviewed', '=', false)]))
    .groupBy('election_id')
    .execute();
  return new Map(rows.map((row) => [Number(row.election_id), Number(row.count)]));
}

/**
 * Files a request; one per user per election, guaranteed by a UNIQUE constraint, so a
 * double submission stores one and returns `already-requested` for the other.
 */
export async function createExceptionRequest(
  db: Kysely<Database>,
  request: { readonly electionId: number; readonly userId: number; readonly input: ExceptionRequestInput; readonly now: Date },
): Promise<Result<void, 'already-requested'>> {
  try {
    await db
      .insertInto('request')
      .values({
        election_id: request.electionId,
        user_id: request.userId,
        ...request.input,
        reviewed: false,
        created_at: request.now,
        updated_at: request.now,
      })
      .execute();
    return ok(undefined);
  } catch (error) {
    if (isUniqueViolation(error)) return err('already-requested');
    throw error;
  }
}

function requestsOf(db: Kysely<Database>, electionId: number) {
  return db
    .selectFrom('request')
    .innerJoin('user', 'user.id', 'request.user_id')
    .select([
      'request.id',
      'user.username',
      'request.name',
      'request.email',
      'request.chat',
      'request.description',
      'request.comments',
      'request.reviewed',
      'request.created_at',
      'request.decision',
      'request.decision_note',
      'request.decided_by',
      'request.decided_at',
    ])
    .where('request.election_id', '=', electionId);
}

type RequestRow = Awaited<ReturnType<ReturnType<typeof requestsOf>['execute']>>[number];

function toRequest(row: RequestRow): ExceptionRequest {
  return {
    id: Number(row.id),
    login: row.username ?? '',
    name: row.name ?? '',
    email: row.email ?? '',
    chat: row.chat ?? '',
    description: row.description ?? '',
    comments: row.comments ?? '',
    reviewed: row.reviewed === true,
    state: stateOf(row),
    decision: isDecision(row.decision) ? { note: row.decision_note ?? '', by: row.decided_by, at: row.decided_at } : null,
    createdAt: row.created_at,
  };
}

function isDecision(value: string | null): value is Decision {
  return DECISIONS.some((decision) => decision === value);
}

function stateOf(row: { decision: string | null; reviewed: boolean | null }): RequestState {
  return isDecision(row.decision) ? row.decision : row.reviewed === true ? 'reviewed' : 'pending';
}

/** Every request of one election: pending ones first, each group oldest first. */
export async function listExceptionRequests(db: Kysely<Database>, electionId: number): Promise<ExceptionRequest[]> {
  const rows = await requestsOf(db, electionId).orderBy('request.id').execute();
  const requests = rows.map(toRequest);
  return [...requests.filter((r) => r.state === 'pending'), ...requests.filter((r) => r.state !== 'pending')];
}

/** The state of the viewer's own request in one election, or undefined when they filed none. */
export async function findOwnRequestState(db: Kysely<Database>, electionId: number, userId: number): Promise<RequestState | undefined> {
  const row = await db
    .selectFrom('request')
    .select(['decision', 'reviewed'])
    .where('election_id', '=', electionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row && stateOf(row);
}

/**
 * One request of one election: a request id of another election is not found (*Fix*: the
 * original let an officer of one election read every election's requests).
 */
export async function findExceptionRequest(db: Kysely<Database>, electionId: number, requestId: number): Promise<ExceptionRequest | undefined> {
  const row = await requestsOf(db, electionId).where('request.id', '=', requestId).executeTakeFirst();
  return row && toRequest(row);
}

/**
 * Records an officer's decision on a request of this election (replacing an earlier one), and
 * sets Elekto 0.6's `reviewed` with it; false when the request is not this election's.
 */
export async function decideExceptionRequest(
  db: Kysely<Database>,
  electionId: number,
  requestId: number,
  decision: { readonly decision: Decision; readonly note: string; readonly by: string; readonly now: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('request')
    .set({
      decision: decision.decision,
      decision_note: decision.note === '' ? null : decision.note,
      decided_by: decision.by,
      decided_at: decision.now,
      reviewed: true,
      updated_at: decision.now,
    })
    .where('id', '=', requestId)
    .where('election_id', '=', electionId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
