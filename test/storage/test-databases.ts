// Fresh, throw-away databases for tests, on every dialect Elekto supports.
//
// Each call creates its own database (a temporary file for SQLite; `CREATE DATABASE
// elekto_t_<random>` on the PostgreSQL and MySQL test servers) and drops it afterwards, so
// test files can run in parallel. The servers default to this machine's (see
// scripts/ensure-databases.sh) and can be overridden with TEST_POSTGRES_URL and
// TEST_MYSQL_URL. An unreachable server makes the test fail, saying how to fix it: database
// tests never skip.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'node:test';
import type { Kysely } from 'kysely';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { parseDatabaseUrl } from '../../src/config/database-url.js';
import { DIALECTS, type DatabaseTarget, type Dialect } from '../../src/storage/database-target.js';
import { migrateDatabase } from '../../src/storage/migrate-database.js';
import { openDatabase } from '../../src/storage/open-database.js';
import type { Database } from '../../src/storage/schema.js';

export { DIALECTS, type Dialect };

type ServerDialect = Exclude<Dialect, 'sqlite'>;
type ServerTarget = Extract<DatabaseTarget, { dialect: ServerDialect }>;

/** Runs SQL on an administrative connection. */
interface AdminConnection {
  run(sql: string): Promise<unknown>;
  close(): Promise<void>;
}

/** How to reach one test server and create or drop a database there. */
interface TestServer {
  readonly variable: string;
  readonly fallback: string;
  connect(target: ServerTarget): Promise<AdminConnection>;
  /** `charset` is MySQL's database character set (Elekto 0.6's were often `latin1`). */
  createDatabase(name: string, charset: string): string;
  dropDatabase(name: string): string;
}

const SERVERS: Readonly<Record<ServerDialect, TestServer>> = {
  postgresql: {
    variable: 'TEST_POSTGRES_URL',
    fallback: 'postgres://postgres@127.0.0.1:5432/test',
    connect: async ({ host, port, user, password, database }) => {
      const client = new pg.Client({ host, port, user, password, database });
      await client.connect();
      return { run: (sql) => client.query(sql), close: () => client.end() };
    },
    createDatabase: (name) => `CREATE DATABASE ${name}`,
    dropDatabase: (name) => `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`,
  },
  mysql: {
    variable: 'TEST_MYSQL_URL',
    fallback: 'mysql://root@127.0.0.1:3306/test',
    connect: async ({ host, port, user, password, database }) => {
      const connection = await mysql.createConnection({ host, port, user, password, database });
      return { run: (sql) => connection.query(sql), close: () => connection.end() };
    },
    createDatabase: (name, charset) => `CREATE DATABASE ${name} CHARACTER SET ${charset}`,
    dropDatabase: (name) => `DROP DATABASE IF EXISTS ${name}`,
  },
};

/** The administrative connection target of a test server, from its variable or the default. */
function serverTarget(dialect: ServerDialect): ServerTarget {
  const { variable, fallback } = SERVERS[dialect];
  const parsed = parseDatabaseUrl(process.env[variable] || fallback);
  if ('problem' in parsed) throw new Error(`${variable} ${parsed.problem}`);
  if (parsed.dialect !== dialect) throw new Error(`${variable} must be a ${dialect} URL`);
  return parsed as ServerTarget;
}

/** Runs one statement on `dialect`'s test server, turning "cannot connect" into advice. */
async function runOnServer(dialect: ServerDialect, sql: string): Promise<void> {
  const server = SERVERS[dialect];
  const target = serverTarget(dialect);
  const connection = await server.connect(target).catch((error: Error) => {
    const where = `${dialect} test server at ${target.user}@${target.host}:${target.port}/${target.database}`;
    throw new Error(
      `cannot reach the ${where}: ${error.message}; ` +
        `start it with 'bash scripts/ensure-databases.sh' or point ${server.variable} at one`,
    );
  });
  try {
    await connection.run(sql);
  } finally {
    await connection.close();
  }
}

/** A database of its own for one test or suite; `drop()` deletes it. */
export interface FreshDatabase {
  readonly target: DatabaseTarget;
  drop(): Promise<void>;
}

/**
 * Creates an empty database on `dialect`'s test server (or a temporary SQLite file); on MySQL
 * in `mysqlCharset`.
 */
export async function createFreshDatabase(dialect: Dialect, mysqlCharset = 'utf8mb4'): Promise<FreshDatabase> {
  if (dialect === 'sqlite') {
    // An empty file is an empty SQLite database, as CREATE DATABASE makes one on a server.
    const directory = await mkdtemp(join(tmpdir(), 'elekto-test-'));
    await writeFile(join(directory, 'elekto.db'), '');
    return {
      target: { dialect, path: join(directory, 'elekto.db') },
      drop: () => rm(directory, { recursive: true, force: true }),
    };
  }
  const name = `elekto_t_${randomBytes(6).toString('hex')}`;
  await runOnServer(dialect, SERVERS[dialect].createDatabase(name, mysqlCharset));
  return {
    target: { ...serverTarget(dialect), database: name },
    drop: () => runOnServer(dialect, SERVERS[dialect].dropDatabase(name)),
  };
}

/** Runs `work` against a fresh, empty database of `dialect`, then drops it. */
export async function withFreshDatabase<T>(dialect: Dialect, work: (target: DatabaseTarget) => Promise<T>, mysqlCharset?: string): Promise<T> {
  const fresh = await createFreshDatabase(dialect, mysqlCharset);
  try {
    return await work(fresh.target);
  } finally {
    await fresh.drop();
  }
}

/**
 * Runs `work` with an open connection to a fresh database brought to the latest schema
 * (as `elekto migrate` would), then closes and drops it.
 */
export async function withMigratedDatabase<T>(
  dialect: Dialect,
  work: (db: Kysely<Database>, target: DatabaseTarget) => Promise<T>,
): Promise<T> {
  return withFreshDatabase(dialect, async (target) => {
    const db = openDatabase(target);
    try {
      const migrated = await migrateDatabase(db, dialect);
      if (!migrated.ok) throw new Error(`migrating a fresh ${dialect} database was refused: ${migrated.error.kind}`);
      return await work(db, target);
    } finally {
      await db.destroy();
    }
  });
}

/** `target` as a DATABASE_URL, for tests that go through the configuration. */
export function databaseUrlOf(target: DatabaseTarget): string {
  if (target.dialect === 'sqlite') return `sqlite://${target.path}`;
  const credentials = `${encodeURIComponent(target.user)}:${encodeURIComponent(target.password)}`;
  return `${target.dialect}://${credentials}@${target.host}:${target.port}/${encodeURIComponent(target.database)}`;
}

/**
 * Declares one `describe` block per dialect, titled `title (dialect)`, so that every test
 * runs on every database.
 */
export function describeEachDialect(title: string, body: (dialect: Dialect) => void): void {
  for (const dialect of DIALECTS) describe(`${title} (${dialect})`, () => body(dialect));
}
