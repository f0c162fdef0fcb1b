import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDialect, withMigratedDatabase } from '../storage/test-databases.js';
import { Client, KEYS, LOGINS, NO_PASSPHRASE, rankFields, testApp, testAppOn, testRepositoryFiles } from './web-harness.js';

/** Every page ends with a next step (issue 10): the way to vote, to the results, or why there is none. */
describeEachDialect('every election page says what to do next', (dialect) => {
  it('offers a visitor "Log in to vote" while voting runs, and says when results are not published yet', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app } = await testApp(db);
      const visitor = await Client.as(app, null);
      const running = await visitor.get(`/elections/${KEYS.running}`);
      assert.match(running.body, new RegExp(`<a class="button button-primary" href="/login\\?next=%2Fapp%2Felections%2F${KEYS.running}">Log in to vote</a>`));
      for (const client of [visitor, await Client.as(app, LOGINS.voter)]) {
        const path = client === visitor ? `/elections/${KEYS.completed}` : `/app/elections/${KEYS.completed}`;
        assert.match((await client.get(path)).body, /The election officers have not published the results yet\./, path);
      }
      await app.close();
    }));

  it('links published results, and tells a voter who voted without a passphrase what that means', () =>
    withMigratedDatabase(dialect, async (db) => {
      const files = testRepositoryFiles({ 'elections/board/completed/results.md': '# Results of the board election\n\nAda wins.\n' });
      const { app } = await testAppOn(db, files);
      const voter = await Client.as(app, LOGINS.voter);
      const completed = await voter.get(`/app/elections/${KEYS.completed}`);
      assert.match(completed.body, new RegExp(`<a href="/app/elections/${KEYS.completed}/results/">Read the published results</a>`));
      assert.match((await Client.as(app, null).then((c) => c.get(`/elections/${KEYS.completed}`))).body, /Log in to read the results/);
      const results = await voter.get(`/app/elections/${KEYS.completed}/results/`);
      assert.equal([...results.body.matchAll(/<h1[ >]/g)].length, 1, 'one top heading: the published one');

      const cast = await voter.postForm(`/app/elections/${KEYS.running}/vote`, { ...rankFields({ ada: 1, grace: 2 }), ...NO_PASSPHRASE });
      assert.equal(cast.statusCode, 303, cast.body);
      const page = await voter.get(`/app/elections/${KEYS.running}`);
      assert.match(page.body, /You voted without a passphrase, so your ballot counts but nobody can link it to you: it cannot be viewed,\s+changed or withdrawn\./);
      await app.close();
    }));

  it('marks each refused exception field inline, linked from the summary', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app } = await testApp(db);
      const outsider = await Client.as(app, LOGINS.outsider);
      const refused = await outsider.postForm(`/app/elections/${KEYS.running}/exception`, { name: 'Mallory', email: 'nope', description: '' });
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /<a href="#exception-email">Please give a valid email address/);
      assert.match(refused.body, /id="exception-email-error-0"><span class="visually-hidden">Error: <\/span>Please give a valid email address/);
      assert.match(refused.body, /id="exception-email"[^>]*aria-invalid="true" aria-describedby="exception-email-error-0"/);
      assert.match(refused.body, /id="exception-description"[^>]*aria-invalid="true"/);
      assert.doesNotMatch(refused.body, /id="exception-name"[^>]*aria-invalid/);
      await app.close();
    }));
});
