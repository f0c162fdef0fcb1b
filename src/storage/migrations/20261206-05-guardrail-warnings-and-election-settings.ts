import type { Migration } from 'kysely';
import type { Dialect } from '../database-target.js';
import { DDL_VOCABULARY } from './ddl-vocabulary.js';
import type { UntypedDatabase } from './untyped-database.js';

/**
 * What the guardrails of SPEC §14 need, in two new tables:
 * - `election_settings`: per election, the settings the last sync saw (window, method,
 *   `allow_no_opinion`, seats, candidate IDs) and the commit, so the next sync can tell what
 *   a merged change altered;
 * - `guardrail_warning`: each unsafe change found, with the commit that made it, until it is
 *   undone (the sync resolves it) or an officer marks it handled.
 */
export function guardrailWarningsAndElectionSettings(dialect: Dialect): Migration {
  const { idType, idColumn, timestampType } = DDL_VOCABULARY[dialect];
  return {
    async up(db: UntypedDatabase) {
      await db.schema
        .createTable('election_settings')
        .ifNotExists()
        .addColumn('election_id', 'integer', (c) => c.notNull().primaryKey())
        .addColumn('start_datetime', timestampType, (c) => c.notNull())
        .addColumn('end_datetime', timestampType, (c) => c.notNull())
        .addColumn('election_method', 'varchar(32)', (c) => c.notNull())
        .addColumn('allow_no_opinion', 'boolean', (c) => c.notNull())
        .addColumn('no_winners', 'integer', (c) => c.notNull())
        .addColumn('candidate_ids', 'text', (c) => c.notNull())
        .addColumn('commit', 'varchar(255)')
        .addColumn('updated_at', timestampType, (c) => c.notNull())
        .addForeignKeyConstraint('election_settings_election_id_fkey', ['election_id'], 'election', ['id'], (c) => c.onDelete('cascade'))
        .execute();

      await db.schema
        .createTable('guardrail_warning')
        .ifNotExists()
        .addColumn('id', idType, idColumn)
        .addColumn('election_id', 'integer', (c) => c.notNull())
        .addColumn('kind', 'varchar(64)', (c) => c.notNull())
        .addColumn('subject', 'varchar(255)', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('advice', 'text', (c) => c.notNull())
        .addColumn('file', 'varchar(1000)')
        .addColumn('line', 'integer')
        .addColumn('commit', 'varchar(255)')
        .addColumn('created_at', timestampType, (c) => c.notNull())
        .addColumn('resolved_at', timestampType)
        .addColumn('resolved_by', 'varchar(255)')
        .addForeignKeyConstraint('guardrail_warning_election_id_fkey', ['election_id'], 'election', ['id'], (c) => c.onDelete('cascade'))
        .execute();
    },
  };
}
