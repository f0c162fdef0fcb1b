import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { it } from 'node:test';
import type { Kysely } from 'kysely';
import { createWebServer, type WebServer } from '../../src/server/web-server.js';
import { signWebhookBody } from '../../src/auth/webhook-signature.js';
import type { Config } from '../../src/config/config-schema.js';
import { loadConfig } from '../../src/config/load-config.js';
import { readSyncState } from '../../src/storage/repositories/sync-state-repository.js';
import type { Database } from '../../src/storage/schema.js';
import type { DatabaseTarget } from '../../src/storage/database-target.js';
import { databaseUrlOf, describeEachDialect, withMigratedDatabase } from '../storage/test-databases.js';
import { MetaGitRepository, runningElectionFiles } from '../app/meta-git-repository.js';

const SECRET = 'a webhook secret';

function configFor(target: DatabaseTarget, repository: MetaGitRepository, extra: Record<string, string> = {}): Config {
  const config = loadConfig(
    {
      APP_ENV: 'development',
      DATABASE_URL: databaseUrlOf(target),
      META_REPO: repository.dir,
      META_PATH: repository.clonePath(),
      META_SECRET: SECRET,
      ...extra,
    },
    { cwd: tmpdir(), envFile: false },
  );
  if (!config.ok) throw new Error(JSON.stringify(config.error));
  return config.value;
}

async function startServer(db: Kysely<Database>, config: Config, replicaPollMs = 100): Promise<WebServer> {
  const warnings: string[] = [];
  const server = await createWebServer(config, db, { ...config.meta }, { warn: (m) => void warnings.push(m), replicaPollMs });
  if (!server.ok) throw new Error(server.error.join('\n'));
  return server.value;
}

async function electionKeys(server: WebServer): Promise<string[]> {
  return server.catalog.current.catalog.list().map((e) => e.key).sort();
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await sleep(20);
  }
  return Date.now() - started;
}

describeEachDialect('elekto serve with other replicas', (dialect) => {
  it('serves, within a poll, the catalog another replica synced on a webhook', () =>
    withMigratedDatabase(dialect, async (db, target) => {
      const repository = MetaGitRepository.create(runningElectionFiles('board/2026', new Date()));
      const one = await startServer(db, configFor(target, repository));
      const two = await startServer(db, configFor(target, repository));
      try {
        repository.commit(runningElectionFiles('board/2027', new Date()));
        const body = '{"ref":"refs/heads/main"}';
        const response = await one.app.inject({
          method: 'POST',
          url: '/v1/webhooks/meta/sync',
          headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-hub-signature-256': signWebhookBody(SECRET, body) },
          payload: body,
        });
        assert.equal(response.statusCode, 200, response.body);
        assert.deepEqual(await electionKeys(one), ['board---2026', 'board---2027']);
        await waitFor(async () => (await electionKeys(two)).length === 2, 5_000);
        assert.equal(two.catalog.current.catalog.revision, repository.head());
        const generation = (await readSyncState(db)).generation;
        await sleep(400);
        assert.equal((await readSyncState(db)).generation, generation, 'the replicas do not set each other off');
      } finally {
        await one.app.close();
        await two.app.close();
        repository.remove();
      }
    }));
});

it('syncs every META_SYNC_INTERVAL seconds until the server closes', () =>
  withMigratedDatabase('sqlite', async (db, target) => {
    const repository = MetaGitRepository.create(runningElectionFiles('board/2026', new Date()));
    const server = await startServer(db, configFor(target, repository, { META_SYNC_INTERVAL: '1' }), 60_000);
    try {
      const head = repository.commit(runningElectionFiles('board/2027', new Date()));
      await waitFor(async () => server.catalog.current.catalog.revision === head, 5_000);
    } finally {
      await server.app.close();
    }
    const closed = await readSyncState(db);
    repository.commit(runningElectionFiles('board/2028', new Date()));
    await sleep(1_500);
    assert.deepEqual(await readSyncState(db), closed, 'no sync after close');
    repository.remove();
  }));

it('starts on the local clone when the remote is unreachable, and reports it on /health with status 200', () =>
  withMigratedDatabase('sqlite', async (db, target) => {
    const repository = MetaGitRepository.create(runningElectionFiles('board/2026', new Date()));
    const config = configFor(target, repository);
    const first = await startServer(db, config);
    await first.app.close();
    const moved = `${repository.dir}-moved`;
    renameSync(repository.dir, moved);
    try {
      const server = await startServer(db, config);
      try {
        assert.deepEqual(await electionKeys(server), ['board---2026']);
        const health = await server.app.inject({ method: 'GET', url: '/health' });
        assert.equal(health.statusCode, 200);
        const body = health.json<{ status: string; sync: { lastError: string; revision: string; replica: { lastError: string } } }>();
        assert.equal(body.status, 'ok');
        assert.match(body.sync.lastError, /git fetch failed/);
        assert.match(body.sync.replica.lastError, /git fetch failed/);
      } finally {
        await server.app.close();
      }
    } finally {
      renameSync(moved, repository.dir);
      repository.remove();
    }
  }));
