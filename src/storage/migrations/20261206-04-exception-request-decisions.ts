import type { ColumnDataType, Expression, Migration } from 'kysely';
import type { Dialect } from '../database-target.js';
import { DDL_VOCABULARY } from './ddl-vocabulary.js';
import type { UntypedDatabase } from './untyped-database.js';

/**
 * The officers' decision on each exception request (SPEC §14): `decision` (`approved` or
 * `declined`), an optional `decision_note`, and who decided (`decided_by`) and when
 * (`decided_at`). Nullable columns, invisible to Elekto 0.6; deciding also sets 0.6's
 * `reviewed`, so a Python Elekto reading the database still sees which requests were handled.
 */
export function exceptionRequestDecisions(dialect: Dialect): Migration {
  const { columnsOf, timestampType } = DDL_VOCABULARY[dialect];
  return {
    async up(db: UntypedDatabase) {
      // One column at a time, each checked: on MySQL a half-applied migration is not rolled back.
      const existing = await columnsOf(db, 'request');
      const add = async (name: string, type: ColumnDataType | Expression<unknown>) => {
        if (!existing.includes(name)) await db.schema.alterTable('request').addColumn(name, type).execute();
      };
      await add('decision', 'varchar(16)');
      await add('decision_note', 'text');
      await add('decided_by', 'varchar(255)');
      await add('decided_at', timestampType);
    },
  };
}
