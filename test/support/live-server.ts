/**
 * The whole web application listening on loopback, for browser tests that go through real
 * HTTP: a fresh migrated SQLite database, a catalog parsed from an in-memory meta repository,
 * the real clock (or one frozen at `now`), production's configuration and composition root (`planServer`) with GitHub
 * OAuth pointed at a fake GitHub, and cheap Argon2 parameters.
 *
 *   const github = await startFakeGitHub({ users: { alice: 'Alice' } });
 *   const server = await startLiveServer({ github, files: liveDemoRepository(new Date()) });
 *   await page.goto(server.url);
 *   ...
 *   await server.close();
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { CatalogView } from '../../src/app/catalog-store.js';
import { seedDemoBallots } from '../../src/app/demo-setup.js';
import { KdfQueue } from '../../src/crypto/kdf-queue.js';
import { DEMO_ELECTION_DIR } from '../../src/demo/demo-elections.js';
import { readDemoTemplate, renderDemoTemplate } from '../../src/demo/demo-template.js';
import { Catalog, parseRepository } from '../../src/meta/index.js';
import { migrateDatabase } from '../../src/storage/migrate-database.js';
import { openDatabase } from '../../src/storage/open-database.js';
import { electionIdsByKey, syncElectionRows } from '../../src/storage/repositories/election-repository.js';
import type { Database } from '../../src/storage/schema.js';
import { appDeps, planServer } from '../../src/server/composition.js';
import { buildApp } from '../../src/web/app.js';
import { createFreshDatabase } from '../storage/test-databases.js';
import { TEST_KDF } from '../web/web-harness.js';
import type { FakeGitHub } from './fake-github.js';
import { fakeGitHubEnv, productionConfig } from './production-config.js';

export interface LiveServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly app: FastifyInstance;
  readonly db: Kysely<Database>;
  readonly view: CatalogView;
  close(): Promise<void>;
}

export interface LiveServerOptions {
  /** GitHub's OAuth pages and API: the server logs people in there, and nowhere else. */
  readonly github?: FakeGitHub;
  /**
   * Instead of `github`: the identity source's variables (`AUTH_PROVIDER`, `AUTH_URL`, …),
   * chosen through production's configuration and composition root, as `elekto serve` does.
   */
  readonly authEnv?: Readonly<Record<string, string>>;
  /** The meta repository as path → text. */
  readonly files: ReadonlyMap<string, string>;
  /** `ELECTION_DIR`; default `elections`. */
  readonly electionDir?: string;
  /** Cast the demo's ballots in its completed election (as `elekto serve` does for the demo). */
  readonly seedDemoBallots?: boolean;
  /**
   * Freezes the server's clock at this instant; default: the real clock. A browser judges a
   * cookie's expiry by its own clock, so with an instant hours away from the real one a
   * session cookie set by the login is already expired there: hand the browser the cookie
   * instead (as scripts/screenshots.ts does).
   */
  readonly now?: Date;
}

/** The variables of the identity source: the fake GitHub's, or `authEnv` instead of production's GitHub client. */
function identityEnv(options: LiveServerOptions): Record<string, string> {
  // An empty value counts as unset, as in a .env file.
  if (options.authEnv) return { GITHUB_CLIENT_ID: '', GITHUB_CLIENT_SECRET: '', ...options.authEnv };
  if (!options.github) throw new Error('startLiveServer needs `github` or `authEnv`');
  return fakeGitHubEnv(options.github);
}

/** A broken election added to the demo repository: its start date cannot be read. */
export const BROKEN_ELECTION_KEY = 'board---broken';

/**
 * The demo meta repository (`examples/demo-meta`) with its dates resolved for `now`: an
 * upcoming, a running and a completed election with realistic text.
 */
export async function demoRepository(now: Date): Promise<Map<string, string>> {
  const rendered = renderDemoTemplate(await readDemoTemplate(), now);
  if (!rendered.ok) throw new Error(`demo template: ${JSON.stringify(rendered.error)}`);
  return rendered.value;
}

/**
 * `demoRepository(now)` plus one election with a configuration error whose officer is `alice`.
 */
export async function liveDemoRepository(now: Date): Promise<Map<string, string>> {
  const files = await demoRepository(now);
  const broken = `${DEMO_ELECTION_DIR}/board/broken`;
  files.set(
    `${broken}/election.yaml`,
    [
      'name: Board Election (broken)',
      'organization: Example Foundation',
      'start_datetime: next tuesday',
      'end_datetime: 2030-01-01 00:00:00',
      'election_officers:',
      '  - alice',
      '',
    ].join('\n'),
  );
  files.set(`${broken}/voters.yaml`, 'eligible_voters:\n  - alice\n');
  return files;
}

/** Starts the application on a free loopback port. */
export async function startLiveServer(options: LiveServerOptions): Promise<LiveServer> {
  const fresh = await createFreshDatabase('sqlite');
  const db = openDatabase(fresh.target);
  const migrated = await migrateDatabase(db, 'sqlite');
  if (!migrated.ok) throw new Error(`migrating the test database was refused: ${migrated.error.kind}`);

  const { now } = options;
  const clock = now ? () => now : () => new Date();
  const catalog = new Catalog(parseRepository(options.files, options.electionDir ?? DEMO_ELECTION_DIR), 'live-test');
  const elections = catalog.list().map((e) => ({ key: e.key, name: e.config.name ?? e.key }));
  await syncElectionRows(db, elections, clock());
  const view: CatalogView = { catalog, electionIds: await electionIdsByKey(db, elections.map((e) => e.key)) };
  if (options.seedDemoBallots) await seedDemoBallots(db, catalog, view.electionIds, clock());

  // GitHub must know the callback URL (APP_URL) before the app is built, so the port is chosen first.
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Production's configuration, as an operator writes it, with cheap links (`TEST_KDF`).
  const plan = planServer(productionConfig({ APP_URL: url, ...identityEnv(options) }));
  if (!plan.ok) throw new Error(plan.error.join('; '));
  const runtime = { db, catalog: () => view, kdf: new KdfQueue({ concurrency: 2 }), clock };
  const app = await buildApp(appDeps({ ...plan.value, kdfParams: TEST_KDF }, runtime));
  await app.listen({ host: '127.0.0.1', port });
  return {
    url,
    app,
    db,
    view,
    async close() {
      await app.close();
      await db.destroy();
      await fresh.drop();
    },
  };
}

/** A TCP port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  return port;
}
