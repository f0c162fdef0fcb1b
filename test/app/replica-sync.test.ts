import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { it } from 'node:test';
import { CatalogStore } from '../../src/app/catalog-store.js';
import type { MetaSource } from '../../src/app/election-sync.js';
import { ReplicaFollower, syncPeriodically, type SyncLog } from '../../src/app/replica-sync.js';
import { repeat } from '../../src/app/repeating-task.js';
import { readSyncState } from '../../src/storage/repositories/sync-state-repository.js';
import { describeEachDialect, withMigratedDatabase } from '../storage/test-databases.js';
import { MetaGitRepository, runningElectionFiles } from './meta-git-repository.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const clock = () => NOW;

/** A log that keeps its messages, for assertions. */
function memoryLog(): SyncLog & { readonly lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (_d, message) => void lines.push(`info: ${message}`), warn: (_d, message) => void lines.push(`warn: ${message}`) };
}

function sourceFor(repository: MetaGitRepository, overrides: Partial<MetaSource> = {}): MetaSource {
  return { repo: repository.dir, branch: 'main', path: repository.clonePath(), electionDir: 'elections', ...overrides };
}

async function withRepository<T>(work: (repository: MetaGitRepository) => Promise<T>): Promise<T> {
  const repository = MetaGitRepository.create(runningElectionFiles('board/2026', NOW));
  try {
    return await work(repository);
  } finally {
    repository.remove();
  }
}

describeEachDialect('a replica following the others', (dialect) => {
  it('syncs after another replica recorded a new commit, and never after its own syncs or its own follow-ups', () =>
    withMigratedDatabase(dialect, (db) =>
      withRepository(async (repository) => {
        const one = new CatalogStore(db, sourceFor(repository), clock);
        const two = new CatalogStore(db, sourceFor(repository), clock);
        const followOne = new ReplicaFollower(db, one, { log: memoryLog() });
        const followTwo = new ReplicaFollower(db, two, { log: memoryLog() });
        assert.ok((await one.sync()).ok);
        assert.ok((await two.sync()).ok);
        assert.equal(await followOne.check(), false, 'both serve the recorded commit');
        assert.equal(await followTwo.check(), false);

        const pushed = repository.commit(runningElectionFiles('board/2027', NOW));
        assert.ok((await one.sync()).ok, 'a webhook reaches replica one');
        const generation = (await readSyncState(db)).generation;
        assert.equal(await followOne.check(), false, 'its own sync');
        assert.equal(await followTwo.check(), true, 'another replica moved on');
        assert.equal(two.current.catalog.revision, pushed);
        assert.ok(two.current.catalog.has('board---2027'));

        // Quiet from now on: nobody records anything, so nobody syncs again.
        for (let round = 0; round < 3; round++) {
          assert.equal(await followOne.check(), false);
          assert.equal(await followTwo.check(), false);
        }
        assert.equal((await readSyncState(db)).generation, generation);
      }),
    ));

  it('follows a replica that reads a clone kept by a sidecar, without the two setting each other off', () =>
    withMigratedDatabase(dialect, (db) =>
      withRepository(async (repository) => {
        // Sidecar: something else keeps each clone current; here both read the repository itself.
        const sidecar = sourceFor(repository, { repo: undefined, path: repository.dir });
        const one = new CatalogStore(db, sidecar, clock);
        const two = new CatalogStore(db, sidecar, clock);
        const followOne = new ReplicaFollower(db, one, { log: memoryLog() });
        const followTwo = new ReplicaFollower(db, two, { log: memoryLog() });
        assert.ok((await one.sync()).ok);
        assert.equal((await readSyncState(db)).revision, 'unversioned');
        assert.equal(await followTwo.check(), true, 'an unversioned sync cannot be compared: reread');
        assert.equal(two.current.catalog.list().length, 1);

        repository.commit(runningElectionFiles('board/2027', NOW));
        assert.ok((await one.sync()).ok);
        const generation = (await readSyncState(db)).generation;
        assert.equal(await followTwo.check(), true);
        assert.equal(two.current.catalog.list().length, 2);
        for (let round = 0; round < 3; round++) {
          assert.equal(await followOne.check(), false);
          assert.equal(await followTwo.check(), false);
        }
        assert.equal((await readSyncState(db)).generation, generation);
      }),
    ));
});

it('retries a failed follow-up later, with a growing delay, and logs each failure', () =>
  withMigratedDatabase('sqlite', (db) =>
    withRepository(async (repository) => {
      const one = new CatalogStore(db, sourceFor(repository), clock);
      const twoSource = sourceFor(repository, { repo: `${repository.dir}-moved` });
      const two = new CatalogStore(db, twoSource, clock);
      const log = memoryLog();
      const follower = new ReplicaFollower(db, two, { log, retryBaseMs: 100 });
      assert.ok((await one.sync()).ok);

      assert.equal(await follower.check(), true);
      assert.equal(two.current.catalog.list().length, 0, 'nothing served yet');
      assert.match(log.lines.at(-1) ?? '', /^warn: following another replica's sync failed/);
      assert.equal(await follower.check(), false, 'not before the retry delay');

      renameSync(repository.dir, twoSource.repo!);
      try {
        await sleep(120);
        assert.equal(await follower.check(), true);
        assert.equal(two.current.catalog.list().length, 1);
        assert.equal(two.lastFailure, null);
        assert.equal(await follower.check(), false);
      } finally {
        renameSync(twoSource.repo!, repository.dir);
      }
    }),
  ));

it('syncs every META_SYNC_INTERVAL, logs failures, and stops when told', () =>
  withMigratedDatabase('sqlite', (db) =>
    withRepository(async (repository) => {
      const store = new CatalogStore(db, sourceFor(repository), clock);
      const log = memoryLog();
      // 50 ms stands for the interval's seconds: syncPeriodically multiplies by 1000.
      const periodic = syncPeriodically(store, 0.05, log);
      await waitFor(async () => (await readSyncState(db)).generation >= 2);
      assert.equal(store.current.catalog.revision, repository.head());

      renameSync(repository.dir, `${repository.dir}-gone`);
      try {
        await waitFor(async () => log.lines.some((line) => line.startsWith('warn: periodic sync of the meta repository failed')));
        await periodic.stop();
        const stopped = await readSyncState(db);
        await sleep(150);
        assert.deepEqual(await readSyncState(db), stopped, 'no sync after stop');
        assert.equal(store.busy, false);
      } finally {
        renameSync(`${repository.dir}-gone`, repository.dir);
      }
    }),
  ));

it('repeats a task one period after the previous run ended, and never overlaps runs', async () => {
  let running = 0;
  let overlapped = false;
  let runs = 0;
  const errors: unknown[] = [];
  const task = repeat(
    async () => {
      running += 1;
      overlapped ||= running > 1;
      runs += 1;
      await sleep(30);
      running -= 1;
      if (runs === 2) throw new Error('second run fails');
    },
    5,
    (error) => errors.push(error),
  );
  await waitFor(async () => runs >= 4);
  await task.stop();
  const after = runs;
  await sleep(60);
  assert.equal(runs, after);
  assert.equal(overlapped, false);
  assert.equal(errors.length, 1);
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(20);
  }
}
