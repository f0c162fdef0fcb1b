import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** A web session as stored: shared by every replica through the database. */
export interface SessionRecord {
  readonly userId: number | null;
  /** Small JSON-able state, such as the user's login (so a request needs no join). */
  readonly data: Readonly<Record<string, unknown>>;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** The id a token is stored under: its SHA-256, so the table alone opens no session. */
function sessionId(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Opens a session and returns the opaque token for the cookie, which is stored nowhere
 * (only its hash is), with the session itself.
 */
export async function createSession(
  db: Kysely<Database>,
  session: {
    readonly userId: number | null;
    readonly data: Readonly<Record<string, unknown>>;
    readonly now: Date;
    readonly expiresAt: Date;
  },
): Promise<{ readonly token: string; readonly session: SessionRecord }> {
  const token = newSecret();
  const record: SessionRecord = {
    userId: session.userId,
    data: session.data,
    createdAt: session.now,
    expiresAt: session.expiresAt,
  };
  await db
    .insertInto('session')
    .values({
      id: sessionId(token),
      user_id: record.userId,
      data: JSON.stringify(record.data),
      created_at: record.createdAt,
      expires_at: record.expiresAt,
    })
    .execute();
  return { token, session: record };
}

/** The session of a cookie's token, unless it is unknown or expired at `now`. */
export async function findSession(db: Kysely<Database>, token: string, now: Date): Promise<SessionRecord | undefined> {
  const row = await db
    .selectFrom('session')
    .select(['user_id', 'data', 'created_at', 'expires_at'])
    .where('id', '=', sessionId(token))
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return (
    row && {
      userId: row.user_id === null ? null : Number(row.user_id),
      data: JSON.parse(row.data) as Record<string, unknown>,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    }
  );
}

/** Replaces a session's data and/or expiry; false if the session no longer exists. */
export async function updateSession(
  db: Kysely<Database>,
  token: string,
  changes: { readonly data?: Readonly<Record<string, unknown>>; readonly expiresAt?: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('session')
    .set({
      ...(changes.data && { data: JSON.stringify(changes.data) }),
      ...(changes.expiresAt && { expires_at: changes.expiresAt }),
    })
    .where('id', '=', sessionId(token))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ends a session (logout); ending an unknown one is harmless. */
export async function deleteSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', sessionId(token)).execute();
}

/** Deletes every session expired at `now`; returns how many. */
export async function deleteExpiredSessions(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db.deleteFrom('session').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
