import { Migrator, type Kysely } from 'kysely';
import { err, ok, type Result } from '../core/result.js';
import type { Dialect } from './database-target.js';
import { DDL_VOCABULARY } from './migrations/ddl-vocabulary.js';
import { DuplicateRowsError, findDuplicateRows } from './migrations/duplicate-rows.js';
import { elektoMigrationProvider } from './migrations/elekto-migrations.js';
import { ELEKTO_06_SCHEMA_VERSION } from './migrations/elekto-0-6-tables.js';
import type { MigrationRefusal } from './migration-refusal.js';
import type { Database } from './schema.js';

/** What `migrateDatabase` did: the names of the migrations it applied, in order. */
export interface MigrationOutcome {
  readonly applied: readonly string[];
}

/**
 * Looks, before touching anything, for what would make a migration fail halfway: a schema
 * version other than Elekto 0.6's, or duplicates that block the UNIQUE constraints. MySQL
 * cannot roll back DDL, so this must come before the `Migrator` creates even its own table.
 */
async function preflight(db: Kysely<Database>, dialect: Dialect): Promise<MigrationRefusal | undefined> {
  const { columnsOf } = DDL_VOCABULARY[dialect];
  const exists = async (table: string) => (await columnsOf(db, table)).length > 0;
  if (await exists('schema_version')) {
    const rows = await db.selectFrom('schema_version').select('version').execute();
    const versions = rows.map((row) => Number(row.version));
    if (versions.some((version) => version !== ELEKTO_06_SCHEMA_VERSION)) {
      return { kind: 'unsupported-schema-version', versions };
    }
  }
  const tables = await Promise.all(['user', 'election', 'voter', 'request'].map(exists));
  if (tables.every(Boolean)) {
    const duplicates = await findDuplicateRows(db);
    if (duplicates.length > 0) return { kind: 'duplicate-rows', duplicates };
  }
  return undefined;
}

/**
 * Brings the database to the latest schema: creates Elekto 0.6's tables on an empty
 * database, adopts an existing Elekto 0.6 (schema version 2) database in place, then
 * applies our own migrations, tracked in Kysely's `kysely_migration` table while
 * `schema_version` stays at 2 so that the Python version can still run on it.
 *
 * Idempotent: on an up-to-date database it applies nothing. Refuses, changing nothing, when
 * a person must decide something first (see `describeMigrationRefusal`). Other failures
 * (unreachable server, a failing migration) are thrown.
 */
export async function migrateDatabase(
  db: Kysely<Database>,
  dialect: Dialect,
): Promise<Result<MigrationOutcome, MigrationRefusal>> {
  const refusal = await preflight(db, dialect);
  if (refusal) return err(refusal);
  const migrator = new Migrator({ db, provider: elektoMigrationProvider(dialect) });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error instanceof DuplicateRowsError) return err({ kind: 'duplicate-rows', duplicates: error.duplicates });
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName;
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(failed ? `database migration '${failed}' failed: ${message}` : `database migration failed: ${message}`, {
      cause: error,
    });
  }
  return ok({ applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) });
}

/**
 * The migrations not yet applied to the database, in order: empty when it is up to date.
 * Reads only. `elekto serve` and `elekto sync` refuse to run until this is empty, so that
 * migrating stays a deliberate step (`elekto migrate`).
 */
export async function pendingMigrations(db: Kysely<Database>, dialect: Dialect): Promise<readonly string[]> {
  const migrator = new Migrator({ db, provider: elektoMigrationProvider(dialect) });
  const migrations = await migrator.getMigrations();
  return migrations.filter((migration) => migration.executedAt === undefined).map((migration) => migration.name);
}
