import { sql, type Migration } from 'kysely';
import type { Dialect } from '../database-target.js';
import { DDL_VOCABULARY } from './ddl-vocabulary.js';
import type { UntypedDatabase } from './untyped-database.js';

/**
 * Three tables that let several replicas share one database: web sessions, computed
 * election results, and the state of the meta repository sync (a single row).
 */
export function sessionElectionResultSyncState(dialect: Dialect): Migration {
  const { idType, idColumn, timestampType, longTextType, hasIndex } = DDL_VOCABULARY[dialect];
  return {
    async up(db: UntypedDatabase) {
      await db.schema
        .createTable('session')
        .ifNotExists()
        .addColumn('id', 'varchar(64)', (c) => c.notNull().primaryKey())
        .addColumn('user_id', 'integer')
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('created_at', timestampType, (c) => c.notNull())
        .addColumn('expires_at', timestampType, (c) => c.notNull())
        .addForeignKeyConstraint('session_user_id_fkey', ['user_id'], 'user', ['id'], (c) => c.onDelete('cascade'))
        .execute();
      if (!(await hasIndex(db, 'session', 'ix_session_expires_at'))) {
        await db.schema.createIndex('ix_session_expires_at').on('session').column('expires_at').execute();
      }

      await db.schema
        .createTable('election_result')
        .ifNotExists()
        .addColumn('id', idType, idColumn)
        .addColumn('election_id', 'integer', (c) => c.notNull())
        .addColumn('computed_at', timestampType, (c) => c.notNull())
        .addColumn('computed_by', 'varchar(255)', (c) => c.notNull())
        .addColumn('input_hash', 'char(64)', (c) => c.notNull())
        .addColumn('result', longTextType, (c) => c.notNull())
        .addUniqueConstraint('uq_election_result_election_id', ['election_id'])
        // Cascades like Elekto 0.6's own foreign keys, so 0.6 can still delete an election.
        .addForeignKeyConstraint('election_result_election_id_fkey', ['election_id'], 'election', ['id'], (c) =>
          c.onDelete('cascade'),
        )
        .execute();

      await db.schema
        .createTable('sync_state')
        .ifNotExists()
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('revision', 'varchar(255)')
        .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('synced_at', timestampType)
        .addColumn('last_error', 'text')
        .addColumn('last_error_at', timestampType)
        .addCheckConstraint('sync_state_single_row', sql`id = 1`)
        .execute();
      const rows = await db.selectFrom('sync_state').select('id').execute();
      if (rows.length === 0) await db.insertInto('sync_state').values({ id: 1, generation: 0 }).execute();
    },
  };
}
