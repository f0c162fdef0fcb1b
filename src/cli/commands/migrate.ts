import { purgeExpiredRows } from '../../app/expired-rows.js';
import { describeDatabaseTarget, type DatabaseTarget } from '../../storage/database-target.js';
import { DEFAULT_DATABASE_TIMEOUTS } from '../../storage/database-timeouts.js';
import { migrateDatabase } from '../../storage/migrate-database.js';
import { describeMigrationRefusal } from '../../storage/migration-refusal.js';
import { openDatabase } from '../../storage/open-database.js';
import { configFromEnvironment } from '../cli-config.js';
import { CommandFailure, parseCommandArgs, type CliIo, type Command } from '../command.js';

const usage = `Usage: elekto migrate

Brings the database to the schema this version of Elekto needs. On an empty database it
creates every table; on an Elekto 0.6 database (schema version 2) it adopts it in place,
keeping every ballot, voter link and exception request, and the Python Elekto can still
run on it afterwards. Running it again is harmless. It also deletes expired sessions and
OAuth states and passphrase attempts that no longer count (servers do so every 15 minutes).

It stops without changing anything when a person must decide something first (such as
users with several voter records in one election), and says what to do.

The database is the one configured by DATABASE_URL or the DB_* variables (or .env).
`;

/** A migration rewrites whole tables (utf8mb4 on MySQL): far longer than any page's statement. */
const MIGRATION_STATEMENT_MS = 30 * 60_000;

function withMigrationTimeouts(target: DatabaseTarget): DatabaseTarget {
  return { ...target, timeouts: { ...(target.timeouts ?? DEFAULT_DATABASE_TIMEOUTS), statementMs: MIGRATION_STATEMENT_MS } };
}

/**
 * Migrates the database at `target` and tells what happened: the migrations applied, that
 * it was up to date, or (exit status 1) why it was left untouched and what to do.
 */
export async function runMigrate(target: DatabaseTarget, io: Pick<CliIo, 'stdout' | 'stderr'>): Promise<number> {
  const where = describeDatabaseTarget(target);
  const db = openDatabase(withMigrationTimeouts(target));
  try {
    const outcome = await migrateDatabase(db, target.dialect);
    if (!outcome.ok) {
      io.stderr(`Cannot migrate the ${where}.\n\n${describeMigrationRefusal(outcome.error)}\n`);
      return 1;
    }
    const { applied } = outcome.value;
    io.stdout(
      applied.length === 0
        ? `The ${where} is up to date.\n`
        : `Migrated the ${where}:\n${applied.map((name) => `  applied ${name}\n`).join('')}`,
    );
    const purged = await purgeExpiredRows(db, new Date());
    if (purged.sessions > 0) io.stdout(`Deleted ${purged.sessions} expired session${purged.sessions === 1 ? '' : 's'}.\n`);
    return 0;
  } catch (error) {
    throw new CommandFailure(`cannot migrate the ${where}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await db.destroy();
  }
}

/** `elekto migrate`: create, adopt or upgrade the database schema. */
export const migrateCommand: Command = {
  name: 'migrate',
  usage,
  async run(args, io) {
    parseCommandArgs(args, {}, false);
    return runMigrate(configFromEnvironment(io).database, io);
  },
};
