import type { Kysely, Transaction } from 'kysely';
import { isUniqueViolation } from '../driver-errors.js';
import { runTransaction } from '../run-transaction.js';
import type { Database } from '../schema.js';

/** An election's database row: what ties ballots, voters and requests to its key. */
export interface ElectionRecord {
  readonly id: number;
  readonly key: string;
  readonly name: string | null;
  /** When its directory disappeared from the meta repository; `null` while it exists. */
  readonly missingSince: Date | null;
}

/** An election of the current meta catalog, as far as the database cares. */
export interface CatalogElection {
  readonly key: string;
  readonly name: string;
}

/** What `syncElectionRows` changed, by election key (each list sorted). */
export interface ElectionRowChanges {
  readonly added: readonly string[];
  /** Renamed in the repository. */
  readonly updated: readonly string[];
  /** Gone from the repository: marked missing, every row of theirs kept. */
  readonly missing: readonly string[];
  /** Back in the repository after being missing. */
  readonly restored: readonly string[];
}

/** The election with this key, missing or not. */
export async function findElectionByKey(db: Kysely<Database>, key: string): Promise<ElectionRecord | undefined> {
  const row = await db
    .selectFrom('election')
    .select(['id', 'key', 'name', 'missing_since'])
    .where('key', '=', key)
    .executeTakeFirst();
  return row && { id: Number(row.id), key: row.key, name: row.name, missingSince: row.missing_since };
}

async function applyCatalog(
  trx: Transaction<Database>,
  elections: ReadonlyMap<string, CatalogElection>,
  now: Date,
): Promise<ElectionRowChanges> {
  const rows = await trx.selectFrom('election').select(['id', 'key', 'name', 'missing_since']).execute();
  const stored = new Map(rows.map((row) => [row.key, row]));
  const changes = { added: [] as string[], updated: [] as string[], missing: [] as string[], restored: [] as string[] };
  for (const election of elections.values()) {
    const row = stored.get(election.key);
    if (!row) {
      await trx
        .insertInto('election')
        .values({ key: election.key, name: election.name, created_at: now, updated_at: now })
        .execute();
      changes.added.push(election.key);
      continue;
    }
    if (row.name === election.name && row.missing_since === null) continue;
    await trx
      .updateTable('election')
      .set({ name: election.name, missing_since: null, updated_at: now })
      .where('id', '=', row.id)
      .execute();
    if (row.name !== election.name) changes.updated.push(election.key);
    if (row.missing_since !== null) changes.restored.push(election.key);
  }
  for (const row of rows) {
    if (elections.has(row.key) || row.missing_since !== null) continue;
    await trx.updateTable('election').set({ missing_since: now, updated_at: now }).where('id', '=', row.id).execute();
    changes.missing.push(row.key);
  }
  return {
    added: changes.added.sort(),
    updated: changes.updated.sort(),
    missing: changes.missing.sort(),
    restored: changes.restored.sort(),
  };
}

/**
 * Makes the election table match the meta catalog: one row per election key, named as in the
 * repository. An election whose directory is gone is only marked missing: its row, ballots,
 * voters and requests are kept (Elekto 0.6 deleted them), and it comes back intact if the
 * directory does. Rows are never deleted.
 */
export async function syncElectionRows(
  db: Kysely<Database>,
  elections: readonly CatalogElection[],
  now: Date,
): Promise<ElectionRowChanges> {
  const byKey = new Map(elections.map((election) => [election.key, election]));
  try {
    return await runTransaction(db, (trx) => applyCatalog(trx, byKey, now));
  } catch (error) {
    // Another replica inserted the same new election first; now we see its row.
    if (!isUniqueViolation(error)) throw error;
    return runTransaction(db, (trx) => applyCatalog(trx, byKey, now));
  }
}

/** Election key → row id, for those of `keys` that have a row. */
export async function electionIdsByKey(db: Kysely<Database>, keys: readonly string[]): Promise<ReadonlyMap<string, number>> {
  if (keys.length === 0) return new Map();
  const rows = await db.selectFrom('election').select(['id', 'key']).where('key', 'in', keys).execute();
  return new Map(rows.map((row) => [row.key, Number(row.id)]));
}
