import type { Kysely } from 'kysely';
import type { Ballot, CandidateId } from '../core/ballot.js';
import { err, ok, type Result } from '../core/result.js';
import { openBallotLink, sealBallotLink } from '../crypto/ballot-link.js';
import type { KdfBusy, KdfFailed } from '../crypto/kdf-error.js';
import { kdfParamsColumn, parseKdfParams, type KdfParams } from '../crypto/kdf-params.js';
import type { KdfQueue } from '../crypto/kdf-queue.js';
import { readBallotGroup } from '../storage/repositories/ballot-repository.js';
import {
  ALREADY_VOTED,
  castBallot as storeBallot,
  replaceBallot,
  withdrawBallot as deleteBallot,
  type AlreadyVoted,
  type BallotChanged,
  type OpenedBallot,
} from '../storage/repositories/ballot-casting.js';
import { newBallotGroupId } from '../storage/repositories/ballot-rows.js';
import { findVoter } from '../storage/repositories/voter-repository.js';
import type { Database } from '../storage/schema.js';

/**
 * Casting, viewing, changing and withdrawing secret ballots (SPEC §5, §8): the only place
 * where the ballot crypto meets the database. The voter record and the anonymous ballot
 * rows are linked only by the ballot-group id sealed under the voter's passphrase; without a
 * passphrase no link is stored at all.
 */
export interface BallotBox {
  readonly db: Kysely<Database>;
  /** Bounds the key derivations running at once; `busy` when full. */
  readonly kdf: KdfQueue;
  /** Parameters for new links: Elekto 0.6's in production, cheaper in tests. */
  readonly kdfParams: KdfParams;
  /** Told of every ballot stored (for `/metrics`). */
  readonly onCast?: () => void;
  /** `election:user` of the ballots being cast by this process right now. */
  readonly casting: Set<string>;
}

/** A ballot box on `db` deriving keys through `kdf`, sealing new links with `kdfParams`. */
export function newBallotBox(db: Kysely<Database>, kdf: KdfQueue, kdfParams: KdfParams, onCast?: () => void): BallotBox {
  return { db, kdf, kdfParams, casting: new Set(), ...(onCast && { onCast }) };
}

export interface CastRequest {
  readonly electionId: number;
  readonly userId: number;
  readonly ballot: Ballot;
  readonly candidates: readonly CandidateId[];
  /** Null: the voter chose no passphrase, so the ballot can never be linked to them again. */
  readonly passphrase: string | null;
  readonly now: Date;
}

const BEING_CAST: AlreadyVoted = { kind: 'already-voted', message: 'You have already sent a ballot in this election: it is being stored. Please wait for the confirmation.' };

/**
 * Seals the link (if any) and stores the ballot in one transaction. A duplicate — a second
 * submission while the first is being cast here, or after it was stored — is refused before
 * paying for a key derivation; the database's one-voter-per-election constraint still decides
 * between replicas.
 */
export async function cast(box: BallotBox, request: CastRequest): Promise<Result<void, AlreadyVoted | KdfBusy | KdfFailed>> {
  const key = `${request.electionId}:${request.userId}`;
  if (box.casting.has(key)) return err(BEING_CAST);
  box.casting.add(key);
  try {
    if (await findVoter(box.db, request.electionId, request.userId)) return err(ALREADY_VOTED);
    return await sealAndStore(box, request);
  } finally {
    box.casting.delete(key);
  }
}

async function sealAndStore(box: BallotBox, request: CastRequest): Promise<Result<void, AlreadyVoted | KdfBusy | KdfFailed>> {
  const ballotGroupId = newBallotGroupId();
  let link = null;
  if (request.passphrase !== null) {
    const sealed = await sealBallotLink(ballotGroupId, request.passphrase, box.kdfParams, box.kdf.deriveKey);
    if (!sealed.ok) return sealed;
    link = { salt: sealed.value.salt, encrypted: sealed.value.encrypted, kdfParams: kdfParamsColumn(sealed.value.kdf) };
  }
  const stored = await storeBallot(box.db, { ...request, ballotGroupId, link });
  if (stored.ok) box.onCast?.();
  return stored;
}

/** Why a voter's ballot could not be opened. */
export type OpenFailure =
  | KdfBusy
  | KdfFailed
  | { readonly kind: 'not-voted' | 'no-link' | 'wrong-passphrase' | 'damaged'; readonly message: string };

const NOT_VOTED = { kind: 'not-voted', message: 'You have no ballot in this election.' } as const;
const NO_LINK = {
  kind: 'no-link',
  message: 'You cast your ballot without a passphrase, so it cannot be linked to you: nobody can view or change it.',
} as const;
const WRONG = { kind: 'wrong-passphrase', message: 'That passphrase does not open your ballot. Check it and try again.' } as const;

/** The voter's own ballot, opened with their passphrase. */
export interface OpenBallot {
  readonly opened: OpenedBallot;
  readonly ballot: Ballot;
}

/**
 * Opens the voter's ballot with their passphrase: derives the key (queued), decrypts the
 * link and reads the ballot rows it points to. Works on links written by Elekto 0.6.
 */
export async function open(
  box: BallotBox,
  request: { readonly electionId: number; readonly userId: number; readonly passphrase: string },
): Promise<Result<OpenBallot, OpenFailure>> {
  const voter = await findVoter(box.db, request.electionId, request.userId);
  if (!voter) return err(NOT_VOTED);
  if (!voter.link) return err(NO_LINK);
  const kdf = parseKdfParams(voter.link.kdfParams);
  if (!kdf.ok) return err({ kind: 'damaged', message: `Your ballot's link cannot be read: ${kdf.error}` });
  const link = { salt: voter.link.salt, encrypted: voter.link.encrypted, kdf: kdf.value };
  const groupId = await openBallotLink(link, request.passphrase, box.kdf.deriveKey);
  if (!groupId.ok) {
    const failure = groupId.error;
    if (failure.kind === 'wrong-passphrase') return err(WRONG);
    if (failure.kind === 'malformed-link') return err({ kind: 'damaged', message: `Your ballot's link is damaged: ${failure.message}` });
    return err(failure);
  }
  const ballot = await readBallotGroup(box.db, request.electionId, groupId.value);
  if (!ballot) return err({ kind: 'damaged', message: 'Your ballot could not be found, although your vote is recorded.' });
  const opened = { electionId: request.electionId, userId: request.userId, ballotGroupId: groupId.value, encrypted: link.encrypted };
  return ok({ opened, ballot });
}

/** Replaces an opened ballot in one transaction; on failure the old ballot stays. */
export function change(
  box: BallotBox,
  opened: OpenedBallot,
  change: { readonly ballot: Ballot; readonly candidates: readonly CandidateId[]; readonly now: Date },
): Promise<Result<void, BallotChanged>> {
  return replaceBallot(box.db, opened, change);
}

/** Removes an opened ballot and its voter record, so the voter may vote again. */
export function withdraw(box: BallotBox, opened: OpenedBallot): Promise<Result<void, BallotChanged>> {
  return deleteBallot(box.db, opened);
}
