import { tmpdir } from 'node:os';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import type { CatalogView } from '../../src/app/catalog-store.js';
import type { Config } from '../../src/config/config-schema.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { KdfParams } from '../../src/crypto/kdf-params.js';
import { KdfQueue } from '../../src/crypto/kdf-queue.js';
import { Catalog, parseRepository } from '../../src/meta/index.js';
import type { Dialect } from '../../src/storage/database-target.js';
import { migrateDatabase } from '../../src/storage/migrate-database.js';
import { openDatabase } from '../../src/storage/open-database.js';
import { electionIdsByKey, syncElectionRows } from '../../src/storage/repositories/election-repository.js';
import type { Database } from '../../src/storage/schema.js';
import { appDeps, planServer, type ServerPlan } from '../../src/server/composition.js';
import type { AppDeps } from '../../src/web/app-deps.js';
import { buildApp } from '../../src/web/app.js';
import { candidateMd, electionYaml } from '../meta/meta-helpers.js';
import { createFreshDatabase } from '../storage/test-databases.js';

/** The instant every web test runs at, unless it moves the clock. */
export const NOW = new Date('2026-06-15T12:00:00Z');

/** Cheap Argon2i for new links in tests (libsodium's minimum); real-parameter tests are in test/crypto. */
export const TEST_KDF: KdfParams = Object.freeze({ algorithm: 'argon2i', opslimit: 3, memlimit: 8192 });

/** One election per state, relative to NOW, plus one with a broken file. */
export const KEYS = { upcoming: 'board---upcoming', running: 'board---running', completed: 'board---completed', invalid: 'board---invalid' } as const;
export type ElectionStateKey = keyof typeof KEYS;

/** Logins and their roles in every test election. */
export const LOGINS = { voter: 'carol', voter2: 'dave', officer: 'alice', outsider: 'mallory' } as const;

const day = 86_400_000;
/** `NOW` moved by whole days, as election.yaml writes dates (`2026-06-20 12:00:00`). */
export const ymd = (offsetDays: number) => new Date(NOW.getTime() + offsetDays * day).toISOString().slice(0, 19).replace('T', ' ');

/** The test meta repository as a file map: three candidates per election. */
export function testRepositoryFiles(overrides: Record<string, string> = {}): Map<string, string> {
  const windows: Record<Exclude<ElectionStateKey, 'invalid'>, [number, number]> = { upcoming: [5, 10], running: [-5, 5], completed: [-10, -5] };
  const files: Record<string, string> = {};
  for (const [state, [start, end]] of Object.entries(windows)) {
    const dir = `elections/board/${state}`;
    files[`${dir}/election.yaml`] = electionYaml({
      name: `Board election (${state})`,
      start_datetime: ymd(start),
      end_datetime: ymd(end),
      exception_due: ymd(end - 1),
      election_officers: `\n  - ${LOGINS.officer}`,
    });
    files[`${dir}/voters.yaml`] = `eligible_voters:\n  - ${LOGINS.voter}\n  - ${LOGINS.voter2.toUpperCase()}\n`;
    for (const id of ['ada', 'grace', 'linus']) files[`${dir}/candidate-${id}.md`] = candidateMd(id, `Bio of **${id}**.`);
  }
  const invalid = 'elections/board/invalid';
  files[`${invalid}/election.yaml`] = electionYaml({ election_officers: `\n  - ${LOGINS.officer}`, start_datetime: 'not a date' });
  files[`${invalid}/voters.yaml`] = `eligible_voters:\n  - ${LOGINS.voter}\n`;
  files[`${invalid}/candidate-ada.md`] = candidateMd('ada');
  return new Map(Object.entries({ ...files, ...overrides }));
}

/** The test catalog, with its election rows upserted into `db`. */
export async function seedCatalog(db: Kysely<Database>, files = testRepositoryFiles()): Promise<CatalogView> {
  const catalog = new Catalog(parseRepository(files, 'elections'), 'test-revision');
  const elections = catalog.list().map((e) => ({ key: e.key, name: e.config.name ?? e.key }));
  await syncElectionRows(db, elections, NOW);
  return { catalog, electionIds: await electionIdsByKey(db, elections.map((e) => e.key)) };
}

/** A strong APP_KEY, good for production's rules too. */
export const TEST_APP_KEY = 'test-app-key-0123456789abcdefghijklmnopqrstuvwxyz';

/** The environment every test app is configured from, as an operator would write it. */
export const TEST_ENV: Readonly<Record<string, string>> = {
  APP_ENV: 'development',
  APP_NAME: 'Elekto test',
  APP_KEY: TEST_APP_KEY,
  // Not the demo (which has no META_REPO); the tests' catalogs come from file maps instead.
  META_REPO: 'test-meta-repository',
  GITHUB_URL: 'https://github.example',
};

/** The configuration of `TEST_ENV` with `env` on top; `loadConfig` reads no `.env` file. */
export function testConfig(env: Readonly<Record<string, string>> = {}): Config {
  const config = loadConfig({ ...TEST_ENV, ...env }, { cwd: tmpdir(), envFile: false });
  if (!config.ok) throw new Error(config.error.map((p) => p.message).join('; '));
  return config.value;
}

/** Production's plan (`planServer`) for `testConfig(env)`, with cheap links (`TEST_KDF`). */
export function testPlan(env: Readonly<Record<string, string>> = {}): ServerPlan {
  const plan = planServer(testConfig(env));
  if (!plan.ok) throw new Error(plan.error.join('; '));
  return { ...plan.value, kdfParams: TEST_KDF };
}

/** How a test app differs from `TEST_ENV`'s: more variables, or dependencies replaced. */
export type TestAppOptions = Partial<AppDeps> & { readonly env?: Readonly<Record<string, string>> };

/** Builds the app on `db` with the development login, a fixed clock and cheap links. */
export async function testApp(db: Kysely<Database>, options: TestAppOptions = {}): Promise<{ app: FastifyInstance; view: CatalogView }> {
  const view = await seedCatalog(db);
  return { app: await buildTestApp(db, view, options), view };
}

/** `testApp` on a meta repository of the test's own (e.g. `testRepositoryFiles({ … })`). */
export async function testAppOn(
  db: Kysely<Database>,
  files: Map<string, string>,
  options: TestAppOptions = {},
): Promise<{ app: FastifyInstance; view: CatalogView }> {
  const view = await seedCatalog(db, files);
  return { app: await buildTestApp(db, view, options), view };
}

/**
 * Builds the test app through production's composition root (`planServer`, `appDeps`) from
 * `testConfig(options.env)`, serving `view` (whose election rows the caller has stored, or a
 * function returning the current view), at `NOW`, with `options`' dependencies on top.
 */
export async function buildTestApp(db: Kysely<Database>, view: CatalogView | (() => CatalogView), options: TestAppOptions = {}): Promise<FastifyInstance> {
  const { env, ...overrides } = options;
  const runtime = { db, catalog: typeof view === 'function' ? view : () => view, kdf: new KdfQueue({ concurrency: 2 }), clock: () => NOW };
  return buildApp({ ...appDeps(testPlan(env), runtime), ...overrides });
}

/** A browser-like client of an app built for tests: keeps cookies, finds CSRF tokens. */
export class Client {
  readonly #app: FastifyInstance;
  readonly #cookies = new Map<string, string>();

  constructor(app: FastifyInstance) {
    this.#app = app;
  }

  /** Logs in through the development login; `null` stays a visitor. */
  static async as(app: FastifyInstance, login: string | null): Promise<Client> {
    const client = new Client(app);
    if (login !== null) {
      const response = await client.postForm('/login/development', { username: login, next: '/app' });
      if (response.statusCode !== 303) throw new Error(`login as ${login} failed: ${response.statusCode} ${response.body}`);
    }
    return client;
  }

  get cookieHeader(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.#keep(await this.#app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader, ...headers } }));
  }

  /** A CSRF token valid for this client: from the login form, or the logout form once logged in. */
  async csrfToken(): Promise<string> {
    for (const url of ['/login', '/elections']) {
      const token = /name="_csrf" value="([^"]+)"/.exec((await this.get(url)).body)?.[1];
      if (token) return token;
    }
    throw new Error('no CSRF token on /login nor /elections');
  }

  /** POSTs a form with a valid CSRF token, unless `csrf: false` (or a token is given). */
  async postForm(url: string, fields: Record<string, string> | URLSearchParams, options: { csrf?: boolean } = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams(fields);
    if (options.csrf !== false && !('_csrf' in fields)) body.set('_csrf', await this.csrfToken());
    return this.#keep(
      await this.#app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      }),
    );
  }

  #keep(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies) {
      // Cleared cookies expire in 1970; real expiries follow the app's fake clock, so ignore them.
      const expired = cookie.expires !== undefined && new Date(cookie.expires).getTime() <= 0;
      if (cookie.value === '' || expired) this.#cookies.delete(cookie.name);
      else this.#cookies.set(cookie.name, cookie.value);
    }
    return response;
  }
}

/** The fields of a first ballot cast, deliberately and confirmed, without a passphrase (SPEC §5). */
export const NO_PASSPHRASE = { passphrase_choice: 'none', confirm_no_passphrase: 'yes' } as const;

/** The `rank:<id>` fields of a ballot: candidate → rank, others "No opinion". */
export function rankFields(ranks: Record<string, number | ''>, candidates = ['ada', 'grace', 'linus']): Record<string, string> {
  return Object.fromEntries(candidates.map((id) => [`rank:${id}`, String(ranks[id] ?? '')]));
}

/** Rows people generate in an election: what a refused request must leave untouched. */
export async function countRows(db: Kysely<Database>): Promise<{ voter: number; ballot: number; request: number }> {
  const count = async (table: 'voter' | 'ballot' | 'request') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).executeTakeFirstOrThrow()).n);
  return { voter: await count('voter'), ballot: await count('ballot'), request: await count('request') };
}

/** The rank each `rank:<id>` select of a ballot page shows as selected ("" = No opinion). */
export function selectedRanks(html: string): Record<string, string> {
  const ranks: Record<string, string> = {};
  for (const [, id, options] of html.matchAll(/<select[^>]*\bname="rank:([^"]+)"[^>]*>(.*?)<\/select>/gs)) {
    if (id !== undefined) ranks[id] = /<option value="([^"]*)" selected/.exec(options ?? '')?.[1] ?? '';
  }
  return ranks;
}

/**
 * A fresh migrated database of `dialect` that stays open across the tests of one suite (open
 * it in `before`, `close()` it in `after`), for suites that share one app.
 */
export async function openTestDatabase(dialect: Dialect): Promise<{ db: Kysely<Database>; close(): Promise<void> }> {
  const fresh = await createFreshDatabase(dialect);
  const db = openDatabase(fresh.target);
  const migrated = await migrateDatabase(db, dialect);
  if (!migrated.ok) {
    await db.destroy();
    await fresh.drop();
    throw new Error(`migrating a fresh ${dialect} database was refused: ${migrated.error.kind}`);
  }
  return {
    db,
    close: async () => {
      await db.destroy();
      await fresh.drop();
    },
  };
}

/** The rows of a ballot view page, in page order: candidate ID → rank as shown ("1", "No opinion"). */
export function viewedBallot(html: string): [string, string][] {
  const rows = html.matchAll(/<tr><td>([^<]*)<\/td><th scope="row">[^<]*<span class="candidate-id">\(([^)]+)\)<\/span>/g);
  return [...rows].map(([, rank, id]) => [id ?? '', rank ?? '']);
}
