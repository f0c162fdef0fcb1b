import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { it } from 'node:test';
import { CatalogStore } from '../../src/app/catalog-store.js';
import type { MetaSource } from '../../src/app/election-sync.js';
import { readSyncState } from '../../src/storage/repositories/sync-state-repository.js';
import { describeEachDialect, withMigratedDatabase } from '../storage/test-databases.js';
import { MetaGitRepository, runningElectionFiles } from './meta-git-repository.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const clock = () => NOW;

function sourceFor(repository: MetaGitRepository): MetaSource {
  return { repo: repository.dir, branch: 'main', path: repository.clonePath(), electionDir: 'elections' };
}

async function withRepository<T>(work: (repository: MetaGitRepository) => Promise<T>): Promise<T> {
  const repository = MetaGitRepository.create(runningElectionFiles('board/2026', NOW));
  try {
    return await work(repository);
  } finally {
    repository.remove();
  }
}

describeEachDialect('the catalog store', (dialect) => {
  it('runs concurrent syncs as one running sync and one follow-up shared by every later trigger', () =>
    withMigratedDatabase(dialect, (db) =>
      withRepository(async (repository) => {
        const store = new CatalogStore(db, sourceFor(repository), clock);
        const before = (await readSyncState(db)).generation;
        const triggers = [store.sync(), store.sync(), store.follow(), store.sync(), store.sync()];
        assert.equal(store.busy, true);
        const outcomes = await Promise.all(triggers);
        assert.ok(outcomes.every((outcome) => outcome.ok));
        assert.notEqual(outcomes[0], outcomes[1], 'the first trigger runs at once');
        for (const later of outcomes.slice(2)) assert.equal(later, outcomes[1], 'every later trigger shares the follow-up');
        assert.equal((await readSyncState(db)).generation, before + 2);
        assert.equal(store.current.catalog.revision, repository.head());
        assert.equal(store.busy, false);
      }),
    ));

  it('records a follow-up only when it reaches a commit newer than the recorded one', () =>
    withMigratedDatabase(dialect, (db) =>
      withRepository(async (repository) => {
        const leader = new CatalogStore(db, sourceFor(repository), clock);
        const follower = new CatalogStore(db, sourceFor(repository), clock);
        const led = await leader.sync();
        assert.ok(led.ok);
        assert.ok(led.value.generation !== null && leader.recorded(led.value.generation));

        const followed = await follower.follow();
        assert.ok(followed.ok);
        assert.equal(followed.value.generation, null, 'the same commit is not recorded again');
        assert.equal((await readSyncState(db)).generation, led.value.generation);

        const newer = repository.commit(runningElectionFiles('board/2027', NOW));
        const ahead = await follower.follow();
        assert.ok(ahead.ok);
        assert.equal(ahead.value.commit, newer);
        assert.equal(ahead.value.generation, led.value.generation + 1);
        assert.deepEqual(await readSyncState(db).then((s) => s.revision), newer);
        assert.ok(follower.recorded(ahead.value.generation!));
        assert.equal(leader.recorded(ahead.value.generation!), false);
      }),
    ));

  it('keeps serving the last good catalog when the remote fails, and says why until a sync succeeds', () =>
    withMigratedDatabase(dialect, (db) =>
      withRepository(async (repository) => {
        const store = new CatalogStore(db, sourceFor(repository), clock);
        assert.ok((await store.sync()).ok);
        const good = store.current;
        const state = await readSyncState(db);

        renameSync(repository.dir, `${repository.dir}-gone`);
        try {
          const failed = await store.sync();
          assert.equal(failed.ok, false);
          assert.equal(store.current, good);
          assert.match(store.lastFailure?.message ?? '', /git fetch failed/);
          const recorded = await readSyncState(db);
          assert.equal(recorded.generation, state.generation);
          assert.equal(recorded.revision, state.revision);
          assert.match(recorded.lastError ?? '', /git fetch failed/);
          assert.deepEqual(recorded.lastErrorAt, NOW);

          const followFailed = await store.follow();
          assert.equal(followFailed.ok, false);
          const reloaded = await store.reloadLocal();
          assert.ok(reloaded.ok);
          assert.notEqual(store.lastFailure, null, 'rereading the clone says nothing about the remote');
        } finally {
          renameSync(`${repository.dir}-gone`, repository.dir);
        }
        assert.ok((await store.sync()).ok);
        assert.equal(store.lastFailure, null);
        assert.equal((await readSyncState(db)).lastError, null);
      }),
    ));
});

it('waits for the running sync and its follow-up before calling itself idle', () =>
  withMigratedDatabase('sqlite', (db) =>
    withRepository(async (repository) => {
      const store = new CatalogStore(db, sourceFor(repository), clock);
      void store.sync();
      void store.sync();
      await store.idle();
      assert.equal(store.busy, false);
      assert.equal((await readSyncState(db)).generation, 2);
    }),
  ));
