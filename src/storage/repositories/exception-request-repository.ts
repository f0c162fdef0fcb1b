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

/** A stored exception request, as the election's officers see it. */
export interface ExceptionRequest extends ExceptionRequestInput {
  readonly id: number;
  readonly login: string;
  readonly reviewed: boolean;
  readonly createdAt: Date | null;
}

/** True when the user already filed a request in this election. */
export async function hasExceptionRequest(db: Kysely<Database>, electionId: number, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('request')
    .select('id')
    .where('election_id', '=', electionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
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
    createdAt: row.created_at,
  };
}

/** Every request of one election, oldest first. */
export async function listExceptionRequests(db: Kysely<Database>, electionId: number): Promise<ExceptionRequest[]> {
  const rows = await requestsOf(db, electionId).orderBy('request.id').execute();
  return rows.map(toRequest);
}

/**
 * One request of one election: a request id of another election is not found (*Fix*: the
 * original let an officer of one election read every election's requests).
 */
export async function findExceptionRequest(db: Kysely<Database>, electionId: number, requestId: number): Promise<ExceptionRequest | undefined> {
  const row = await requestsOf(db, electionId).where('request.id', '=', requestId).executeTakeFirst();
  return row && toRequest(row);
}

/** Marks a request of this election reviewed or not; false when it is not this election's. */
export async function setExceptionReviewed(
  db: Kysely<Database>,
  electionId: number,
  requestId: number,
  reviewed: boolean,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('request')
    .set({ reviewed, updated_at: now })
    .where('id', '=', requestId)
    .where('election_id', '=', electionId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
