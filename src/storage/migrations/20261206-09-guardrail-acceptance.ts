import type { Migration } from 'kysely';
import type { Dialect } from '../database-target.js';
import { DDL_VOCABULARY } from './ddl-vocabulary.js';
import type { UntypedDatabase } from './untyped-database.js';

/**
 * Officers accept a guardrail warning (SPEC §14) with a reason:
 * - `guardrail_warning.accept_reason`: why, when an officer accepted the change (then
 *   `resolved_by` is their login and `resolved_at` the time); NULL for a warning the sync
 *   resolved because the change was undone, or one still open;
 * - `election_settings.accepted_candidate_ids`: JSON array of the candidate IDs accepted after
 *   ballots were cast (a candidate withdrew), which the sync then compares the candidates
 *   with instead of those on the ballots; NULL until such a change is accepted.
 * Nullable columns in tables of this version only; safe to re-run (MySQL cannot roll DDL back).
 */
export function guardrailAcceptance(dialect: Dialect): Migration {
  const { columnsOf } = DDL_VOCABULARY[dialect];
  return {
    async up(db: UntypedDatabase) {
      for (const [table, column] of [['guardrail_warning', 'accept_reason'], ['election_settings', 'accepted_candidate_ids']] as const) {
        if (!(await columnsOf(db, table)).includes(column)) await db.schema.alterTable(table).addColumn(column, 'text').execute();
      }
    },
  };
}
