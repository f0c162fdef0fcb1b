import { sql, type ColumnDataType, type ColumnDefinitionBuilder, type Expression } from 'kysely';
import type { Dialect } from '../database-target.js';
import type { UntypedDatabase } from './untyped-database.js';

/** A column type, as Kysely's schema builder takes it. */
type DataType = ColumnDataType | Expression<unknown>;

/**
 * What our migrations need to say differently on each database. Part of the migrations,
 * hence frozen: a later migration that needs something else adds a new entry rather than
 * changing one an earlier migration used.
 */
export interface DdlVocabulary {
  /** Column type of an auto-numbered integer primary key, as Elekto 0.6 declares `id`. */
  readonly idType: DataType;
  /** Completes the `id` column (primary key, auto-numbering where it is not implied). */
  readonly idColumn: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
  /** A zone-less timestamp, the type Elekto 0.6 used for times (meaning UTC). */
  readonly timestampType: DataType;
  /** Text of any length a computed result may reach (MySQL's TEXT stops at 64 KiB). */
  readonly longTextType: DataType;
  /** Names of the columns of `table` in the current database; empty if it does not exist. */
  readonly columnsOf: (db: UntypedDatabase, table: string) => Promise<readonly string[]>;
  /** Whether index `name` of `table` exists in the current database. */
  readonly hasIndex: (db: UntypedDatabase, table: string, name: string) => Promise<boolean>;
  /**
   * Completes a column the database computes from others of its row, as `ALTER TABLE … ADD
   * COLUMN` can add it: stored where it can be, virtual on SQLite (which adds no other kind).
   */
  readonly computedColumn: (column: ColumnDefinitionBuilder, expression: Expression<unknown>) => ColumnDefinitionBuilder;
  /** Whether `table` has a column `name`, computed columns included (`columnsOf` misses them on SQLite). */
  readonly hasColumn: (db: UntypedDatabase, table: string, name: string) => Promise<boolean>;
}

interface NameRow {
  readonly name: string;
}

const stored = (column: ColumnDefinitionBuilder, expression: Expression<unknown>) => column.generatedAlwaysAs(expression).stored();

async function names(db: UntypedDatabase, query: ReturnType<typeof sql<NameRow>>): Promise<readonly string[]> {
  return (await query.execute(db)).rows.map((row) => row.name);
}

export const DDL_VOCABULARY: Readonly<Record<Dialect, DdlVocabulary>> = {
  sqlite: {
    idType: 'integer',
    idColumn: (column) => column.primaryKey(), // an INTEGER PRIMARY KEY is the auto-numbered rowid
    timestampType: 'datetime',
    longTextType: 'text',
    columnsOf: (db, table) => names(db, sql<NameRow>`select name from pragma_table_info(${table})`),
    hasIndex: async (db, _table, name) =>
      (await names(db, sql<NameRow>`select name from sqlite_master where type = 'index' and name = ${name}`)).length > 0,
    computedColumn: (column, expression) => column.generatedAlwaysAs(expression),
    hasColumn: async (db, table, name) => (await names(db, sql<NameRow>`select name from pragma_table_xinfo(${table})`)).includes(name),
  },
  postgresql: {
    idType: 'serial',
    idColumn: (column) => column.primaryKey(),
    timestampType: 'timestamp',
    longTextType: 'text',
    columnsOf: (db, table) =>
      names(
        db,
        sql<NameRow>`select column_name as name from information_schema.columns
          where table_schema = current_schema() and table_name = ${table}`,
      ),
    hasIndex: async (db, table, name) =>
      (
        await names(
          db,
          sql<NameRow>`select indexname as name from pg_indexes
            where schemaname = current_schema() and tablename = ${table} and indexname = ${name}`,
        )
      ).length > 0,
    computedColumn: stored,
    hasColumn: async (db, table, name) => (await DDL_VOCABULARY.postgresql.columnsOf(db, table)).includes(name),
  },
  mysql: {
    idType: 'integer',
    idColumn: (column) => column.autoIncrement().primaryKey(),
    timestampType: 'datetime',
    longTextType: sql`mediumtext`,
    columnsOf: (db, table) =>
      names(
        db,
        sql<NameRow>`select column_name as name from information_schema.columns
          where table_schema = database() and table_name = ${table}`,
      ),
    hasIndex: async (db, table, name) =>
      (
        await names(
          db,
          sql<NameRow>`select index_name as name from information_schema.statistics
            where table_schema = database() and table_name = ${table} and index_name = ${name}`,
        )
      ).length > 0,
    computedColumn: stored,
    hasColumn: async (db, table, name) => (await DDL_VOCABULARY.mysql.columnsOf(db, table)).includes(name),
  },
};
