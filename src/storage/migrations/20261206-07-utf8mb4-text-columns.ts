import { sql, type Migration } from 'kysely';
import type { Dialect } from '../database-target.js';
import type { UntypedDatabase } from './untyped-database.js';

/** Every table Elekto (0.6 and this version) keeps, and only those: the database may hold others. */
const ELEKTO_TABLES = [
  ...['user', 'election', 'voter', 'ballot', 'request', 'schema_version'],
  ...['session', 'election_result', 'sync_state', 'passphrase_attempt', 'oauth_state'],
  ...['election_settings', 'guardrail_warning', 'audit_event'],
];

/**
 * MySQL and MariaDB only: every Elekto table in `utf8mb4`, whatever the database's default.
 * Elekto 0.6's tables took the database's character set, often `latin1`, which cannot store a
 * name in Cyrillic, CJK or an emoji: the insert failed with a 500 (SPEC §16). `CONVERT TO`
 * re-encodes the existing rows, so every Latin-1 character survives.
 *
 * MySQL cannot roll DDL back, so this is safe to re-run: it converts only the tables still in
 * another character set, one statement per table. It runs after every migration that creates
 * a table, so those are converted too; a migration added later that creates a table must
 * name `utf8mb4` itself or add the table here in a new migration.
 */
export function utf8mb4TextColumns(dialect: Dialect): Migration {
  return {
    async up(db: UntypedDatabase) {
      if (dialect !== 'mysql') return;
      for (const table of await tablesToConvert(db)) {
        await sql`alter table ${sql.table(table)} convert to character set utf8mb4`.execute(db);
      }
    },
  };
}

async function tablesToConvert(db: UntypedDatabase): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables
    where table_schema = database() and table_type = 'BASE TABLE'
      and table_name in (${sql.join(ELEKTO_TABLES)}) and table_collation not like 'utf8mb4%'`.execute(db);
  return rows.map((row) => row.name);
}
