// SPEC §15: `/livez`, the version in `/health`, and `/metrics` (off unless METRICS_TOKEN or
// METRICS_PORT, bearer-protected on the site, route templates as labels, every metric family).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { newBallotBox } from '../../src/app/ballot-box.js';
import { CatalogStore } from '../../src/app/catalog-store.js';
import { ElektoMetrics } from '../../src/app/metrics.js';
import { ELEKTO_VERSION } from '../../src/app/version.js';
import { KdfQueue } from '../../src/crypto/kdf-queue.js';
import { poolUsage } from '../../src/storage/open-database.js';
import type { Database } from '../../src/storage/schema.js';
import { listenForMetrics } from '../../src/web/metrics-server.js';
import { describeEachDialect } from '../storage/test-databases.js';
import { Client, KEYS, openTestDatabase, rankFields, testApp, TEST_KDF } from './web-harness.js';

const TOKEN = 'a-metrics-token-of-some-length';

describeEachDialect('operations endpoints', (dialect) => {
  let db: Kysely<Database>;
  let close: () => Promise<void>;
  let app: FastifyInstance;
  let metrics: ElektoMetrics;

  before(async () => {
    ({ db, close } = await openTestDatabase(dialect));
      const catalog = new CatalogStore(db, { repo: undefined, branch: 'main', path: '/nonexistent', electionDir: 'elections' }, () => new Date());
    metrics = new ElektoMetrics({ kdf: () => kdf, catalog: () => catalog, pool: poolUsage(db), droppedLogLines: () => 7, clock: () => new Date() });
    const kdf = new KdfQueue({ concurrency: 1, onWait: metrics.kdfWaited });
    ({ app } = await testApp(db, { metrics: { metrics, token: TOKEN }, ballots: newBallotBox(db, kdf, TEST_KDF, metrics.ballotCast) }));
  });

  after(async () => {
    await app.close();
    await close();
  });

  it('/health names the version; /livez answers without the database', async () => {
    const health = await app.inject('/health');
    assert.equal(health.json().version, ELEKTO_VERSION);
    const live = await app.inject('/livez');
    assert.equal(live.statusCode, 200);
    assert.deepEqual(live.json(), { status: 'ok' });
  });

  it('/metrics refuses a missing or wrong bearer token', async () => {
    assert.equal((await app.inject('/metrics')).statusCode, 401);
    assert.equal((await app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode, 401);
    assert.equal((await app.inject({ url: '/metrics', headers: { authorization: `Basic ${TOKEN}` } })).statusCode, 401);
  });

  it('/metrics counts requests by route template and status, ballots, key derivations, the pool and dropped log lines', async () => {
    const voter = await Client.as(app, 'carol');
    await voter.get(`/app/elections/${KEYS.running}`);
    await voter.get('/no/such/page?secret=1');
    const cast = await voter.postForm(`/app/elections/${KEYS.running}/vote`, { ...rankFields({ ada: 1, grace: 2 }), passphrase: 'secret phrase', passphrase_confirmation: 'secret phrase' });
    assert.equal(cast.statusCode, 303);

    const scrape = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(scrape.statusCode, 200);
    assert.match(scrape.headers['content-type'] as string, /^text\/plain; version=0\.0\.4/);
    const text = scrape.body;
    assert.match(text, /^elekto_http_requests_total\{method="GET",route="\/app\/elections\/:eid",status="200"\} 1$/m);
    assert.match(text, /^elekto_http_requests_total\{method="GET",route="unmatched",status="404"\} 1$/m);
    assert.doesNotMatch(text, /no\/such\/page|board---running/, 'raw URLs never become labels');
    assert.match(text, /^elekto_http_request_duration_seconds_bucket\{le="0.1",method="GET",route="\/app\/elections\/:eid"\} \d+$/m);
    assert.match(text, /^elekto_ballots_cast_total 1$/m);
    assert.match(text, /^elekto_kdf_queue_wait_seconds_count 1$/m);
    assert.match(text, /^elekto_kdf_queue_running 0$/m);
    assert.match(text, /^elekto_kdf_queue_waiting 0$/m);
    assert.match(text, /^elekto_db_pool_connections_in_use 0$/m);
    assert.match(text, /^elekto_db_pool_waiting 0$/m);
    assert.match(text, /^elekto_meta_sync_last_ok 1$/m);
    assert.match(text, /^elekto_log_lines_dropped_total 7$/m);
    assert.match(text, /^process_resident_memory_bytes \d+/m);
  });

  it('the pool gauge sees a connection held by a transaction', async () => {
    const usage = poolUsage(db)!;
    await db.transaction().execute(async () => {
      assert.equal(usage.inUse, 1);
    });
    assert.equal(usage.inUse, 0);
  });
});

describe('/metrics when it is not configured, and on METRICS_PORT', () => {
  let db: Kysely<Database>;
  let close: () => Promise<void>;

  before(async () => {
    ({ db, close } = await openTestDatabase('sqlite'));
  });
  after(() => close());

  it('does not exist without METRICS_TOKEN', async () => {
    const { app } = await testApp(db);
    assert.equal((await app.inject('/metrics')).statusCode, 404);
    await app.close();
  });

  it('is served alone on its own port, where the token is optional, and not on the site', async () => {
    const metrics = new ElektoMetrics({ kdf: () => undefined, catalog: () => undefined, pool: poolUsage(db), droppedLogLines: () => 0, clock: () => new Date() });
    const { app } = await testApp(db, { metrics: { metrics, token: undefined } });
    await app.inject('/elections');
    assert.equal((await app.inject('/metrics')).statusCode, 404);
    const listener = await listenForMetrics(metrics, { listen: { host: '127.0.0.1' }, metrics: { port: 0 } });
    assert.ok(listener);
    try {
      const text = await (await fetch(`${listener.address}/metrics`)).text();
      assert.match(text, /^elekto_http_requests_total\{method="GET",route="\/elections",status="200"\} 1$/m);
      assert.equal((await fetch(`${listener.address}/elections`)).status, 404);
    } finally {
      await listener.close();
      await app.close();
    }
  });
});
