import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDialect, withMigratedDatabase } from '../storage/test-databases.js';
import { ADMIN, officerTestFiles, seedRequest } from './officer-fixtures.js';
import { Client, KEYS, LOGINS, NO_PASSPHRASE, rankFields, testAppOn } from './web-harness.js';

const RUNNING = ADMIN(KEYS.running);

describeEachDialect('officer console', (dialect) => {
  it('shows the window, turnout, who voted (logins only, sorted), ballots per day and the requests', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app } = await testAppOn(db, officerTestFiles());
      // dave is listed as DAVE in voters.yaml; both vote through the web, without passphrases.
      for (const login of [LOGINS.voter2, LOGINS.voter]) {
        const voter = await Client.as(app, login);
        const cast = await voter.postForm(`/app/elections/${KEYS.running}/vote`, { ...rankFields({ grace: 1, linus: 2 }), ...NO_PASSPHRASE });
        assert.equal(cast.statusCode, 303, cast.body);
      }
      const mallory = await Client.as(app, LOGINS.outsider);
      const filed = await mallory.postForm(`/app/elections/${KEYS.running}/exception`, {
        name: 'Mallory Example',
        email: 'mallory@example.org',
        chat: '',
        description: 'I review pull requests.',
        comments: '',
      });
      assert.equal(filed.statusCode, 201, filed.body);

      const alice = await Client.as(app, LOGINS.officer);
      const page = await alice.get(`${RUNNING}/`);
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['cache-control'], 'no-store');
      const body = page.body;
      assert.match(body, /<span class="badge badge-running">Running<\/span>/);
      assert.match(body, /<dt>Eligible voters<\/dt><dd>2<\/dd>/);
      assert.match(body, /<dt>Ballots cast<\/dt><dd>2<\/dd>/);
      assert.match(body, /<dt>Turnout<\/dt><dd>100.0 %<\/dd>/);
      assert.match(body, /<ul class="login-list"><li>carol<\/li><li>dave<\/li><\/ul>/);
      // The per-day chart is an image with a name and description, and a table says the same.
      assert.match(body, /<svg class="chart" role="img" aria-labelledby="per-period-chart-title per-period-chart-desc"/);
      assert.match(body, /<title id="per-period-chart-title">Ballots cast per day \(UTC\)<\/title>/);
      assert.match(body, /2026-06-15: 2\./);
      assert.match(body, /<th scope="row">2026-06-15<\/th><td class="number">2<\/td>/);
      assert.match(body, /<th scope="row">2026-06-10<\/th><td class="number">0<\/td>/);
      // The request, with its toggle.
      assert.match(body, /Mallory Example/);
      assert.match(body, /Mark as reviewed<span class="visually-hidden">: request by mallory<\/span>/);
      // Nothing of any ballot: no candidate appears on the console at all.
      for (const candidate of ['grace', 'linus']) assert.doesNotMatch(body, new RegExp(candidate));
      assert.match(body, /The results can be computed once voting closes/);
      assert.doesNotMatch(body, /Download the anonymous ballots/, 'no download before the end');
      await app.close();
    }));

  it("shows an invalid election's file problems to its officers", () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app } = await testAppOn(db, officerTestFiles());
      const alice = await Client.as(app, LOGINS.officer);
      const page = await alice.get(`${ADMIN(KEYS.invalid)}/`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /This election has a configuration error/);
      assert.match(page.body, /<code>elections\/board\/invalid\/election.yaml:\d+<\/code>: start_datetime/);
      assert.match(page.body, /<dt>Eligible voters<\/dt><dd>unknown<\/dd>/);
      const compute = await alice.postForm(`${ADMIN(KEYS.invalid)}/results`, {});
      assert.equal(compute.statusCode, 409);
      await app.close();
    }));

  it('marks an exception request reviewed and back; a post without a CSRF token changes nothing', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app, view } = await testAppOn(db, officerTestFiles());
      const id = await seedRequest(db, view, KEYS.running, LOGINS.outsider);
      const reviewed = async () => (await db.selectFrom('request').select('reviewed').where('id', '=', id).executeTakeFirstOrThrow()).reviewed;
      const alice = await Client.as(app, LOGINS.officer);
      const url = `${RUNNING}/exception/${id}`;

      const page = await alice.get(url);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Exception request by mallory/);
      assert.match(page.body, /mallory@example.org/);
      assert.match(page.body, /Status: <strong>Not reviewed yet<\/strong>/);

      const forged = await alice.postForm(url, { reviewed: 'true' }, { csrf: false });
      assert.equal(forged.statusCode, 403);
      assert.equal(await reviewed(), false);
      const wrongToken = await alice.postForm(url, { reviewed: 'true', _csrf: 'not-a-token' });
      assert.equal(wrongToken.statusCode, 403);
      assert.equal(await reviewed(), false);

      const marked = await alice.postForm(url, { reviewed: 'true', return: 'console' });
      assert.equal(marked.statusCode, 303);
      assert.equal(marked.headers.location, `${RUNNING}/#requests`);
      assert.equal(await reviewed(), true);
      assert.match((await alice.get(url)).body, /Status: <strong>Reviewed<\/strong>/);
      assert.match((await alice.get(`${RUNNING}/`)).body, /Mark as not reviewed/);

      const again = await alice.postForm(url, { reviewed: 'true' });
      assert.equal(again.statusCode, 303, 'marking twice is harmless');
      assert.equal(again.headers.location, url);
      assert.equal(await reviewed(), true);

      const unmarked = await alice.postForm(url, { reviewed: 'false', return: 'request' });
      assert.equal(unmarked.statusCode, 303);
      assert.equal(await reviewed(), false);

      assert.equal((await alice.postForm(url, { reviewed: 'maybe' })).statusCode, 400);
      assert.equal((await alice.postForm(url, {})).statusCode, 400);
      assert.equal(await reviewed(), false);
      await app.close();
    }));
});
