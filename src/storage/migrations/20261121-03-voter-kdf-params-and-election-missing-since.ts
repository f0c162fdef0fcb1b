import type { Migration } from 'kysely';
import type { Dialect } from '../database-target.js';
import { DDL_VOCABULARY } from './ddl-vocabulary.js';
import type { UntypedDatabase } from './untyped-database.js';

/**
 * Two nullable columns, invisible to Elekto 0.6:
 * - `voter.kdf_params`: the key-derivation parameters of a row's ballot link, so new links
 *   may use other parameters; NULL means Elekto 0.6's, which every existing link used;
 * - `election.missing_since`: when an election's directory left the meta repository. Its
 *   rows are kept (Elekto 0.6 deleted them, ballots included).
 */
export function voterKdfParamsAndElectionMissingSince(dialect: Dialect): Migration {
  const { columnsOf, timestampType } = DDL_VOCABULARY[dialect];
  return {
    async up(db: UntypedDatabase) {
      // Checked one by one: on MySQL a half-applied migration is not rolled back.
      if (!(await columnsOf(db, 'voter')).includes('kdf_params')) {
        await db.schema.alterTable('voter').addColumn('kdf_params', 'varchar(255)').execute();
      }
      if (!(await columnsOf(db, 'election')).includes('missing_since')) {
        await db.schema.alterTable('election').addColumn('missing_since', timestampType).execute();
      }
    },
  };
}
