// Ballots cast under the Python Elekto 0.6 keep working over HTTP after `elekto migrate`
// (SPEC §2, §8): its voter links open with the voter's passphrase and Elekto 0.6's real
// Argon2i parameters, read from the row. Each derivation costs 512 MiB and about 3 s here, so
// only SQLite does the whole view → change → view (three derivations); PostgreSQL and MariaDB
// only view (one each), which is what depends on the database (how the adopted salt and link
// columns read back).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { newBallotBox } from '../../src/app/ballot-box.js';
import { KdfQueue } from '../../src/crypto/kdf-queue.js';
import { loadCatalog } from '../../src/meta/load-catalog.js';
import { migrateDatabase } from '../../src/storage/migrate-database.js';
import { openDatabase } from '../../src/storage/open-database.js';
import { electionIdsByKey, syncElectionRows } from '../../src/storage/repositories/election-repository.js';
import { FIXTURES } from '../meta/meta-helpers.js';
import { FIXTURE, loadElekto06Fixture } from '../storage/elekto-0-6-fixture.js';
import { describeEachDialect, withFreshDatabase, type Dialect } from '../storage/test-databases.js';
import { buildTestApp, Client, rankFields, TEST_KDF, viewedBallot } from './web-harness.js';

const REPOSITORY = `${FIXTURES}real-meta/elekto-io__elekto.meta.test`;
/** Inside 2021---GB's voting window (2023-08-01 00:00:01 to 2023-08-22 23:59:00, election.yaml). */
const DURING_VOTING = new Date('2023-08-10T12:00:00Z');
const ELECTION = `/app/elections/${FIXTURE.electionKey}`;
/** jberkus's passphrase (the second vector of elekto-crypto-vectors.json) and ballot group. */
const PASSPHRASE = 'correct horse battery staple';
const GROUP = 'e541bcde-ae06-4b51-bc88-928e18baab99';

describeEachDialect('an Elekto 0.6 voter views and changes their ballot after migration', (dialect: Dialect) => {
  it(dialect === 'sqlite' ? 'views, changes and views again the ballot with its passphrase' : 'views the ballot with its passphrase', () =>
    withFreshDatabase(dialect, async (target) => {
      const db = openDatabase(target);
      try {
        await loadElekto06Fixture(db, dialect);
        const migrated = await migrateDatabase(db, dialect);
        assert.ok(migrated.ok, JSON.stringify(migrated));
        const catalog = await loadCatalog(REPOSITORY, 'elections');
        assert.ok(catalog.ok, String(!catalog.ok && catalog.error));
        const elections = catalog.value.list().map((e) => ({ key: e.key, name: e.config.name ?? e.key }));
        await syncElectionRows(db, elections, DURING_VOTING);
        const electionIds = await electionIdsByKey(db, elections.map((e) => e.key));
        assert.equal(electionIds.get(FIXTURE.electionKey), 1, "the fixture's election row is matched by its key");

        const app = await buildTestApp(db, { catalog: catalog.value, electionIds }, {
          clock: () => DURING_VOTING,
          ballots: newBallotBox(db, new KdfQueue({ concurrency: 1 }), TEST_KDF),
        });
        try {
          const jberkus = await Client.as(app, 'jberkus');
          const page = await jberkus.get(ELECTION);
          assert.equal(page.statusCode, 200);
          assert.match(page.body, /Voted/);

          const viewed = await jberkus.postForm(`${ELECTION}/vote/view`, { passphrase: PASSPHRASE });
          assert.equal(viewed.statusCode, 200, viewed.body);
          assert.deepEqual(viewedBallot(viewed.body), [['aaron', '1'], ['paris', '2'], ['dims', 'No opinion']]);
          assert.doesNotMatch(viewed.body, /100000000/);
          if (dialect !== 'sqlite') return;

          const voterBefore = await db.selectFrom('voter').select(['salt', 'ballot_id', 'kdf_params']).where('user_id', '=', 2).executeTakeFirstOrThrow();
          const changed = await jberkus.postForm(`${ELECTION}/vote/edit`, { ...rankFields({ dims: 1, aaron: 2 }, ['aaron', 'dims', 'paris']), passphrase: PASSPHRASE, action: 'change' });
          assert.equal(changed.statusCode, 303, changed.body);
          const rows = await db.selectFrom('ballot').select(['voter', 'candidate', 'rank']).orderBy('voter').orderBy('candidate').execute();
          const group = rows.filter((row) => row.voter === GROUP).map((row) => [row.candidate, Number(row.rank)]);
          assert.deepEqual(group, [['aaron', 2], ['dims', 1], ['paris', 100000000]]);
          assert.equal(rows.length, 9, "the other voters' ballots are untouched");
          const voterAfter = await db.selectFrom('voter').select(['salt', 'ballot_id', 'kdf_params']).where('user_id', '=', 2).executeTakeFirstOrThrow();
          assert.deepEqual(voterAfter, voterBefore, 'the link stays as Elekto 0.6 wrote it');

          const again = await jberkus.postForm(`${ELECTION}/vote/view`, { passphrase: PASSPHRASE });
          assert.equal(again.statusCode, 200, again.body);
          assert.deepEqual(viewedBallot(again.body), [['dims', '1'], ['aaron', '2'], ['paris', 'No opinion']]);
        } finally {
          await app.close();
        }
      } finally {
        await db.destroy();
      }
    }));
});
