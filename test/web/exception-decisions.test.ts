import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDialect, withMigratedDatabase } from '../storage/test-databases.js';
import { ADMIN, officerTestFiles, seedBallots, seedRequest } from './officer-fixtures.js';
import { Client, KEYS, LOGINS, testAppOn } from './web-harness.js';

const RUNNING = ADMIN(KEYS.running);
const ELECTION = `/app/elections/${KEYS.running}`;
// META_REPO on the test GitHub (GITHUB_URL is https://github.example), read through the composition root.
const ON_GITHUB = { META_REPO: 'https://github.example/example/community.git', META_BRANCH: 'main' };

describeEachDialect('exception requests decided', (dialect) => {
  it('approves and declines with a note, who and when; a post without a CSRF token changes nothing', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app, view } = await testAppOn(db, officerTestFiles());
      const id = await seedRequest(db, view, KEYS.running, LOGINS.outsider);
      const row = () => db.selectFrom('request').select(['reviewed', 'decision', 'decision_note', 'decided_by']).where('id', '=', id).executeTakeFirstOrThrow();
      const alice = await Client.as(app, LOGINS.officer);
      const url = `${RUNNING}/exception/${id}`;
      assert.match((await alice.get(url)).body, /State: <strong>Pending<\/strong>/);

      assert.equal((await alice.postForm(url, { decision: 'approved' }, { csrf: false })).statusCode, 403);
      assert.equal((await alice.postForm(url, { decision: 'approved', _csrf: 'not-a-token' })).statusCode, 403);
      assert.equal((await row()).decision, null);
      assert.equal((await alice.postForm(url, { decision: 'maybe' })).statusCode, 400);
      assert.equal((await alice.postForm(url, {})).statusCode, 400);

      const declined = await alice.postForm(url, { decision: 'declined', note: '  Not a member yet.  ', return: 'console' });
      assert.equal(declined.statusCode, 303);
      assert.equal(declined.headers.location, `${RUNNING}/#requests`);
      assert.deepEqual({ ...(await row()), reviewed: Boolean((await row()).reviewed) }, {
        reviewed: true,
        decision: 'declined',
        decision_note: 'Not a member yet.',
        decided_by: LOGINS.officer,
      });
      const page = (await alice.get(url)).body;
      assert.match(page, /<strong>Declined<\/strong> by alice, <time datetime="2026-06-15T12:00:00.000Z"/);
      assert.match(page, /Note: Not a member yet\./);

      const approved = await alice.postForm(url, { decision: 'approved' });
      assert.equal(approved.headers.location, url, 'a decision can be changed');
      assert.equal((await row()).decision, 'approved');
      assert.equal((await row()).decision_note, null);
      await app.close();
    }));

  it('lists pending requests first and gives the voters.yaml lines and GitHub editor link for approved ones', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app, view } = await testAppOn(db, officerTestFiles(), { env: ON_GITHUB });
      const zed = await seedRequest(db, view, KEYS.running, 'zed');
      const bea = await seedRequest(db, view, KEYS.running, 'Bea');
      await seedRequest(db, view, KEYS.running, 'pat');
      // An approved login already in voters.yaml (dave is listed as DAVE) needs no line.
      const dave = await seedRequest(db, view, KEYS.running, LOGINS.voter2);
      const alice = await Client.as(app, LOGINS.officer);
      for (const id of [zed, bea, dave]) await alice.postForm(`${RUNNING}/exception/${id}`, { decision: 'approved' });
      const body = (await alice.get(`${RUNNING}/`)).body;
      const order = [...body.matchAll(/exception\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]);
      assert.deepEqual(order, ['pat', 'zed', 'Bea', 'dave']);
      assert.match(body, /<pre><code> {2}- Bea\n {2}- zed<\/code><\/pre>/);
      assert.match(body, /<code>elections\/board\/running\/voters.yaml<\/code>/);
      assert.match(body, /href="https:\/\/github.example\/example\/community\/edit\/main\/elections\/board\/running\/voters.yaml"/);
      assert.match(body, /dave<\/a><\/th><td>[^<]*<\/td><td>.*?<\/td><td><strong>Approved<\/strong>.*? · in voters.yaml/s);
      assert.match(body, /zed<\/a><\/th>.*? · not in voters.yaml yet/s);
      await app.close();
    }));

  it('shows requesters the state of their own request only, and officers no exception offer', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app, view } = await testAppOn(db, officerTestFiles());
      const mallory = await Client.as(app, LOGINS.outsider);
      const offered = (await mallory.get(ELECTION)).body;
      assert.match(offered, /Request an exception to vote/);
      assert.doesNotMatch(offered, /your-request/);

      const id = await seedRequest(db, view, KEYS.running, LOGINS.outsider);
      await seedRequest(db, view, KEYS.running, 'pat');
      const alice = await Client.as(app, LOGINS.officer);
      const states: [string | null, RegExp][] = [
        [null, /Your exception request is pending/],
        ['approved', /Your exception request was approved\. You can vote once the officers have added you/],
        ['declined', /Your exception request was declined/],
      ];
      for (const [decision, sentence] of states) {
        if (decision) await alice.postForm(`${RUNNING}/exception/${id}`, { decision });
        const page = (await mallory.get(ELECTION)).body;
        assert.match(page, sentence);
        assert.doesNotMatch(page, /Request an exception to vote/);
      }
      // pat's own page shows pat's pending request; a voter and the officer see no request at all.
      const pat = await Client.as(app, 'pat');
      assert.match((await pat.get(ELECTION)).body, /Your exception request is pending/);
      for (const client of [await Client.as(app, LOGINS.voter), alice]) assert.doesNotMatch((await client.get(ELECTION)).body, /your-request|Request an exception/);
      assert.match((await alice.get(ELECTION)).body, /href="\/app\/elections\/board---running\/admin\/">Officer console<\/a>/);
      assert.equal((await alice.get(`${ELECTION}/exception`)).statusCode, 409);
      await app.close();
    }));

  it('records decisions, counts and downloads in the audit trail, shown on the console and as CSV', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app, view } = await testAppOn(db, officerTestFiles());
      await seedBallots(db, view, KEYS.completed, [{ ada: 1, grace: 2 }, { grace: 1 }, { ada: 1 }]);
      const id = await seedRequest(db, view, KEYS.completed, LOGINS.outsider);
      const alice = await Client.as(app, LOGINS.officer);
      const admin = ADMIN(KEYS.completed);
      await alice.postForm(`${admin}/exception/${id}`, { decision: 'declined', note: 'secret note' });
      assert.equal((await alice.postForm(`${admin}/results`, {})).statusCode, 303);
      await alice.postForm(`${admin}/results`, {});
      const ballots = await alice.get(`${admin}/download`);
      assert.equal(ballots.statusCode, 200);

      const csv = await alice.get(`${admin}/audit.csv`);
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-disposition']), /filename="board---completed-audit.csv"/);
      const lines = csv.body.trimEnd().split('\n');
      const { input_hash: hash } = await db.selectFrom('election_result').select('input_hash').executeTakeFirstOrThrow();
      assert.equal(lines[0], 'time,who,what,details,commit');
      assert.deepEqual(lines.slice(1).map((line) => line.split(',').slice(1, 4).join(',')).reverse(), [
        'alice,decision,declined the exception request of mallory',
        `alice,compute-results,computed the results from 3 ballots (input SHA-256 ${hash})`,
        'alice,download,downloaded the anonymous ballots (CSV)',
        'alice,download,downloaded the audit trail (CSV)',
      ]);
      // Never a ballot's content nor the officers' note.
      for (const secret of ['secret note', 'grace', 'ada']) assert.doesNotMatch(csv.body, new RegExp(secret));
      const console = (await alice.get(`${admin}/`)).body;
      assert.match(console, /<h2 id="audit">Audit trail<\/h2>/);
      assert.match(console, /declined the exception request of mallory/);
      await app.close();
    }));
});
