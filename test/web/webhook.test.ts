import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { it } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { signWebhookBody } from '../../src/auth/webhook-signature.js';
import { CatalogStore } from '../../src/app/catalog-store.js';
import { readSyncState } from '../../src/storage/repositories/sync-state-repository.js';
import type { Database } from '../../src/storage/schema.js';
import { MetaGitRepository, runningElectionFiles } from '../app/meta-git-repository.js';
import { electionYaml } from '../meta/meta-helpers.js';
import { describeEachDialect, withMigratedDatabase } from '../storage/test-databases.js';
import { buildTestApp, NOW } from './web-harness.js';

const SECRET = 'webhook secret for tests';
const URL_PATH = '/v1/webhooks/meta/sync';
const PUSH = JSON.stringify({ ref: 'refs/heads/main', after: '0'.repeat(40), repository: { full_name: 'example/meta' } });

interface Setup {
  readonly app: FastifyInstance;
  readonly store: CatalogStore;
  readonly repository: MetaGitRepository;
  readonly db: Kysely<Database>;
}

/** The app wired to a real git meta repository, synced once, as `elekto serve` wires it. */
async function withWebhookApp(db: Kysely<Database>, secret: string | undefined, work: (setup: Setup) => Promise<void>): Promise<void> {
  const repository = MetaGitRepository.create({ ...runningElectionFiles('board/2026', NOW), ...runningElectionFiles('board/old', NOW, 'Old') });
  const store = new CatalogStore(db, { repo: repository.dir, branch: 'main', path: repository.clonePath(), electionDir: 'elections' }, () => NOW);
  const app = await buildTestApp(db, () => store.current, {
    metaSync: { webhookSecret: secret, sync: () => store.sync(), lastFailure: () => store.lastFailure },
  });
  try {
    const first = await store.sync();
    assert.ok(first.ok);
    await work({ app, store, repository, db });
  } finally {
    await app.close();
    repository.remove();
  }
}

/** A delivery as GitHub sends it, signed with `secret` unless a signature is given. */
function delivery(event: string, body: string, options: { secret?: string; signature?: string | null; contentType?: string } = {}): InjectOptions {
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/json',
    'x-github-event': event,
    'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
    'user-agent': 'GitHub-Hookshot/test',
  };
  const signature = options.signature === undefined ? signWebhookBody(options.secret ?? SECRET, body) : options.signature;
  if (signature !== null) headers['x-hub-signature-256'] = signature;
  return { method: 'POST', url: URL_PATH, headers, payload: body };
}

describeEachDialect('the meta repository webhook', (dialect) => {
  it('refuses with 401 a tampered body, another secret, no signature or another prefix, and changes nothing', () =>
    withMigratedDatabase(dialect, (db) =>
      withWebhookApp(db, SECRET, async ({ app, store, repository }) => {
        repository.commit(runningElectionFiles('board/2027', NOW));
        const catalog = store.current;
        const state = await readSyncState(db);
        const goodSignature = signWebhookBody(SECRET, PUSH);
        const refused = [
          delivery('push', `${PUSH} `, { signature: goodSignature }),
          delivery('push', PUSH, { secret: 'another secret' }),
          delivery('push', PUSH, { signature: null }),
          delivery('push', PUSH, { signature: `sha1=${goodSignature.slice('sha256='.length)}` }),
          delivery('push', PUSH, { signature: goodSignature.slice('sha256='.length) }),
          delivery('ping', PUSH, { signature: null }),
          { method: 'POST', url: URL_PATH } as const,
        ];
        for (const request of refused) {
          const response = await app.inject(request);
          assert.equal(response.statusCode, 401, response.body);
          assert.match(response.json<{ error: string }>().error, /X-Hub-Signature-256/);
        }
        assert.deepEqual(await readSyncState(db), state);
        assert.equal(store.current, catalog);
        assert.equal(store.busy, false);
      }),
    ));

  it("answers GitHub's ping with a pong, without syncing", () =>
    withMigratedDatabase(dialect, (db) =>
      withWebhookApp(db, SECRET, async ({ app, store }) => {
        const state = await readSyncState(db);
        const catalog = store.current;
        const response = await app.inject(delivery('ping', JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 })));
        assert.equal(response.statusCode, 200, response.body);
        assert.equal(response.json<{ message: string }>().message, 'pong');
        assert.deepEqual(await readSyncState(db), state);
        assert.equal(store.current, catalog);
      }),
    ));

  it('syncs a new commit on a signed push and says what changed', () =>
    withMigratedDatabase(dialect, (db) =>
      withWebhookApp(db, SECRET, async ({ app, store, repository }) => {
        const before = repository.head();
        const generation = (await readSyncState(db)).generation;
        repository.removeDirectory('elections/board/old');
        const after = repository.commit({
          ...runningElectionFiles('board/2027', NOW),
          'elections/board/2026/election.yaml': electionYaml({ name: 'Board 2026, renamed', start_datetime: '2026-06-14 00:00:00', end_datetime: '2026-06-16 00:00:00' }),
          'elections/board/broken/election.yaml': electionYaml({ start_datetime: 'next tuesday' }),
        });

        const response = await app.inject(delivery('push', PUSH));
        assert.equal(response.statusCode, 200, response.body);
        assert.deepEqual(response.json(), {
          ok: true,
          event: 'push',
          delivery: '72d3162e-cc78-11e3-81ab-4c9367dc0958',
          commit: { before, after, changed: true },
          elections: {
            total: 3,
            added: ['board---2027', 'board---broken'],
            updated: ['board---2026'],
            missing: ['board---old'],
            restored: [],
            invalid: ['board---broken'],
          },
        });
        assert.equal(response.headers['cache-control'], 'no-store');
        assert.equal(store.current.catalog.revision, after);
        assert.equal((await readSyncState(db)).generation, generation + 1);
        const list = await app.inject({ method: 'GET', url: '/elections' });
        assert.match(list.body, /Board 2026, renamed/);
        assert.doesNotMatch(list.body, />Old</);

        // The old directory comes back: restored, with its row intact.
        const restoredAt = repository.commit(runningElectionFiles('board/old', NOW, 'Old'));
        const again = await app.inject(delivery('push', PUSH));
        assert.equal(again.statusCode, 200, again.body);
        const summary = again.json<{ commit: { before: string; after: string }; elections: { restored: string[] } }>();
        assert.deepEqual(summary.commit, { before: after, after: restoredAt, changed: true });
        assert.deepEqual(summary.elections.restored, ['board---old']);
      }),
    ));

  it('coalesces concurrent deliveries into one running sync and one follow-up', () =>
    withMigratedDatabase(dialect, (db) =>
      withWebhookApp(db, SECRET, async ({ app, store, repository }) => {
        const generation = (await readSyncState(db)).generation;
        const head = repository.commit(runningElectionFiles('board/2027', NOW));
        const responses = await Promise.all(Array.from({ length: 8 }, () => app.inject(delivery('push', PUSH))));
        for (const response of responses) assert.equal(response.statusCode, 200, response.body);
        const syncs = (await readSyncState(db)).generation - generation;
        assert.ok(syncs >= 1 && syncs <= 2, `8 deliveries ran ${syncs} syncs`);
        assert.equal(store.current.catalog.revision, head);
      }),
    ));
});

it('answers 502 with the reason when the remote fails, keeps the last good catalog, and shows the failure on /health', () =>
  withMigratedDatabase('sqlite', (db) =>
    withWebhookApp(db, SECRET, async ({ app, store, repository }) => {
      const catalog = store.current;
      renameSync(repository.dir, `${repository.dir}-gone`);
      try {
        const response = await app.inject(delivery('push', PUSH));
        assert.equal(response.statusCode, 502, response.body);
        const body = response.json<{ ok: boolean; error: string; serving: string }>();
        assert.equal(body.ok, false);
        assert.match(body.error, /git fetch failed/);
        assert.equal(body.serving, catalog.catalog.revision);
        assert.equal(store.current, catalog);
        assert.equal((await app.inject({ method: 'GET', url: '/elections/board---2026' })).statusCode, 200);

        const health = await app.inject({ method: 'GET', url: '/health' });
        assert.equal(health.statusCode, 200, 'the last good catalog still serves');
        const { sync, catalog: served } = health.json<{ sync: Record<string, unknown> & { replica: Record<string, unknown> }; catalog: { revision: string } }>();
        assert.equal(sync.revision, served.revision);
        assert.match(String(sync.lastError), /git fetch failed/);
        assert.equal(sync.lastErrorAt, NOW.toISOString());
        assert.match(String(sync.replica.lastError), /git fetch failed/);
      } finally {
        renameSync(`${repository.dir}-gone`, repository.dir);
      }
      assert.equal((await app.inject(delivery('push', PUSH))).statusCode, 200);
      const healed = (await app.inject({ method: 'GET', url: '/health' })).json<{ sync: { lastError: unknown; replica: { lastError: unknown } } }>();
      assert.equal(healed.sync.lastError, null);
      assert.equal(healed.sync.replica.lastError, null);
    }),
  ));

it('refuses every delivery while META_SECRET is not set, even one signed with an empty secret', () =>
  withMigratedDatabase('sqlite', (db) =>
    withWebhookApp(db, undefined, async ({ app }) => {
      const state = await readSyncState(db);
      for (const request of [delivery('push', PUSH, { secret: '' }), delivery('ping', '{}', { signature: null })]) {
        const response = await app.inject(request);
        assert.equal(response.statusCode, 503, response.body);
        assert.match(response.json<{ error: string }>().error, /META_SECRET/);
      }
      assert.deepEqual(await readSyncState(db), state);
    }),
  ));

it('checks the signature of form-encoded deliveries over the raw body, as GitHub signs them', () =>
  withMigratedDatabase('sqlite', (db) =>
    withWebhookApp(db, SECRET, async ({ app }) => {
      const form = `payload=${encodeURIComponent(PUSH)}`;
      const signed = await app.inject(delivery('push', form, { contentType: 'application/x-www-form-urlencoded' }));
      assert.equal(signed.statusCode, 200, signed.body);
      const other = await app.inject(delivery('push', form, { contentType: 'text/plain; charset=utf-8' }));
      assert.equal(other.statusCode, 200, other.body);
      const tampered = await app.inject({ ...delivery('push', form, { contentType: 'application/x-www-form-urlencoded' }), payload: `${form}&x=1` });
      assert.equal(tampered.statusCode, 401);
    }),
  ));

it('rate-limits deliveries from one address', () =>
  withMigratedDatabase('sqlite', (db) =>
    withWebhookApp(db, SECRET, async ({ app }) => {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 61; attempt++) statuses.push((await app.inject(delivery('push', PUSH, { signature: null }))).statusCode);
      assert.deepEqual([...new Set(statuses.slice(0, 60))], [401]);
      assert.equal(statuses[60], 429);
    }),
  ));
