import type { Kysely, Transaction } from 'kysely';
import type { Ballot, CandidateId } from '../../core/ballot.js';
import { err, ok, type Result } from '../../core/result.js';
import { isUniqueViolation } from '../driver-errors.js';
import { runTransaction } from '../run-transaction.js';
import type { Database } from '../schema.js';
import { ballotRows } from './ballot-rows.js';
import { findVoter, type StoredBallotLink } from './voter-repository.js';

/** What casting needs; the caller has validated `ballot` against `candidates`. */
export interface CastBallotInput {
  readonly electionId: number;
  readonly userId: number;
  /** From `newBallotGroupId()`; the value `link` encrypts. */
  readonly ballotGroupId: string;
  readonly ballot: Ballot;
  /** Every candidate of the election: each gets a row, unranked ones as "no opinion". */
  readonly candidates: readonly CandidateId[];
  /** `null` without a passphrase: then nothing links the voter to the ballot, ever. */
  readonly link: StoredBallotLink | null;
  readonly now: Date;
}

/** The user already has a ballot in this election (one per voter, by database constraint). */
export interface AlreadyVoted {
  readonly kind: 'already-voted';
  readonly message: string;
}

/** The ballot a voter opened is no longer stored as they opened it. */
export interface BallotChanged {
  readonly kind: 'ballot-changed';
  readonly message: string;
}

export const ALREADY_VOTED: AlreadyVoted = Object.freeze({
  kind: 'already-voted',
  message: 'You have already voted in this election. To change your ballot, use your passphrase.',
});

const BALLOT_CHANGED: BallotChanged = Object.freeze({
  kind: 'ballot-changed',
  message: 'Your ballot was changed or withdrawn meanwhile (perhaps in another window). Open it again.',
});

/**
 * Stores a ballot: the voter record (with its link, if any) and one anonymous row per
 * candidate, all in one transaction. A second ballot by the same voter, even submitted at
 * the same instant through another replica, is refused by the UNIQUE constraint on
 * (user, election) and returns `already-voted`; nothing of it is stored.
 */
export async function castBallot(db: Kysely<Database>, input: CastBallotInput): Promise<Result<void, AlreadyVoted>> {
  const rows = ballotRows(input.electionId, input.ballotGroupId, input.ballot, input.candidates);
  try {
    await runTransaction(db, async (trx) => {
      // The voter row first: the constraint refuses a duplicate before any ballot row exists.
      await trx
        .insertInto('voter')
        .values({
          user_id: input.userId,
          election_id: input.electionId,
          created_at: input.now,
          updated_at: input.now,
          salt: input.link && Buffer.from(input.link.salt),
          ballot_id: input.link && Buffer.from(input.link.encrypted),
          kdf_params: input.link && input.link.kdfParams,
        })
        .execute();
      await trx.insertInto('ballot').values(rows).execute();
    });
  } catch (error) {
    // Confirmed by a read, so that no other unique violation passes for a double vote.
    if (isUniqueViolation(error) && (await findVoter(db, input.electionId, input.userId))) return err(ALREADY_VOTED);
    throw error;
  }
  return ok(undefined);
}

/** Identifies a stored ballot the voter opened with their passphrase. */
export interface OpenedBallot {
  readonly electionId: number;
  readonly userId: number;
  /** The group id the link decrypted to. */
  readonly ballotGroupId: string;
  /** The encrypted link as read from the voter record, proving it is still the same. */
  readonly encrypted: Uint8Array;
}

/**
 * Locks the voter record of `opened` for this transaction, touching its `updated_at`.
 * False when the record is gone or holds another link: someone changed it meanwhile.
 * Always the transaction's first statement, so concurrent changes of one ballot queue here.
 */
async function lockOpenedVoter(trx: Transaction<Database>, opened: OpenedBallot, now: Date): Promise<boolean> {
  const result = await trx
    .updateTable('voter')
    .set({ updated_at: now })
    .where('election_id', '=', opened.electionId)
    .where('user_id', '=', opened.userId)
    .where('ballot_id', '=', Buffer.from(opened.encrypted))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

async function deleteBallotGroup(trx: Transaction<Database>, opened: OpenedBallot): Promise<void> {
  await trx
    .deleteFrom('ballot')
    .where('election_id', '=', opened.electionId)
    .where('voter', '=', opened.ballotGroupId)
    .execute();
}

/**
 * Replaces an opened ballot with `ballot`, in one transaction: if the new rows cannot be
 * stored, the old ones stay. The ballot keeps its group id, so the voter's link and
 * passphrase keep working unchanged.
 */
export async function replaceBallot(
  db: Kysely<Database>,
  opened: OpenedBallot,
  change: { readonly ballot: Ballot; readonly candidates: readonly CandidateId[]; readonly now: Date },
): Promise<Result<void, BallotChanged>> {
  const rows = ballotRows(opened.electionId, opened.ballotGroupId, change.ballot, change.candidates);
  const replaced = await runTransaction(db, async (trx) => {
    if (!(await lockOpenedVoter(trx, opened, change.now))) return false;
    await deleteBallotGroup(trx, opened);
    await trx.insertInto('ballot').values(rows).execute();
    return true;
  });
  return replaced ? ok(undefined) : err(BALLOT_CHANGED);
}

/**
 * Withdraws an opened ballot: deletes its rows and the voter record, in one transaction, so
 * that the user may vote again.
 */
export async function withdrawBallot(db: Kysely<Database>, opened: OpenedBallot): Promise<Result<void, BallotChanged>> {
  const withdrawn = await runTransaction(db, async (trx) => {
    const deleted = await trx
      .deleteFrom('voter')
      .where('election_id', '=', opened.electionId)
      .where('user_id', '=', opened.userId)
      .where('ballot_id', '=', Buffer.from(opened.encrypted))
      .executeTakeFirst();
    if (deleted.numDeletedRows === 0n) return false;
    await deleteBallotGroup(trx, opened);
    return true;
  });
  return withdrawn ? ok(undefined) : err(BALLOT_CHANGED);
}
