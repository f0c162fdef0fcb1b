import { existsSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { formatConfigProblem } from '../config/config-problem.js';
import type { Config } from '../config/config-schema.js';
import { loadConfig } from '../config/load-config.js';
import { describeDatabaseTarget, type DatabaseTarget } from '../storage/database-target.js';
import { pendingMigrations } from '../storage/migrate-database.js';
import { openDatabase } from '../storage/open-database.js';
import type { Database } from '../storage/schema.js';
import { CommandFailure, type CliIo } from './command.js';
import { plural } from '../core/plural.js';

/**
 * The configuration from the environment and `.env`, or a failure listing every problem,
 * one per line, for the user to fix at once.
 */
export function configFromEnvironment(io: CliIo): Config {
  const config = loadConfig(io.env, { cwd: io.cwd });
  if (!config.ok) {
    const problems = config.error.map((problem) => `  ${formatConfigProblem(problem)}`);
    throw new CommandFailure(`the configuration has problems:\n${problems.join('\n')}`);
  }
  return config.value;
}

/**
 * Refuses a SQLite file that does not exist: only `elekto migrate` (and the demo) create a
 * database, so a mistyped DB_PATH is an error rather than a new, empty database.
 */
export function requireExistingDatabase(target: DatabaseTarget): void {
  if (target.dialect === 'sqlite' && target.path !== ':memory:' && !existsSync(target.path)) {
    throw new CommandFailure(`there is no ${describeDatabaseTarget(target)}: check DB_PATH or DATABASE_URL, or create it with 'elekto migrate'`);
  }
}

/**
 * Opens the configured database and checks that it is migrated; an unmigrated database is
 * never migrated silently: the user is told to run `elekto migrate`.
 */
export async function openMigratedDatabase(target: DatabaseTarget): Promise<Kysely<Database>> {
  requireExistingDatabase(target);
  const db = openDatabase(target);
  try {
    const pending = await pendingMigrations(db, target.dialect);
    if (pending.length > 0) {
      throw new CommandFailure(
        `the ${describeDatabaseTarget(target)} is not migrated (${plural(pending.length, 'migration')} pending). Run 'elekto migrate' first.`,
      );
    }
    return db;
  } catch (error) {
    await db.destroy();
    if (error instanceof CommandFailure) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new CommandFailure(`cannot reach the ${describeDatabaseTarget(target)}: ${message}`);
  }
}
