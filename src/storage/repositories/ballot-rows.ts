import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { isRank, type Ballot, type CandidateId } from '../../core/ballot.js';
import type { BallotTable } from '../schema.js';

/**
 * The rank Elekto 0.6 stores for "no opinion". We write it too, so that the Python version
 * can still read ballots cast here; everywhere above storage, "no opinion" is an absent
 * candidate, never this number.
 */
export const NO_OPINION_RANK = 100_000_000;

/**
 * A new random ballot-group id: the value shared by one ballot's rows, and what a voter's
 * link encrypts. A version 4 UUID string, as Elekto 0.6 used; being random, ordering by it
 * reveals nothing about who voted when.
 */
export function newBallotGroupId(): string {
  return randomUUID();
}

/** A ballot row's own id: 32 hex digits, as Elekto 0.6's `uuid4().hex`. */
function newRowId(): string {
  return randomUUID().replaceAll('-', '');
}

/**
 * The rows storing `ballot`: one per candidate of the election, in `candidates` order, an
 * unranked candidate getting {@link NO_OPINION_RANK} (as Elekto 0.6 wrote them).
 *
 * @throws RangeError when the ballot names a candidate outside `candidates` or holds an
 * invalid rank: the web validates ballots before casting, so either is a bug.
 */
export function ballotRows(
  electionId: number,
  ballotGroupId: string,
  ballot: Ballot,
  candidates: readonly CandidateId[],
): Insertable<BallotTable>[] {
  const known = new Set(candidates);
  if (known.size !== candidates.length) throw new RangeError('ballotRows: duplicate candidate IDs');
  for (const [candidate, rank] of ballot) {
    if (!known.has(candidate)) throw new RangeError(`ballotRows: '${candidate}' is not a candidate of the election`);
    if (!isRank(rank) || rank >= NO_OPINION_RANK) throw new RangeError(`ballotRows: invalid rank ${rank} for '${candidate}'`);
  }
  return candidates.map((candidate) => ({
    id: newRowId(),
    election_id: electionId,
    rank: ballot.get(candidate) ?? NO_OPINION_RANK,
    candidate,
    voter: ballotGroupId,
  }));
}

/** The part of a stored ballot row that carries a preference. */
export interface RankRow {
  readonly candidate: string;
  readonly rank: number | null;
}

/** Reads one candidate's stored rank: {@link NO_OPINION_RANK} and NULL mean absent. */
function storedRank(row: RankRow): number | undefined {
  return row.rank === null || row.rank === NO_OPINION_RANK ? undefined : Number(row.rank);
}

/** The ballot stored as `rows` (all of one ballot group). */
export function ballotFromRows(rows: readonly RankRow[]): Ballot {
  const ballot = new Map<CandidateId, number>();
  for (const row of rows) {
    const rank = storedRank(row);
    if (rank !== undefined) ballot.set(row.candidate, rank);
  }
  return ballot;
}
