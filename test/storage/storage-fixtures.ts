// Small builders shared by the repository tests: a user, an election, a sealed-looking link.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { findElectionByKey, syncElectionRows } from '../../src/storage/repositories/election-repository.js';
import { upsertUserByLogin } from '../../src/storage/repositories/user-repository.js';
import type { StoredBallotLink } from '../../src/storage/repositories/voter-repository.js';
import type { Database } from '../../src/storage/schema.js';

/** A whole-second instant: MySQL's DATETIME keeps no fraction. */
export const NOW = new Date('2026-03-01T12:00:00Z');

/** The id of a newly stored user with this login. */
export async function storedUser(db: Kysely<Database>, login: string): Promise<number> {
  return (await upsertUserByLogin(db, { login, name: null }, NOW)).id;
}

/** The id of a newly stored election with this key. */
export async function storedElection(db: Kysely<Database>, key: string): Promise<number> {
  await syncElectionRows(db, [{ key, name: `Election ${key}` }], NOW);
  const election = await findElectionByKey(db, key);
  if (!election) throw new Error(`election ${key} was not stored`);
  return election.id;
}

/** Random bytes shaped like a real link (the crypto is not under test here). */
export function fakeLink(): StoredBallotLink {
  return { salt: randomBytes(16), encrypted: randomBytes(24 + 16 + 36), kdfParams: null };
}
