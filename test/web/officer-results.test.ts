import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { it } from 'node:test';
import type { Kysely } from 'kysely';
import { parseBallotCsv } from '../../src/core/ballot-csv.js';
import { schulze } from '../../src/core/schulze.js';
import { tallyReport } from '../../src/core/tally-report.js';
import { selectWinners } from '../../src/core/winners.js';
import type { Database } from '../../src/storage/schema.js';
import { describeEachDialect, withMigratedDatabase } from '../storage/test-databases.js';
import { ADMIN, completedYaml, officerTestFiles, OTHER, seedBallots, type Ranks } from './officer-fixtures.js';
import { buildTestApp, Client, KEYS, LOGINS, NO_PASSPHRASE, NOW, rankFields, testAppOn } from './web-harness.js';

const COMPLETED = ADMIN(KEYS.completed);

/** Nine ballots with full and partial rankings, equal ranks and one that ranks nobody. */
const BALLOTS: readonly Ranks[] = [
  { ada: 1, grace: 2, linus: 3 },
  { ada: 1, grace: 2, linus: 3 },
  { ada: 1, linus: 2, grace: 3 },
  { grace: 1, linus: 2, ada: 3 },
  { grace: 1, linus: 2, ada: 3 },
  { linus: 1, ada: 2 },
  { linus: 1, grace: 1 },
  { ada: 2, grace: 1 },
  {},
];

const resultRows = (db: Kysely<Database>) => db.selectFrom('election_result').selectAll().execute();

describeEachDialect('officer results', (dialect) => {
  it("computes the result from the stored ballots: the same as the core's count of the exported CSV", () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app, view } = await testAppOn(db, officerTestFiles());
      await seedBallots(db, view, KEYS.completed, BALLOTS);
      const alice = await Client.as(app, LOGINS.officer);

      const before = await alice.get(`${COMPLETED}/results`);
      assert.equal(before.statusCode, 200);
      assert.match(before.body, /<button type="submit">Compute results<\/button>/);
      assert.match(before.body, /erases every link between voters and their ballots/);

      const computed = await alice.postForm(`${COMPLETED}/results`, {});
      assert.equal(computed.statusCode, 303, computed.body);
      assert.equal(computed.headers.location, `${COMPLETED}/results`);

      const download = await alice.get(`${COMPLETED}/download`);
      assert.equal(download.statusCode, 200);
      assert.equal(download.headers['content-type'], 'text/csv; charset=utf-8');
      assert.equal(download.headers['content-disposition'], `attachment; filename="${KEYS.completed}-ballots.csv"`);
      assert.equal(download.body.split('\n')[0], 'ada,grace,linus');
      assert.equal(download.body.trim().split('\n').length, 1 + BALLOTS.length);
      assert.doesNotMatch(download.body, /voter-|carol|dave/, 'no voter anywhere in the file');

      const table = parseBallotCsv('download.csv', download.body);
      assert.ok(table.ok);
      const core = schulze(table.value);
      const expected = tallyReport(core, selectWinners(core.ranking, 2));

      const rows = await resultRows(db);
      assert.equal(rows.length, 1);
      const [row] = rows;
      assert.ok(row);
      assert.deepEqual(JSON.parse(row.result), JSON.parse(JSON.stringify(expected)));
      assert.equal(row.input_hash, createHash('sha256').update(download.body).digest('hex'), 'the stored hash is the hash of the downloaded file');
      assert.equal(row.computed_by, LOGINS.officer);
      assert.equal(expected.ballots, BALLOTS.length);

      const page = await alice.get(`${COMPLETED}/results`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(row.input_hash));
      assert.match(page.body, /<caption>Schulze ranking, best first<\/caption>/);
      assert.match(page.body, /<caption>Ballots ranking the row's candidate above the column's candidate/);
      assert.match(page.body, /<caption>Strength of the strongest path/);
      assert.match(page.body, /<th scope="col" class="number">grace<\/th>/);
      assert.match(page.body, /<th scope="row">Candidate ada <span class="candidate-id">\(ada\)<\/span><\/th>/);
      assert.match(page.body, /<svg class="chart" role="img" aria-labelledby="ranking-chart-title ranking-chart-desc"/);
      assert.doesNotMatch(page.body, /Compute results<\/button>/);
      await app.close();
    }));

  it('says "tie for the last seat" when the cut falls inside a tie group, and elects nobody from it', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app, view } = await testAppOn(db, officerTestFiles());
      await seedBallots(db, view, KEYS.completed, [{ ada: 1, grace: 2, linus: 2 }, { ada: 1, grace: 2, linus: 2 }, { ada: 1 }]);
      const alice = await Client.as(app, LOGINS.officer);
      assert.equal((await alice.postForm(`${COMPLETED}/results`, {})).statusCode, 303);
      const [row] = await resultRows(db);
      assert.ok(row);
      const report = JSON.parse(row.result);
      assert.deepEqual(report.ranking, [['ada'], ['grace', 'linus']]);
      assert.deepEqual(report.winners, ['ada']);
      assert.equal(report.tie_at_cutoff, true);
      assert.deepEqual(report.tied_for_last_seats, { candidates: ['grace', 'linus'], seats: 1 });
      const page = (await alice.get(`${COMPLETED}/results`)).body;
      assert.match(page, /<h3>Tie for the last seat<\/h3>/);
      assert.match(page, /These 2 candidates are tied for the remaining 1 seat\b/);
      assert.match(page, /<td class="number">2 \(tie\)<\/td><th scope="row">Candidate grace/);
      assert.match(page, /Tied for the last seat<\/td>/);
      await app.close();
    }));

  it('freezes the election: with the clock moved back inside the window it stays completed and refuses votes', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app, view } = await testAppOn(db, officerTestFiles());
      await seedBallots(db, view, KEYS.completed, BALLOTS.slice(0, 3));
      const alice = await Client.as(app, LOGINS.officer);
      assert.equal((await alice.postForm(`${COMPLETED}/results`, {})).statusCode, 303);
      await app.close();

      const electionId = view.electionIds.get(KEYS.completed);
      const stored = await db.selectFrom('election_result').select('election_id').execute();
      assert.deepEqual(stored.map((r) => Number(r.election_id)), [electionId], 'the result row is what freezes it');

      // Seven days ago both completed elections were running; only the counted one stays closed.
      const past = await buildTestApp(db, view, { clock: () => new Date(NOW.getTime() - 7 * 86_400_000) });
      const carol = await Client.as(past, LOGINS.voter);
      assert.match((await carol.get(`/app/elections/${KEYS.completed}`)).body, /<span class="badge badge-completed">Completed<\/span>/);
      assert.match((await carol.get(`/app/elections/${OTHER}`)).body, /<span class="badge badge-running">Running<\/span>/);
      assert.equal((await carol.get(`/app/elections/${KEYS.completed}/vote`)).statusCode, 409);
      const vote = await carol.postForm(`/app/elections/${KEYS.completed}/vote`, { ...rankFields({ ada: 1 }), ...NO_PASSPHRASE });
      assert.equal(vote.statusCode, 409);
      assert.match(vote.body, /Voting has ended/);
      const ballots = await db.selectFrom('ballot').select('voter').where('election_id', '=', electionId!).execute();
      assert.equal(new Set(ballots.map((b) => b.voter)).size, 3, 'no ballot was added');
      const again = await Client.as(past, LOGINS.officer);
      assert.equal((await again.postForm(`${COMPLETED}/results`, {})).statusCode, 303, 'the frozen result can still be shown');
      assert.equal((await resultRows(db)).length, 1);
      await past.close();
    }));

  it('with delete_after, erases the voter↔ballot links in the same step and keeps every ballot and voter', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app, view } = await testAppOn(db, officerTestFiles());
      await seedBallots(db, view, KEYS.completed, BALLOTS.slice(0, 4), { withLinks: true });
      const electionId = view.electionIds.get(KEYS.completed)!;
      const voters = () => db.selectFrom('voter').select(['salt', 'ballot_id', 'kdf_params']).where('election_id', '=', electionId).execute();
      const ballotRows = async () => (await db.selectFrom('ballot').select('id').where('election_id', '=', electionId).execute()).length;
      assert.equal((await voters()).filter((v) => v.ballot_id !== null).length, 4);
      const rowsBefore = await ballotRows();

      const alice = await Client.as(app, LOGINS.officer);
      assert.equal((await alice.postForm(`${COMPLETED}/results`, {})).statusCode, 303);
      const after = await voters();
      assert.equal(after.length, 4, 'every voter is still recorded as having voted');
      assert.ok(after.every((v) => v.salt === null && v.ballot_id === null && v.kdf_params === null), 'no link is left');
      assert.equal(await ballotRows(), rowsBefore, 'every ballot is kept');
      await app.close();
    }));

  it('without delete_after, keeps the links', () =>
    withMigratedDatabase(dialect, async (db) => {
      const files = officerTestFiles({ 'elections/board/completed/election.yaml': completedYaml({ delete_after: 'False' }) });
      const { app, view } = await testAppOn(db, files);
      await seedBallots(db, view, KEYS.completed, BALLOTS.slice(0, 2), { withLinks: true });
      const alice = await Client.as(app, LOGINS.officer);
      assert.match((await alice.get(`${COMPLETED}/results`)).body, /keeps the links between voters and their ballots/);
      assert.equal((await alice.postForm(`${COMPLETED}/results`, {})).statusCode, 303);
      const links = await db.selectFrom('voter').select('ballot_id').where('ballot_id', 'is not', null).execute();
      assert.equal(links.length, 2);
      await app.close();
    }));

  it('computing twice, even at once, stores one result and shows it unchanged', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app, view } = await testAppOn(db, officerTestFiles());
      await seedBallots(db, view, KEYS.completed, BALLOTS);
      const alice = await Client.as(app, LOGINS.officer);
      const both = await Promise.all([alice.postForm(`${COMPLETED}/results`, {}), alice.postForm(`${COMPLETED}/results`, {})]);
      assert.deepEqual(both.map((r) => r.statusCode), [303, 303]);
      const [first] = await resultRows(db);
      assert.ok(first);
      const page = (await alice.get(`${COMPLETED}/results`)).body;

      const later = await buildTestApp(db, view, { clock: () => new Date(NOW.getTime() + 3_600_000) });
      const again = await Client.as(later, LOGINS.officer);
      assert.equal((await again.postForm(`${COMPLETED}/results`, {})).statusCode, 303);
      const rows = await resultRows(db);
      assert.equal(rows.length, 1);
      assert.deepEqual(rows[0], first, 'same result, same time, same officer');
      const shown = (await again.get(`${COMPLETED}/results`)).body;
      const main = (html: string) => html.replace(/name="_csrf" value="[^"]*"/g, '');
      assert.equal(main(shown), main(page));
      await later.close();
      await app.close();
    }));

  it('before the end, refuses to compute (409) or download, and stores nothing', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app } = await testAppOn(db, officerTestFiles());
      const carol = await Client.as(app, LOGINS.voter);
      assert.equal((await carol.postForm(`/app/elections/${KEYS.running}/vote`, { ...rankFields({ ada: 1, grace: 2 }), ...NO_PASSPHRASE })).statusCode, 303);
      const alice = await Client.as(app, LOGINS.officer);
      for (const key of [KEYS.running, KEYS.upcoming]) {
        const compute = await alice.postForm(`${ADMIN(key)}/results`, {});
        assert.equal(compute.statusCode, 409, key);
        assert.match(compute.body, /Voting has not ended yet/);
        assert.equal((await alice.get(`${ADMIN(key)}/download`)).statusCode, 409, key);
        const page = await alice.get(`${ADMIN(key)}/results`);
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /The results cannot be computed now/);
        assert.doesNotMatch(page.body, /Compute results<\/button>/);
      }
      assert.equal((await resultRows(db)).length, 0);
      assert.equal((await db.selectFrom('voter').select('ballot_id').execute()).length, 1);
      await app.close();
    }));
});
