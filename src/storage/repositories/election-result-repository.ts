import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../driver-errors.js';
import { runTransaction } from '../run-transaction.js';
import type { Database } from '../schema.js';
import { eraseBallotLinks } from './voter-repository.js';

/** A computed result as stored. Its existence freezes the election (SPEC §4). */
export interface StoredElectionResult {
  readonly electionId: number;
  readonly computedAt: Date;
  /** Login of the officer who computed it. */
  readonly computedBy: string;
  /** SHA-256 (hex) of the counted input. */
  readonly inputHash: string;
  /** The count, as JSON text. */
  readonly result: string;
}

/** The stored result of an election, if it was computed. */
export async function findElectionResult(db: Kysely<Database>, electionId: number): Promise<StoredElectionResult | undefined> {
  const row = await db
    .selectFrom('election_result')
    .select(['computed_at', 'computed_by', 'input_hash', 'result'])
    .where('election_id', '=', electionId)
    .executeTakeFirst();
  return (
    row && { electionId, computedAt: row.computed_at, computedBy: row.computed_by, inputHash: row.input_hash, result: row.result }
  );
}

/**
 * Stores an election's result and, when the election says `delete_after`, erases its ballot
 * links, in one transaction. An election has one result: if one is already stored (say an
 * officer on another replica computed it a moment earlier), that one is returned and this
 * one dropped.
 */
export async function storeElectionResult(
  db: Kysely<Database>,
  result: StoredElectionResult,
  options: { readonly eraseLinks: boolean },
): Promise<StoredElectionResult> {
  try {
    await runTransaction(db, async (trx) => {
      await trx
        .insertInto('election_result')
        .values({
          election_id: result.electionId,
          computed_at: result.computedAt,
          computed_by: result.computedBy,
          input_hash: result.inputHash,
          result: result.result,
        })
        .execute();
      if (options.eraseLinks) await eraseBallotLinks(trx, result.electionId, result.computedAt);
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const stored = await findElectionResult(db, result.electionId);
  if (!stored) throw new Error(`the result of election ${result.electionId} vanished right after being stored`);
  return stored;
}

/** The ids of every election whose result was computed (and which is therefore frozen). */
export async function listComputedElectionIds(db: Kysely<Database>): Promise<ReadonlySet<number>> {
  const rows = await db.selectFrom('election_result').select('election_id').execute();
  return new Set(rows.map((row) => Number(row.election_id)));
}

/** Whether the election's result was computed (it is then frozen); reads no result JSON. */
export async function hasElectionResult(db: Kysely<Database>, electionId: number): Promise<boolean> {
  const row = await db.selectFrom('election_result').select('id').where('election_id', '=', electionId).executeTakeFirst();
  return row !== undefined;
}
