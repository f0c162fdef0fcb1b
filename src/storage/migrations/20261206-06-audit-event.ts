import type { Migration } from 'kysely';
import type { Dialect } from '../database-target.js';
import { DDL_VOCABULARY } from './ddl-vocabulary.js';
import type { UntypedDatabase } from './untyped-database.js';

/**
 * The audit trail of SPEC §14: officer actions (decisions on exception requests, computing
 * results, downloads) and syncs, each with who, what and when. It holds no ballot content and
 * nothing linking a voter to a ballot: `detail` is a sentence written by the application.
 */
export function auditEvent(dialect: Dialect): Migration {
  const { idType, idColumn, timestampType, hasIndex } = DDL_VOCABULARY[dialect];
  return {
    async up(db: UntypedDatabase) {
      await db.schema
        .createTable('audit_event')
        .ifNotExists()
        .addColumn('id', idType, idColumn)
        // NULL for a sync, which concerns every election.
        .addColumn('election_id', 'integer')
        .addColumn('kind', 'varchar(32)', (c) => c.notNull())
        .addColumn('actor', 'varchar(255)', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('commit', 'varchar(255)')
        .addColumn('created_at', timestampType, (c) => c.notNull())
        .addForeignKeyConstraint('audit_event_election_id_fkey', ['election_id'], 'election', ['id'], (c) => c.onDelete('cascade'))
        .execute();
      if (!(await hasIndex(db, 'audit_event', 'ix_audit_event_kind_id'))) {
        await db.schema.createIndex('ix_audit_event_kind_id').on('audit_event').columns(['kind', 'id']).execute();
      }
    },
  };
}
