import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** The id a state is stored under: its SHA-256, so the table alone completes no login. */
function stateId(state: string): string {
  return createHash('sha256').update(state).digest('hex');
}

/** Remembers a `state` handed out to a login that may come back until `expiresAt`. */
export async function saveOAuthState(db: Kysely<Database>, state: string, expiresAt: Date): Promise<void> {
  await db.insertInto('oauth_state').values({ id: stateId(state), expires_at: expiresAt }).execute();
}

/**
 * Uses up `state`: true exactly once for a state saved and not expired at `now`. The delete
 * decides, so two callbacks racing with the same state (on any replicas) cannot both win.
 */
export async function consumeOAuthState(db: Kysely<Database>, state: string, now: Date): Promise<boolean> {
  const result = await db.deleteFrom('oauth_state').where('id', '=', stateId(state)).where('expires_at', '>', now).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Deletes every state expired at `now`; returns how many. */
export async function deleteExpiredOAuthStates(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db.deleteFrom('oauth_state').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
