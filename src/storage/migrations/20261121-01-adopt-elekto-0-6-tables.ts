import { sql, type Migration } from 'kysely';
import type { Dialect } from '../database-target.js';
import { DDL_VOCABULARY } from './ddl-vocabulary.js';
import { ELEKTO_06_SCHEMA_VERSION, ELEKTO_06_TABLES } from './elekto-0-6-tables.js';
import type { UntypedDatabase } from './untyped-database.js';

/**
 * Creates whichever of Elekto 0.6's tables are absent, exactly as 0.6 would, and records
 * schema version 2 in a new database. On a database Elekto 0.6 created, it changes nothing:
 * adopting one and starting afresh end in the same schema.
 */
export function adoptElekto06Tables(dialect: Dialect): Migration {
  const { columnsOf } = DDL_VOCABULARY[dialect];
  return {
    async up(db: UntypedDatabase) {
      for (const table of ELEKTO_06_TABLES) {
        if ((await columnsOf(db, table.name)).length > 0) continue;
        for (const statement of table.create[dialect]) await sql.raw(statement).execute(db);
      }
      const recorded = await db.selectFrom('schema_version').select('version').execute();
      if (recorded.length === 0) {
        await db.insertInto('schema_version').values({ version: ELEKTO_06_SCHEMA_VERSION }).execute();
      }
    },
  };
}
