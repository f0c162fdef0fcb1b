import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDialect, withMigratedDatabase } from '../storage/test-databases.js';
import { Client, KEYS, LOGINS, rankFields, testApp } from './web-harness.js';

const running = `/app/elections/${KEYS.running}`;

describeEachDialect('a voter casts, views, changes and withdraws a ballot', (dialect) => {
  it('goes through the whole flow with a passphrase', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app } = await testApp(db);
      const voter = await Client.as(app, LOGINS.voter);
      const page = await voter.get(running);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Eligible/);
      assert.equal((await voter.get(`${running}/vote`)).statusCode, 200);

      const cast = await voter.postForm(`${running}/vote`, { ...rankFields({ ada: 1, grace: 2 }), passphrase: 'secret phrase', passphrase_confirmation: 'secret phrase' });
      assert.equal(cast.statusCode, 303, cast.body);
      assert.equal(cast.headers.location, `${running}/confirmation`);
      assert.equal((await voter.get(`${running}/confirmation`)).statusCode, 200);

      const view = await voter.postForm(`${running}/vote/view`, { passphrase: 'secret phrase' });
      assert.equal(view.statusCode, 200, view.body);
      assert.match(view.body, /Candidate ada/);
      assert.match(view.body, /No opinion/);

      const wrong = await voter.postForm(`${running}/vote/view`, { passphrase: 'wrong phrase' });
      assert.equal(wrong.statusCode, 403);
      assert.match(wrong.body, /<h1>Board election \(running\)<\/h1>/, 'a wrong passphrase leads back to the election page');
      assert.match(wrong.body, /id="manage-passphrase-error"[^>]*>.*That passphrase does not open your ballot/s, 'with the error at the passphrase field');
      assert.match(wrong.body, /aria-invalid="true" aria-describedby="manage-passphrase-error"/);

      const changed = await voter.postForm(`${running}/vote/edit`, { ...rankFields({ linus: 1 , ada: 2 }), passphrase: 'secret phrase', action: 'change' });
      assert.equal(changed.statusCode, 303, changed.body);
      assert.equal(changed.headers.location, `${running}/confirmation?changed=1`);
      assert.match((await voter.get(changed.headers.location)).body, /<h1>Your ballot is changed<\/h1>/);
      const ballots = await db.selectFrom('ballot').select(['candidate', 'rank']).orderBy('candidate').execute();
      assert.deepEqual(ballots.map((b) => [b.candidate, Number(b.rank)]), [['ada', 2], ['grace', 100000000], ['linus', 1]]);

      const asked = await voter.postForm(`${running}/vote/edit`, { passphrase: 'secret phrase', action: 'withdraw' });
      assert.equal(asked.statusCode, 200, asked.body);
      assert.match(asked.body, /Withdraw your ballot\?.*This cannot be undone/s, 'withdrawing is confirmed first');
      assert.equal(asked.headers['cache-control'], 'no-store');
      assert.equal((await db.selectFrom('voter').select('id').execute()).length, 1, 'nothing is withdrawn before the confirmation');
      const withdrawn = await voter.postForm(`${running}/vote/edit`, { passphrase: 'secret phrase', action: 'withdraw', confirmed: 'yes' });
      assert.equal(withdrawn.statusCode, 200, withdrawn.body);
      assert.match(withdrawn.body, /Your ballot is withdrawn/);
      assert.equal((await db.selectFrom('ballot').select('id').execute()).length, 0);
      assert.equal((await db.selectFrom('voter').select('id').execute()).length, 0);
      await app.close();
    }));
});
