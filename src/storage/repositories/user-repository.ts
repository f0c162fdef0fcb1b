import { sql, type Kysely } from 'kysely';
import { isUniqueViolation } from '../driver-errors.js';
import type { Database } from '../schema.js';

/** A user as the application sees one. `login` is as first stored (GitHub's spelling then). */
export interface UserRecord {
  readonly id: number;
  readonly login: string;
  readonly name: string | null;
}

/**
 * The user whose login matches `login` case-insensitively (GitHub logins are). Elekto 0.6
 * compared case-sensitively, so an adopted database may hold several spellings of one login;
 * the oldest row is then the user, whatever the spelling asked, so that one person is always
 * one user (and one voter).
 */
export async function findUserByLogin(db: Kysely<Database>, login: string): Promise<UserRecord | undefined> {
  const rows = await db
    .selectFrom('user')
    .select(['id', 'username', 'name'])
    .where(sql<string>`lower(username)`, '=', login.toLowerCase())
    .orderBy('id')
    .limit(1)
    .execute();
  const row = rows[0];
  return row && { id: Number(row.id), login: row.username ?? login, name: row.name };
}

/**
 * Finds the user with this login (see `findUserByLogin`) or creates it, and records their
 * current display name. Safe when the same new user logs in twice at once (two replicas):
 * either the UNIQUE constraint refuses the second row, or (a differently spelled login on a
 * case-sensitive database) both callers still get the oldest row.
 */
export async function upsertUserByLogin(
  db: Kysely<Database>,
  profile: { readonly login: string; readonly name: string | null },
  now: Date,
): Promise<UserRecord> {
  const existing = await findUserByLogin(db, profile.login);
  if (existing) {
    if (existing.name === profile.name) return existing;
    await db.updateTable('user').set({ name: profile.name, updated_at: now }).where('id', '=', existing.id).execute();
    return { ...existing, name: profile.name };
  }
  try {
    await db
      .insertInto('user')
      .values({ username: profile.login, name: profile.name, created_at: now, updated_at: now })
      .execute();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const created = await findUserByLogin(db, profile.login);
  if (!created) throw new Error(`user '${profile.login}' vanished right after being stored`);
  return created;
}
