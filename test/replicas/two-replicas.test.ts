// SPEC §12: two `elekto serve` processes on one PostgreSQL database behave as one service.
// Real processes, real HTTP, a real git meta repository, the default 2-second follow-up poll.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { signWebhookBody } from '../../src/auth/webhook-signature.js';
import { migrateDatabase } from '../../src/storage/migrate-database.js';
import { openDatabase } from '../../src/storage/open-database.js';
import type { Database } from '../../src/storage/schema.js';
import { MetaGitRepository, runningElectionFiles } from '../app/meta-git-repository.js';
import { createFreshDatabase, databaseUrlOf, type FreshDatabase } from '../storage/test-databases.js';
import { HttpClient, startReplicas, stopAll, type ReplicaProcess } from './replica-processes.js';

const SECRET = 'replica test webhook secret';
const ELECTION = 'board---2026';

describe('two replicas on one PostgreSQL database', { timeout: 180_000 }, () => {
  let fresh: FreshDatabase | undefined;
  let db: Kysely<Database> | undefined;
  let repository: MetaGitRepository | undefined;
  let replicas: ReplicaProcess[] = [];
  const replica = (index: 0 | 1): ReplicaProcess => {
    const found = replicas[index];
    if (!found) throw new Error('the replicas did not start');
    return found;
  };

  before(async () => {
    fresh = await createFreshDatabase('postgresql');
    db = openDatabase(fresh.target);
    const migrated = await migrateDatabase(db, 'postgresql');
    if (!migrated.ok) throw new Error(`migration refused: ${migrated.error.kind}`);
    repository = MetaGitRepository.create(runningElectionFiles('board/2026', new Date()));
    const env = (meta: string) => ({
      APP_ENV: 'development',
      DATABASE_URL: databaseUrlOf(fresh!.target),
      META_REPO: repository!.dir,
      META_PATH: meta,
      META_SECRET: SECRET,
    });
    replicas = await startReplicas([
      { name: 'replica-1', env: env(repository.clonePath()) },
      { name: 'replica-2', env: env(repository.clonePath()) },
    ]);
  });

  after(async () => {
    await stopAll(replicas);
    await db?.destroy();
    await fresh?.drop();
    repository?.remove();
  });

  it('serves, on the second replica, within 5 seconds, the elections a webhook to the first one synced', async (t) => {
    const [one, two] = [replica(0), replica(1)];
    const visitor = new HttpClient();
    assert.doesNotMatch((await visitor.get(`${two.url}/elections`)).body, /board---2027/);

    const pushed = repository!.commit(runningElectionFiles('board/2027', new Date(), 'Board 2027'));
    const body = JSON.stringify({ ref: 'refs/heads/main', after: pushed });
    const started = Date.now();
    const response = await fetch(`${one.url}/v1/webhooks/meta/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-hub-signature-256': signWebhookBody(SECRET, body) },
      body,
    });
    assert.equal(response.status, 200, await response.clone().text());
    const summary = (await response.json()) as { commit: { after: string }; elections: { added: string[] } };
    assert.equal(summary.commit.after, pushed);
    assert.deepEqual(summary.elections.added, ['board---2027']);

    let visibleAfterMs = Number.NaN;
    while (Date.now() - started < 5_000) {
      if ((await visitor.get(`${two.url}/elections`)).body.includes('/elections/board---2027')) {
        visibleAfterMs = Date.now() - started;
        break;
      }
      await sleep(50);
    }
    assert.ok(visibleAfterMs < 5_000, `replica 2 did not serve the new election within 5 s:\n${two.output}`);
    t.diagnostic(`replica 2 served the new election ${visibleAfterMs} ms after the webhook was sent to replica 1`);
    const health = (await (await fetch(`${two.url}/health`)).json()) as { catalog: { revision: string }; sync: { revision: string } };
    assert.equal(health.catalog.revision, pushed);
    assert.equal(health.sync.revision, pushed);
  });

  it('accepts on one replica the session opened on the other', async () => {
    const [one, two] = [replica(0), replica(1)];
    const carol = new HttpClient();
    const login = await carol.postForm(`${one.url}/login/development`, { username: 'carol', next: '/app', _csrf: await carol.csrfToken(`${one.url}/login`) });
    assert.equal(login.status, 303, login.body);
    const dashboard = await carol.get(`${two.url}/app`);
    assert.equal(dashboard.status, 200, `not logged in on replica 2: ${dashboard.status} ${dashboard.headers.get('location')}`);
    assert.match(dashboard.body, /carol/);

    const logout = await carol.postForm(`${two.url}/logout`, { _csrf: await carol.csrfToken(`${two.url}/app`) });
    assert.equal(logout.status, 303);
    assert.equal((await carol.get(`${one.url}/app`)).status, 302, 'logged out on replica 2 means logged out on replica 1');
  });

  it('stores exactly one ballot when one voter votes through both replicas at once', async () => {
    const [one, two] = [replica(0), replica(1)];
    const dave = new HttpClient();
    const login = await dave.postForm(`${one.url}/login/development`, { username: 'dave', next: '/app', _csrf: await dave.csrfToken(`${one.url}/login`) });
    assert.equal(login.status, 303, login.body);
    const form = (csrf: string) => ({ 'rank:ada': '1', 'rank:grace': '2', passphrase: '', passphrase_confirmation: '', _csrf: csrf });
    const tokens = [await dave.csrfToken(`${one.url}/app/elections/${ELECTION}/vote`), await dave.csrfToken(`${two.url}/app/elections/${ELECTION}/vote`)];

    const responses = await Promise.all([
      dave.postForm(`${one.url}/app/elections/${ELECTION}/vote`, form(tokens[0]!)),
      dave.postForm(`${two.url}/app/elections/${ELECTION}/vote`, form(tokens[1]!)),
    ]);
    assert.deepEqual(
      responses.map((r) => r.status).sort(),
      [303, 409],
      responses.map((r) => `${r.status}: ${r.body.slice(0, 300)}`).join('\n'),
    );

    const election = await db!.selectFrom('election').select('id').where('key', '=', ELECTION).executeTakeFirstOrThrow();
    const voters = await db!.selectFrom('voter').select('id').where('election_id', '=', election.id).execute();
    const ballots = await db!.selectFrom('ballot').select(['voter', 'candidate', 'rank']).where('election_id', '=', election.id).execute();
    assert.equal(voters.length, 1);
    assert.equal(new Set(ballots.map((b) => b.voter)).size, 1);
    assert.deepEqual(ballots.map((b) => [b.candidate, Number(b.rank)]).sort(), [['ada', 1], ['grace', 2]]);
  });

  it('shares the passphrase attempt limit: the 11th attempt in 10 minutes is refused on either replica', async () => {
    const [one, two] = [replica(0), replica(1)];
    const carol = new HttpClient();
    const login = await carol.postForm(`${one.url}/login/development`, { username: 'carol', next: '/app', _csrf: await carol.csrfToken(`${one.url}/login`) });
    assert.equal(login.status, 303, login.body);
    // Without a passphrase: every attempt is counted, and none costs a 512 MiB key derivation.
    const ballot = { 'rank:ada': '1', 'rank:grace': '2', passphrase: '', passphrase_confirmation: '' };
    const cast = await carol.postForm(`${one.url}/app/elections/${ELECTION}/vote`, { ...ballot, _csrf: await carol.csrfToken(`${one.url}/app/elections/${ELECTION}/vote`) });
    assert.equal(cast.status, 303, cast.body);
    const attempt = async (server: ReplicaProcess) =>
      (await carol.postForm(`${server.url}/app/elections/${ELECTION}/vote/view`, { passphrase: 'a guess', _csrf: await carol.csrfToken(`${server.url}/app`) })).status;
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) statuses.push(await attempt(i % 2 === 0 ? one : two));
    assert.deepEqual(statuses, Array<number>(10).fill(409), 'counted, then refused: the ballot has no passphrase');
    assert.deepEqual([await attempt(one), await attempt(two)], [429, 429]);
  });
});
