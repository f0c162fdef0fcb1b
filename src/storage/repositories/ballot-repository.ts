import type { Kysely } from 'kysely';
import type { Ballot, CandidateId } from '../../core/ballot.js';
import { compareCandidateIds } from '../../core/compare-candidate-ids.js';
import type { Database } from '../schema.js';
import { ballotFromRows, type RankRow } from './ballot-rows.js';

/** The anonymous ballots of one election, as counting and the CSV export take them. */
export interface ElectionBallots {
  /** Every candidate ID found on the stored ballots, sorted (`compareCandidateIds`). */
  readonly candidates: readonly CandidateId[];
  /** One per ballot group, ordered by the random group id: the order reveals nothing. */
  readonly ballots: readonly Ballot[];
}

/**
 * Reads every ballot of an election. A ballot whose candidates were all left unranked is
 * still a ballot (it counts as cast). Candidates come from the rows themselves, since every
 * ballot has a row for each candidate of the election at the time it was cast.
 *
 * Ballots (and each ballot's candidates) are ordered here rather than by the database:
 * sorting 200,000 rows in SQL took MySQL a second, and each database collates the ids
 * differently, whereas this order is the same on every database (so an export hashes the
 * same wherever the ballots are stored).
 */
export async function readElectionBallots(db: Kysely<Database>, electionId: number): Promise<ElectionBallots> {
  const rows = await db.selectFrom('ballot').select(['voter', 'candidate', 'rank']).where('election_id', '=', electionId).execute();
  const groups = new Map<string, RankRow[]>();
  const candidates = new Set<CandidateId>();
  for (const row of rows) {
    const group = groups.get(row.voter);
    if (group) group.push(row);
    else groups.set(row.voter, [row]);
    candidates.add(row.candidate);
  }
  const groupIds = [...groups.keys()].sort(compareCodeUnits);
  const byCandidate = (a: RankRow, b: RankRow) => compareCandidateIds(a.candidate, b.candidate);
  const ballots = groupIds.map((id) => ballotFromRows(groups.get(id)!.sort(byCandidate)));
  return { candidates: [...candidates].sort(compareCandidateIds), ballots };
}

/** Plain UTF-16 code-unit order: the same in every locale and on every database. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Reads the one ballot whose group id a voter's link opened to, for showing it back to them;
 * `undefined` if no such ballot is stored in that election.
 */
export async function readBallotGroup(
  db: Kysely<Database>,
  electionId: number,
  ballotGroupId: string,
): Promise<Ballot | undefined> {
  const rows = await db
    .selectFrom('ballot')
    .select(['candidate', 'rank'])
    .where('election_id', '=', electionId)
    .where('voter', '=', ballotGroupId)
    .execute();
  return rows.length === 0 ? undefined : ballotFromRows(rows);
}
