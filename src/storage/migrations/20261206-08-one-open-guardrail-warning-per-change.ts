import { sql, type Migration } from 'kysely';
import type { Dialect } from '../database-target.js';
import { DDL_VOCABULARY } from './ddl-vocabulary.js';
import type { UntypedDatabase } from './untyped-database.js';

const TABLE = 'guardrail_warning';
const CHANGE = ['election_id', 'kind', 'subject'] as const;

/**
 * One open guardrail warning per unsafe change (election, kind, subject), enforced by the
 * database, so that replicas syncing the same commit at once cannot both record it.
 *
 * MySQL has no partial index, so "unique among open warnings" is a UNIQUE index over the
 * change and `open_key`, a column the database computes: 1 while `resolved_at` is NULL, NULL
 * once the warning is resolved. UNIQUE ignores rows with a NULL in the key on every dialect,
 * so resolved warnings never collide, and no writer can forget to move a row out of the key.
 *
 * Duplicate open warnings recorded before are deleted first, the oldest of each change kept:
 * they say the same thing. Safe to re-run after a failure halfway (MySQL cannot roll DDL back).
 */
export function oneOpenGuardrailWarningPerChange(dialect: Dialect): Migration {
  const { computedColumn, hasColumn, hasIndex } = DDL_VOCABULARY[dialect];
  return {
    async up(db: UntypedDatabase) {
      await deleteDuplicateOpenWarnings(db);
      if (!(await hasColumn(db, TABLE, 'open_key'))) {
        await db.schema
          .alterTable(TABLE)
          .addColumn('open_key', 'integer', (c) => computedColumn(c, sql`case when ${sql.ref('resolved_at')} is null then 1 end`))
          .execute();
      }
      if (!(await hasIndex(db, TABLE, 'uq_guardrail_warning_open_change'))) {
        await db.schema.createIndex('uq_guardrail_warning_open_change').on(TABLE).columns([...CHANGE, 'open_key']).unique().execute();
      }
    },
  };
}

/** Deletes every open warning but the oldest of each change, grouped as the index compares. */
async function deleteDuplicateOpenWarnings(db: UntypedDatabase): Promise<void> {
  const groups: { election_id: number; kind: string; subject: string; oldest: number }[] = await db
    .selectFrom(TABLE)
    .select([...CHANGE, (eb) => eb.fn.min('id').as('oldest')])
    .where('resolved_at', 'is', null)
    .groupBy([...CHANGE])
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  for (const group of groups) {
    await db
      .deleteFrom(TABLE)
      .where('election_id', '=', group.election_id)
      .where('kind', '=', group.kind)
      .where('subject', '=', group.subject)
      .where('resolved_at', 'is', null)
      .where('id', '>', group.oldest)
      .execute();
  }
}
