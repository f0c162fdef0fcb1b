// Webhook to visible across replicas (SPEC §12): two built `elekto serve` processes on one
// PostgreSQL database (the test server, TEST_POSTGRES_URL), each with its own clone of a
// local git meta repository. Each run pushes a commit with a new election, sends the signed
// webhook to replica 1 and times until replica 2's public election list shows the election.
// Replica 2 learns of the sync by polling the database every 2 s, so the time is that poll's
// wait (0 to 2 s, depending on when the webhook comes) plus one git fetch and catalog reload.
import { signWebhookBody } from '../src/auth/webhook-signature.js';
import { migrateDatabase } from '../src/storage/migrate-database.js';
import { openDatabase } from '../src/storage/open-database.js';
import { MetaGitRepository, runningElectionFiles } from '../test/app/meta-git-repository.js';
import { elektoCommand, HttpClient, startReplicas, stopAll, type ReplicaProcess } from '../test/replicas/replica-processes.js';
import { createFreshDatabase, databaseUrlOf } from '../test/storage/test-databases.js';
import type { Benchmark } from './benchmark.js';

const RUNS = 7;
/**
 * Each run waits this long after the previous one became visible, so the webhooks arrive at
 * evenly spread moments of replica 2's 2-second poll instead of always just after it.
 */
const PAUSES_MS = [0, 1_700, 600, 1_400, 300, 1_100, 850];
const SECRET = 'bench webhook secret';

export const syncBenchmark: Benchmark = {
  name: 'sync',
  async run({ bin }) {
    const fresh = await createFreshDatabase('postgresql');
    const repository = MetaGitRepository.create(runningElectionFiles('bench/0', new Date()));
    let replicas: ReplicaProcess[] = [];
    try {
      const db = openDatabase(fresh.target);
      const migrated = await migrateDatabase(db, 'postgresql').finally(() => db.destroy());
      if (!migrated.ok) throw new Error(`migrating the bench database was refused: ${migrated.error.kind}`);
      const env = () => ({
        APP_ENV: 'development',
        DATABASE_URL: databaseUrlOf(fresh.target),
        META_REPO: repository.dir,
        META_PATH: repository.clonePath(),
        META_SECRET: SECRET,
      });
      replicas = await startReplicas([{ name: 'bench-replica-1', env: env() }, { name: 'bench-replica-2', env: env() }], elektoCommand(bin));
      const [one, two] = replicas as [ReplicaProcess, ReplicaProcess];
      const answered: number[] = [];
      const visible: number[] = [];
      for (let run = 1; run <= RUNS; run++) {
        await new Promise((resolve) => setTimeout(resolve, PAUSES_MS[run - 1] ?? 0));
        const timing = await webhookToVisible(one, two, repository, `bench/${run}`);
        answered.push(timing.answeredMs);
        visible.push(timing.visibleMs);
      }
      return [
        { name: `sync: signed webhook answered by the replica that synced (median of ${RUNS})`, value: median(answered), unit: 'ms', target: 2_000 },
        { name: `sync: webhook to visible on the other replica, PostgreSQL (median of ${RUNS})`, value: median(visible), unit: 'ms', target: 5_000 },
        { name: `sync: webhook to visible on the other replica, worst of ${RUNS}`, value: Math.max(...visible), unit: 'ms', target: 5_000 },
      ];
    } finally {
      await stopAll(replicas);
      await fresh.drop();
      repository.remove();
    }
  },
};

/** Pushes an election, tells `one`, and times until `two` lists it. */
async function webhookToVisible(one: ReplicaProcess, two: ReplicaProcess, repository: MetaGitRepository, path: string) {
  const key = path.replaceAll('/', '---');
  const commit = repository.commit(runningElectionFiles(path, new Date()));
  const body = JSON.stringify({ ref: 'refs/heads/main', after: commit });
  const visitor = new HttpClient();
  const started = performance.now();
  const response = await fetch(`${one.url}/v1/webhooks/meta/sync`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-hub-signature-256': signWebhookBody(SECRET, body) },
    body,
  });
  const answeredMs = performance.now() - started;
  if (response.status !== 200) throw new Error(`the webhook answered ${response.status}: ${await response.text()}`);
  while (!(await visitor.get(`${two.url}/elections`)).body.includes(`/elections/${key}"`)) {
    if (performance.now() - started > 30_000) throw new Error(`replica 2 never listed ${key}:\n${two.output}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { answeredMs, visibleMs: performance.now() - started };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
