import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDialect, withMigratedDatabase } from '../storage/test-databases.js';
import { Client, countRows, KEYS, LOGINS, NO_PASSPHRASE, NOW, rankFields, selectedRanks, testApp } from './web-harness.js';

const running = `/app/elections/${KEYS.running}`;
/** Longer than a login lasts without a request (2 hours). */
const LATER = new Date(NOW.getTime() + 3 * 3600_000);
const EXPIRED = /Your login expired, so nothing was saved\. Log in again; your ranking is kept below/;

/** The `next` of the page's "Log in again" link. */
function loginNext(html: string): string {
  const href = /<a class="button button-primary" href="\/login\?next=([^"]+)">Log in again<\/a>/.exec(html)?.[1];
  assert.ok(href, 'a "Log in again" link');
  return decodeURIComponent(href);
}

/** A ballot sent after the login expired (issue 10): 401, nothing stored, the ranking kept across a new login. */
describeEachDialect('a ballot sent after the login expired', (dialect) => {
  it('stores nothing, shows the ranking, and logging in again leads to the form pre-filled', () =>
    withMigratedDatabase(dialect, async (db) => {
      let now = NOW;
      const { app } = await testApp(db, { clock: () => now });
      const carol = await Client.as(app, LOGINS.voter);
      const token = await carol.csrfToken();
      now = LATER;
      const sent = await carol.postForm(`${running}/vote`, { ...rankFields({ ada: 2, grace: 1 }), ...NO_PASSPHRASE, _csrf: token });
      assert.equal(sent.statusCode, 401, sent.body);
      assert.match(sent.body, EXPIRED);
      assert.match(sent.body, /<span class="rank">1\.<\/span> Candidate grace<\/li><li><span class="rank">2\.<\/span> Candidate ada<\/li>/);
      assert.equal(sent.headers['cache-control'], 'no-store');
      assert.deepEqual(await countRows(db), { voter: 0, ballot: 0, request: 0 });

      const next = loginNext(sent.body);
      assert.equal(next, `${running}/vote?rank%3Aada=2&rank%3Agrace=1`);
      const login = await carol.postForm('/login/development', { username: LOGINS.voter, next });
      assert.equal(login.headers.location, next);
      const form = await carol.get(next);
      assert.equal(form.statusCode, 200);
      assert.deepEqual(selectedRanks(form.body), { ada: '2', grace: '1', linus: '' });
      assert.deepEqual(await countRows(db), { voter: 0, ballot: 0, request: 0 }, 'coming back casts nothing');
      await app.close();
    }));

  it('keeps a new ranking of a change, refuses other expired edits plainly, and pre-fills only valid ranks', () =>
    withMigratedDatabase(dialect, async (db) => {
      let now = NOW;
      const { app } = await testApp(db, { clock: () => now });
      const dave = await Client.as(app, LOGINS.voter2);
      const passphrase = { passphrase: 'correct horse', passphrase_confirmation: 'correct horse' };
      assert.equal((await dave.postForm(`${running}/vote`, { ...rankFields({ ada: 1, grace: 2, linus: 3 }), ...passphrase })).statusCode, 303);
      const token = await dave.csrfToken();
      const stored = await countRows(db);
      now = LATER;
      const change = await dave.postForm(`${running}/vote/edit`, { ...rankFields({ linus: 1 }), action: 'change', passphrase: 'correct horse', _csrf: token });
      assert.equal(change.statusCode, 401);
      assert.match(change.body, /Log in again; your ranking is kept below: open your ballot with your passphrase and rank again\./);
      assert.match(change.body, /<span class="rank">1\.<\/span> Candidate linus<\/li>/);
      assert.doesNotMatch(change.body, /correct horse/, 'the passphrase is never sent back');
      assert.equal(loginNext(change.body), running);
      const withdraw = await dave.postForm(`${running}/vote/edit`, { action: 'withdraw', confirmed: 'yes', passphrase: 'correct horse', _csrf: token });
      assert.equal(withdraw.statusCode, 401);
      assert.match(withdraw.body, /Please log in first\./);
      assert.deepEqual(await countRows(db), stored, 'the ballot is neither changed nor withdrawn');

      now = NOW;
      const carol = await Client.as(app, LOGINS.voter);
      const tampered = await carol.get(`${running}/vote?rank%3Aada=9&rank%3Agrace=0&rank%3Alinus=1&rank%3Azed=1`);
      assert.deepEqual(selectedRanks(tampered.body), { ada: '', grace: '', linus: '1' });
      await app.close();
    }));
});
