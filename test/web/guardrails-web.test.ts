import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/storage/schema.js';
import { describeEachDialect, withMigratedDatabase } from '../storage/test-databases.js';
import { ADMIN, officerTestFiles, seedRequest } from './officer-fixtures.js';
import { Client, KEYS, LOGINS, NOW, rankFields, testAppOn } from './web-harness.js';

/** A candidates-changed warning on the running election, as a sync records it. */
async function candidatesChanged(db: Kysely<Database>, electionId: number): Promise<void> {
  await db
    .insertInto('guardrail_warning')
    .values({
      election_id: electionId,
      kind: 'candidates-changed',
      subject: 'ada,grace,linus → ada,grace,hopper',
      message: 'candidates changed after voting started: added hopper; removed linus',
      advice: 'Voting is paused until the candidates are restored',
      file: 'elections/board/running/candidate-hopper.md',
      line: 1,
      commit: 'c0ffee0000000000000000000000000000000000',
      created_at: NOW,
    })
    .execute();
}

describeEachDialect('guardrail warnings on the web', (dialect) => {
  it('pause voting and counting, show first on the console, on /health and on the dashboard', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app, view } = await testAppOn(db, officerTestFiles());
      const id = view.electionIds.get(KEYS.running);
      assert.ok(id !== undefined);
      await candidatesChanged(db, id);
      await seedRequest(db, view, KEYS.running, LOGINS.outsider);

      const carol = await Client.as(app, LOGINS.voter);
      const refused = await carol.postForm(`/app/elections/${KEYS.running}/vote`, rankFields({ ada: 1 }));
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /Voting is paused: the candidates changed after voting started/);
      assert.doesNotMatch((await carol.get(`/app/elections/${KEYS.running}`)).body, />Vote<\/a>/);
      assert.equal((await db.selectFrom('voter').select('id').execute()).length, 0);

      const alice = await Client.as(app, LOGINS.officer);
      const console = (await alice.get(`${ADMIN(KEYS.running)}/`)).body;
      const main = console.slice(console.indexOf('<main'));
      assert.ok(main.indexOf('id="guardrails"') < main.indexOf('id="window"'), 'the warnings come before everything else');
      assert.match(console, /Unsafe changes to this election \(1\)/);
      assert.match(console, /What to do: Voting is paused until the candidates are restored\./);
      assert.match(console, /<code>elections\/board\/running\/candidate-hopper.md:1<\/code>, commit <code>c0ffee000000<\/code>/);

      const health = await app.inject({ method: 'GET', url: '/health' });
      assert.equal(health.statusCode, 200, 'a warning never makes the service unhealthy');
      assert.deepEqual(health.json().guardrails, [
        {
          election: KEYS.running,
          kind: 'candidates-changed',
          message: 'candidates changed after voting started: added hopper; removed linus',
          file: 'elections/board/running/candidate-hopper.md',
          line: 1,
          commit: 'c0ffee0000000000000000000000000000000000',
          since: NOW.toISOString(),
        },
      ]);

      const dashboard = (await alice.get('/app')).body;
      assert.match(dashboard, /<h2 id="you-run">Elections you run<\/h2>/);
      assert.match(dashboard, /Board election \(running\)<\/a><\/h3><p class="meta"><span class="badge badge-running">Running<\/span><\/p><p>Next: undo or accept 1 unsafe change; review 1 exception request\.<\/p>/);
      assert.match(dashboard, /Board election \(completed\)<\/a><\/h3>.*?<p>Next: compute results\.<\/p>/);
      assert.doesNotMatch(dashboard, /Other board/, 'only the elections the user runs');
      assert.doesNotMatch((await carol.get('/app')).body, /Elections you run/);
      await app.close();
    }));
});
