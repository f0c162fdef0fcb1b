import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * A voter's link to their ballot as stored, opaque here (sealing and opening it is
 * `crypto/`'s job): the Argon2 salt, the encrypted ballot-group id (nonce ‖ MAC ‖ ciphertext)
 * and the key-derivation parameters as `crypto/kdf-params.ts` writes them (NULL = Elekto 0.6's).
 */
export interface StoredBallotLink {
  readonly salt: Uint8Array;
  readonly encrypted: Uint8Array;
  readonly kdfParams: string | null;
}

/** That a user voted in an election, and the link to their ballot if they set a passphrase. */
export interface VoterRecord {
  readonly id: number;
  readonly userId: number;
  readonly electionId: number;
  readonly votedAt: Date | null;
  readonly link: StoredBallotLink | null;
}

/** The voter record of `userId` in `electionId`, if they voted. */
export async function findVoter(db: Kysely<Database>, electionId: number, userId: number): Promise<VoterRecord | undefined> {
  const row = await db
    .selectFrom('voter')
    .select(['id', 'created_at', 'salt', 'ballot_id', 'kdf_params'])
    .where('election_id', '=', electionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row && voterRecord(row, electionId, userId);
}

/**
 * `findVoter`, and whether the election's result was computed (it is then frozen), in one
 * query: every logged-in election page needs both.
 */
export async function findVoterAndFrozen(
  db: Kysely<Database>,
  electionId: number,
  userId: number,
): Promise<{ readonly frozen: boolean; readonly voter: VoterRecord | undefined }> {
  // Plain SQL (portable to the three databases): Kysely's builder would cost more than the query.
  const { rows } = await sql<VoterRow & { readonly result_id: number | null }>`
    select election_result.id as result_id, voter.id, voter.created_at, voter.salt, voter.ballot_id, voter.kdf_params
    from election
    left join voter on voter.election_id = election.id and voter.user_id = ${userId}
    left join election_result on election_result.election_id = election.id
    where election.id = ${electionId}`.execute(db);
  const [row] = rows;
  const voter = row?.id == null ? undefined : voterRecord(row, electionId, userId);
  return { frozen: row?.result_id != null, voter };
}

interface VoterRow {
  readonly id: number | null;
  readonly created_at: Date | null;
  readonly salt: Uint8Array | null;
  readonly ballot_id: Uint8Array | null;
  readonly kdf_params: string | null;
}

function voterRecord(row: VoterRow, electionId: number, userId: number): VoterRecord {
  const link =
    row.salt === null || row.ballot_id === null
      ? null
      : { salt: new Uint8Array(row.salt), encrypted: new Uint8Array(row.ballot_id), kdfParams: row.kdf_params };
  return { id: Number(row.id), userId, electionId, votedAt: row.created_at, link };
}

/** Who voted in an election and when (for its officers); logins only, oldest vote first. */
export interface ElectionVoter {
  readonly login: string;
  readonly votedAt: Date | null;
}

/** Every voter of an election, oldest vote first. */
export async function listElectionVoters(db: Kysely<Database>, electionId: number): Promise<ElectionVoter[]> {
  const rows = await db
    .selectFrom('voter')
    .innerJoin('user', 'user.id', 'voter.user_id')
    .select(['user.username', 'voter.created_at'])
    .where('voter.election_id', '=', electionId)
    .orderBy('voter.created_at')
    .orderBy('voter.id')
    .execute();
  return rows.map((row) => ({ login: row.username ?? '', votedAt: row.created_at }));
}

/**
 * Drops every voter↔ballot link of an election (`delete_after`): ballots stay counted and
 * voters stay recorded as having voted, but nobody can find a ballot's voter any more.
 * Returns how many links were erased.
 */
export async function eraseBallotLinks(db: Kysely<Database>, electionId: number, now: Date): Promise<number> {
  const result = await db
    .updateTable('voter')
    .set({ salt: null, ballot_id: null, kdf_params: null, updated_at: now })
    .where('election_id', '=', electionId)
    .where('ballot_id', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The ids of the elections in which the user has voted. */
export async function listVotedElectionIds(db: Kysely<Database>, userId: number): Promise<ReadonlySet<number>> {
  const rows = await db.selectFrom('voter').select('election_id').where('user_id', '=', userId).execute();
  return new Set(rows.map((row) => Number(row.election_id)));
}
