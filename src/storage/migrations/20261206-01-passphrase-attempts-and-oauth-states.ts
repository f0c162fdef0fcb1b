import type { Migration } from 'kysely';
import type { Dialect } from '../database-target.js';
import { DDL_VOCABULARY } from './ddl-vocabulary.js';
import type { UntypedDatabase } from './untyped-database.js';

/**
 * Two tables that make limits and logins hold across replicas (SPEC §16): passphrase
 * attempts, counted per user in the database rather than per process, and the OAuth `state`s
 * handed out, each deleted when a callback uses it so that it works once.
 */
export function passphraseAttemptsAndOAuthStates(dialect: Dialect): Migration {
  const { idType, idColumn, timestampType, hasIndex } = DDL_VOCABULARY[dialect];
  return {
    async up(db: UntypedDatabase) {
      await db.schema
        .createTable('passphrase_attempt')
        .ifNotExists()
        .addColumn('id', idType, idColumn)
        .addColumn('user_id', 'integer', (c) => c.notNull())
        .addColumn('attempted_at', timestampType, (c) => c.notNull())
        .addForeignKeyConstraint('passphrase_attempt_user_id_fkey', ['user_id'], 'user', ['id'], (c) => c.onDelete('cascade'))
        .execute();
      if (!(await hasIndex(db, 'passphrase_attempt', 'ix_passphrase_attempt_user_id_attempted_at'))) {
        await db.schema.createIndex('ix_passphrase_attempt_user_id_attempted_at').on('passphrase_attempt').columns(['user_id', 'attempted_at']).execute();
      }

      await db.schema
        .createTable('oauth_state')
        .ifNotExists()
        .addColumn('id', 'varchar(64)', (c) => c.notNull().primaryKey())
        .addColumn('expires_at', timestampType, (c) => c.notNull())
        .execute();
      if (!(await hasIndex(db, 'oauth_state', 'ix_oauth_state_expires_at'))) {
        await db.schema.createIndex('ix_oauth_state_expires_at').on('oauth_state').column('expires_at').execute();
      }
    },
  };
}
