import type { UntypedDatabase } from './untyped-database.js';

/** The two tables that may hold only one row per user and election. */
export const ONE_PER_USER_AND_ELECTION = ['voter', 'request'] as const;
export type OnePerUserAndElectionTable = (typeof ONE_PER_USER_AND_ELECTION)[number];

/** Several rows of `table` for one user in one election: what blocks the UNIQUE constraint. */
export interface DuplicateRows {
  readonly table: OnePerUserAndElectionTable;
  readonly electionKey: string | null;
  readonly username: string | null;
  readonly userId: number;
  readonly electionId: number;
  /** The ids of the rows, oldest first. */
  readonly rowIds: readonly number[];
}

/**
 * Thrown by the migration that adds the constraints if duplicates appeared after the
 * pre-flight check (another writer in between); the constraints are then not added.
 */
export class DuplicateRowsError extends Error {
  override readonly name = 'DuplicateRowsError';

  constructor(readonly duplicates: readonly DuplicateRows[]) {
    super(`${duplicates.length} users have more than one voter record or exception request in the same election`);
  }
}

interface GroupRow {
  readonly user_id: number;
  readonly election_id: number;
  readonly election_key: string | null;
  readonly username: string | null;
}

async function duplicatesIn(db: UntypedDatabase, table: OnePerUserAndElectionTable): Promise<DuplicateRows[]> {
  const groups: GroupRow[] = await db
    .selectFrom(`${table} as r`)
    .leftJoin('user as u', 'u.id', 'r.user_id')
    .leftJoin('election as e', 'e.id', 'r.election_id')
    .select(['r.user_id', 'r.election_id', 'e.key as election_key', 'u.username'])
    .where('r.user_id', 'is not', null)
    .where('r.election_id', 'is not', null)
    .groupBy(['r.user_id', 'r.election_id', 'e.key', 'u.username'])
    .having((eb) => eb.fn.countAll(), '>', 1)
    .orderBy('e.key')
    .orderBy('u.username')
    .execute();
  return Promise.all(
    groups.map(async (group) => {
      const rows: { id: number }[] = await db
        .selectFrom(table)
        .select('id')
        .where('user_id', '=', group.user_id)
        .where('election_id', '=', group.election_id)
        .orderBy('id')
        .execute();
      return {
        table,
        electionKey: group.election_key,
        username: group.username,
        userId: Number(group.user_id),
        electionId: Number(group.election_id),
        rowIds: rows.map((row) => Number(row.id)),
      };
    }),
  );
}

/**
 * Every user who has several voter records, or several exception requests, in one election
 * (Elekto 0.6 let double submissions through). Reads only; expects both tables to exist.
 */
export async function findDuplicateRows(db: UntypedDatabase): Promise<DuplicateRows[]> {
  const found = await Promise.all(ONE_PER_USER_AND_ELECTION.map((table) => duplicatesIn(db, table)));
  return found.flat();
}
