import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseBallotCsv } from '../../src/core/ballot-csv.js';
import { countStv } from '../../src/core/election-method.js';
import { lotSeed } from '../../src/core/lot.js';
import { rankedBallotsFromTable } from '../../src/core/ranked-ballots.js';
import type { StvResult } from '../../src/core/stv-result.js';
import { candidateMd } from '../meta/meta-helpers.js';
import { describeEachDialect, withMigratedDatabase } from '../storage/test-databases.js';
import { ADMIN, completedYaml, officerTestFiles, seedBallots, type Ranks } from './officer-fixtures.js';
import { Client, LOGINS, testAppOn } from './web-harness.js';

// An officer computes the results of a Scottish STV election (SPEC §9, §13): the stored
// count is the core's count of the downloaded ballots, the page shows the elected, the quota,
// the stages and the chart, and the count downloads as JSON, stages CSV and Markdown.
const KEY = 'board---stv';
const STV = ADMIN(KEY);

const BALLOTS: readonly Ranks[] = [
  ...Array.from({ length: 4 }, () => ({ ada: 1, grace: 2 })),
  ...Array.from({ length: 2 }, () => ({ grace: 1 })),
  ...Array.from({ length: 3 }, () => ({ linus: 1, grace: 2 })),
  { ada: 1 },
  {},
];

const files = () => officerTestFiles({
  'elections/board/stv/election.yaml': completedYaml({ name: 'STV board', no_winners: '2', election_method: 'scottish-stv' }),
  'elections/board/stv/voters.yaml': 'eligible_voters:\n  - nobody\n',
  'elections/board/stv/candidate-ada.md': candidateMd('ada'),
  'elections/board/stv/candidate-grace.md': candidateMd('grace'),
  'elections/board/stv/candidate-linus.md': candidateMd('linus'),
});

describeEachDialect('officer results (STV)', (dialect) => {
  it('computes, shows and exports a Scottish STV count of the stored ballots', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app, view } = await testAppOn(db, files());
      await seedBallots(db, view, KEY, BALLOTS);
      const alice = await Client.as(app, LOGINS.officer);

      assert.match((await alice.get(`${STV}/results`)).body, /counts every stored ballot with Scottish STV/);
      const publicPage = (await alice.get('/elections/board---stv')).body;
      assert.match(publicPage, /<h2 id="counting">How votes are counted<\/h2>\s*<p>This election is counted with the single transferable vote, Scottish rules\./);
      assert.match(publicPage, /href="https:\/\/www\.legislation\.gov\.uk\/ssi\/2007\/42\/schedule\/1"/);
      assert.match((await alice.get('/elections/board---completed')).body, /This election is counted with the Schulze method\./);
      const computed = await alice.postForm(`${STV}/results`, {});
      assert.equal(computed.statusCode, 303, computed.body);

      const download = await alice.get(`${STV}/download`);
      const table = parseBallotCsv('download.csv', download.body);
      assert.ok(table.ok);
      const ranked = rankedBallotsFromTable(table.value);
      assert.ok(ranked.ok);
      const expected = countStv('scottish-stv', ranked.value, { seats: 2, seed: lotSeed(download.body) });

      const json = await alice.get(`${STV}/results.json`);
      assert.equal(json.statusCode, 200);
      const stored = JSON.parse(json.body) as StvResult;
      assert.deepEqual(stored, JSON.parse(JSON.stringify(expected)));
      // 10 valid ballots, 2 seats: quota 4. ada (5) elected at stage 1, her surplus (1) goes
      // to grace at 1 × 1 ÷ 5 = 0.2 a paper on the 4 "ada, grace" papers.
      assert.equal(stored.quota, '4.00000');
      assert.equal(stored.ballots, 11);
      assert.equal(stored.elected[0], 'ada');
      assert.equal(stored.stages[1]!.votes.grace, '2.80000');

      const page = await alice.get(`${STV}/results`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<dt>Quota<\/dt>\s*<dd>4\.00000<\/dd>/);
      assert.match(page.body, /<h2 id="elected">Elected<\/h2>/);
      assert.match(page.body, /<caption>Votes of each candidate at the end of each stage<\/caption>/);
      assert.match(page.body, /Stage 2: surplus of Candidate ada/);
      assert.match(page.body, /<svg class="chart" role="img" aria-labelledby="stages-chart-title stages-chart-desc"/);

      const csv = await alice.get(`${STV}/stages.csv`);
      assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
      assert.equal(csv.body.split('\n')[0], 'stage,action,candidate,ada,grace,linus,non_transferable,quota,elected,excluded');
      const markdown = await alice.get(`${STV}/results.md`);
      assert.match(markdown.body, /^# Results: /);
      assert.match(markdown.body, /\n## Count, stage by stage\n\nCounted with Scottish STV: 11 ballots \(1 ranking nobody\)/);
      assert.match(markdown.body, /elekto tally \S+-ballots\.csv --seats 2 --method scottish-stv\n/);
      // The draft names candidates as people read them, with the ID the ballots use.
      assert.match(markdown.body, /\n1\. Candidate ada \(ada\)\n/);
      assert.match(markdown.body, /\| 2: surplus of Candidate ada \(ada\) \|/);
      assert.match(markdown.body, /\n\| Candidate grace \(grace\) \| 2\.00000 \| 2\.80000 \|/);
      await app.close();
    }));

  it('refuses to count an STV election holding a ballot with equal ranks (409), storing nothing', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app, view } = await testAppOn(db, files());
      await seedBallots(db, view, KEY, [{ ada: 1, grace: 1 }]);
      const alice = await Client.as(app, LOGINS.officer);
      const computed = await alice.postForm(`${STV}/results`, {});
      assert.equal(computed.statusCode, 409);
      assert.match(computed.body, /cannot be counted with scottish-stv: rank 1 is given to more than one candidate/);
      assert.deepEqual(await db.selectFrom('election_result').selectAll().execute(), []);
      await app.close();
    }));
});
