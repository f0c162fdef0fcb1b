import { sql, type Migration } from 'kysely';
import type { Dialect } from '../database-target.js';
import type { UntypedDatabase } from './untyped-database.js';

const TABLE = 'guardrail_warning';
/** The text columns of the change that `uq_guardrail_warning_open_change` keeps unique. */
const COLUMNS = ['kind', 'subject'];

/**
 * Binary collations of utf8mb4, best first: MariaDB's and MySQL 8's compare trailing spaces
 * too (NO PAD); `utf8mb4_bin`, which every server has, ignores them (PAD SPACE).
 */
const BINARY_COLLATIONS = ['utf8mb4_nopad_bin', 'utf8mb4_0900_bin', 'utf8mb4_bin'];

/**
 * MySQL and MariaDB only: a guardrail warning's `kind` and `subject` compared byte for byte,
 * as SQLite and PostgreSQL compare them. The table's default collation ignores case, accents
 * and trailing spaces, so two changes whose subjects differ only that way (candidates `Ada`
 * and `ada`) collided on the one-open-warning-per-change index: recording the second failed,
 * and every sync of that election with it.
 *
 * MySQL cannot roll DDL back, so this is safe to re-run: it modifies only the columns not yet
 * in the binary collation, keeping their type and nullability. A binary collation is stricter
 * than the old one, so the index cannot find duplicates while it is rebuilt.
 */
export function byteExactGuardrailChanges(dialect: Dialect): Migration {
  return {
    async up(db: UntypedDatabase) {
      if (dialect !== 'mysql') return;
      const collation = await binaryCollation(db);
      for (const column of await columnsToConvert(db, collation)) {
        const nullability = column.nullable === 'YES' ? sql`null` : sql`not null`;
        await sql`alter table ${sql.table(TABLE)} modify ${sql.ref(column.name)} ${sql.raw(column.type)}
          character set utf8mb4 collate ${sql.raw(collation)} ${nullability}`.execute(db);
      }
    },
  };
}

/** The best binary collation of utf8mb4 that this server has. */
async function binaryCollation(db: UntypedDatabase): Promise<string> {
  const { rows } = await sql<{ name: string }>`select collation_name as name from information_schema.collations
    where collation_name in (${sql.join(BINARY_COLLATIONS)})`.execute(db);
  const available = new Set(rows.map((row) => row.name));
  return BINARY_COLLATIONS.find((name) => available.has(name)) ?? 'utf8mb4_bin';
}

async function columnsToConvert(db: UntypedDatabase, collation: string) {
  const { rows } = await sql<{ name: string; type: string; nullable: string }>`select column_name as name, column_type as type,
      is_nullable as nullable from information_schema.columns
    where table_schema = database() and table_name = ${TABLE} and column_name in (${sql.join(COLUMNS)})
      and collation_name <> ${collation}`.execute(db);
  return rows;
}
