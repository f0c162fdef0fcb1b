/**
 * SPEC §16, a database that fails: a private server (never the machine's shared one), first
 * PostgreSQL, then MariaDB, is stopped, then frozen with SIGSTOP, while pages, a ballot form and
 * /health are requested. Every answer must be a 503 with Retry-After within a bounded time, the
 * ballot form must come back with the voter's ranks, /health must say what failed, and the
 * service must recover by itself. The figures (status, latency, recovery time) are printed as
 * test diagnostics.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { migrateDatabase } from '../../src/storage/migrate-database.js';
import { openDatabase } from '../../src/storage/open-database.js';
import type { Database } from '../../src/storage/schema.js';
import { startPrivateMariadb } from '../support/private-mariadb.js';
import { startPrivatePostgres } from '../support/private-postgres.js';
import type { PrivateServer, ServerTarget } from '../support/private-server.js';
import { Client, countRows, KEYS, LOGINS, rankFields, testApp } from './web-harness.js';

/** Short bounds, so that the test is quick; production defaults are longer (docs/configuration.md). */
const TIMEOUTS = { connectMs: 1000, acquireMs: 1500, statementMs: 1500, sqliteBusyMs: 100 };
/** The longest any answer may take while the database is down or frozen. */
const BOUND_MS = 5000;
const RUNNING = `/app/elections/${KEYS.running}`;

/** Every database with a server, each started privately: the same tests run on each. */
const SERVERS: Readonly<Record<ServerTarget['dialect'], { readonly name: string; readonly start: () => Promise<PrivateServer> }>> = {
  postgresql: { name: 'PostgreSQL cluster', start: startPrivatePostgres },
  mysql: { name: 'MariaDB server', start: () => startPrivateMariadb() },
};

for (const dialect of Object.keys(SERVERS) as (keyof typeof SERVERS)[]) {
  describe(`a database that stops or freezes (private ${SERVERS[dialect].name})`, () => outageTests(dialect));
}

function outageTests(dialect: ServerTarget['dialect']): void {
  let server: PrivateServer;
  let db: Kysely<Database>;
  let app: FastifyInstance;
  let voter: Client;
  let visitor: Client;
  let csrf: string;

  before(async () => {
    server = await SERVERS[dialect].start();
    db = openDatabase({ ...server.target, timeouts: TIMEOUTS });
    const migrated = await migrateDatabase(db, dialect);
    assert.ok(migrated.ok);
    ({ app } = await testApp(db));
    voter = await Client.as(app, LOGINS.voter);
    visitor = await Client.as(app, null);
    csrf = await voter.csrfToken();
  });
  after(async () => {
    await app?.close();
    await db?.destroy();
    await server?.remove();
  });

  const ballot = { ...rankFields({ ada: 2, grace: 1, linus: 3 }), passphrase: 'correct horse', passphrase_confirmation: 'correct horse' };
  const probes: Record<string, () => ReturnType<Client['get']>> = {
    'public election page': () => visitor.get(`/elections/${KEYS.running}`),
    'election list': () => visitor.get('/elections'),
    'voter dashboard': () => voter.get('/app'),
    'voter election page': () => voter.get(RUNNING),
    'ballot form POST': () => voter.postForm(`${RUNNING}/vote`, { ...ballot, _csrf: csrf }),
    '/health': () => visitor.get('/health'),
  };

  /** Sends every probe at once (requests during the outage) and checks each answer. */
  async function duringOutage(t: TestContext, phase: string, healthSays: RegExp): Promise<void> {
    const answers = await Promise.all(
      Object.entries(probes).map(async ([name, send]) => {
        const started = performance.now();
        // A request that hangs fails the test instead of holding it up until the database returns.
        let timer: ReturnType<typeof setTimeout> | undefined;
        const giveUp = new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), 2 * BOUND_MS);
        });
        const response = await Promise.race([send(), giveUp]).finally(() => clearTimeout(timer));
        return { name, response, ms: Math.round(performance.now() - started) };
      }),
    );
    for (const { name, response, ms } of answers) {
      t.diagnostic(`${phase}: ${name} → ${response?.statusCode ?? 'no answer'} in ${ms} ms`);
      assert.ok(response, `${phase}: ${name} got no answer in ${ms} ms`);
      assert.equal(response.statusCode, 503, `${phase}: ${name}: ${response.body.slice(0, 200)}`);
      assert.ok(ms < BOUND_MS, `${phase}: ${name} took ${ms} ms`);
      if (name === '/health') {
        assert.match(response.json().database, healthSays, 'which check failed');
        continue;
      }
      assert.match(String(response.headers['retry-after']), /^\d+$/, `${phase}: ${name} has Retry-After`);
      if (name === 'ballot form POST') {
        // The form comes back with what the voter entered, not an error page.
        const grace = /name="rank:grace".*?<\/select>/s.exec(response.body)?.[0] ?? '';
        assert.match(grace, /<option value="1" selected>/, 'the ranks are kept');
      }
    }
  }

  /** Polls /health until 200; the time it took, from the database's return. */
  async function recovery(t: TestContext, phase: string): Promise<void> {
    const started = performance.now();
    while ((await visitor.get('/health')).statusCode !== 200) {
      assert.ok(performance.now() - started < 20_000, `${phase}: no recovery within 20 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    t.diagnostic(`${phase}: /health 200 again ${Math.round(performance.now() - started)} ms after the database returned`);
    for (const name of ['public election page', 'voter election page']) assert.equal((await probes[name]!()).statusCode, 200, `${phase}: ${name}`);
  }

  it('answers 503 with Retry-After while the server is stopped, and recovers when it starts again', async (t) => {
    assert.equal((await probes['voter election page']!()).statusCode, 200);
    await server.stop();
    await duringOutage(t, 'stopped', /^unreachable$/);
    await server.start();
    await recovery(t, 'after restart');
  });

  it('answers 503 within a bounded time while the server is frozen, and recovers when it carries on', async (t) => {
    await server.freeze();
    try {
      // A frozen server accepts TCP connections but never answers: the connect timeout or the
      // health check's own bound, whichever comes first.
      await duringOutage(t, 'frozen', /^(unreachable|timeout)$/);
      // Requests keep coming: connections whose statements went unanswered must not hold up the next ones.
      await duringOutage(t, 'still frozen', /^(unreachable|timeout)$/);
    } finally {
      await server.thaw();
    }
    await recovery(t, 'after thaw');
    // Nothing was half-written by the refused ballots; the same ballot is then cast normally.
    assert.deepEqual(await countRows(db), { voter: 0, ballot: 0, request: 0 });
    const cast = await voter.postForm(`${RUNNING}/vote`, ballot);
    assert.equal(cast.statusCode, 303, cast.body.slice(0, 300));
    assert.deepEqual(await countRows(db), { voter: 1, ballot: 3, request: 0 });
  });
}
