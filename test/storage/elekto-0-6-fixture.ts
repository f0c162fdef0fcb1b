// The Elekto 0.6 database of test/fixtures/elekto-v2-database, loaded into a test database.
import { readFile } from 'node:fs/promises';
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../src/storage/database-target.js';
import type { Database } from '../../src/storage/schema.js';

const FIXTURE_FILES: Readonly<Record<Dialect, string>> = {
  sqlite: 'sqlite.sql',
  postgresql: 'postgresql.sql',
  mysql: 'mysql.sql',
};

const FIXTURE_DIRECTORY = new URL('../fixtures/elekto-v2-database/', import.meta.url);

/** Runs the fixture's SQL file for `dialect`, statement by statement. */
export async function loadElekto06Fixture(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  const script = await readFile(new URL(FIXTURE_FILES[dialect], FIXTURE_DIRECTORY), 'utf8');
  const statements = script
    .split(/;\s*$/m)
    .map((statement) => statement.replace(/^\s*--.*$/gm, '').trim())
    .filter((statement) => statement !== '');
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** What the fixture holds, as the adoption tests expect to find it afterwards. */
export const FIXTURE = {
  electionKey: '2021---GB',
  /** Each voter's ballot, as anonymous ballots read back (no opinion = absent). */
  ballots: [
    { aaron: 2, dims: 3, paris: 1 },
    { aaron: 1, paris: 2 },
    { aaron: 3, dims: 1, paris: 2 },
  ],
  /** The Schulze ranking of those ballots, fewest defeats first. */
  ranking: [['dims', 'paris'], ['aaron']],
} as const;
