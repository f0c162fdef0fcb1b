import type { Migration } from 'kysely';
import type { Dialect } from '../database-target.js';
import { DDL_VOCABULARY } from './ddl-vocabulary.js';
import { DuplicateRowsError, findDuplicateRows, ONE_PER_USER_AND_ELECTION } from './duplicate-rows.js';
import type { UntypedDatabase } from './untyped-database.js';

/**
 * One voter record and one exception request per user and election, enforced by UNIQUE
 * indexes, so that concurrent double submissions store exactly one (Elekto 0.6 had no such
 * constraint). Refuses, changing nothing, while duplicates exist: MySQL cannot roll DDL
 * back, so the check comes first.
 */
export function onePerUserAndElection(dialect: Dialect): Migration {
  const { hasIndex } = DDL_VOCABULARY[dialect];
  return {
    async up(db: UntypedDatabase) {
      const duplicates = await findDuplicateRows(db);
      if (duplicates.length > 0) throw new DuplicateRowsError(duplicates);
      for (const table of ONE_PER_USER_AND_ELECTION) {
        const index = `uq_${table}_user_id_election_id`;
        if (await hasIndex(db, table, index)) continue;
        await db.schema.createIndex(index).on(table).columns(['user_id', 'election_id']).unique().execute();
      }
    },
  };
}
