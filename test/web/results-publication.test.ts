import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDialect, withMigratedDatabase } from '../storage/test-databases.js';
import { ADMIN, officerTestFiles, seedBallots } from './officer-fixtures.js';
import { Client, KEYS, LOGINS, testAppOn } from './web-harness.js';

describeEachDialect('results publication', (dialect) => {
  it('offers a results.md draft once computed, whose hash is that of the ballots download', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app, view } = await testAppOn(db, officerTestFiles());
      const full = { ada: 1, grace: 2, linus: 3 };
      await seedBallots(db, view, KEYS.completed, [full, full, { grace: 1, ada: 2, linus: 3 }]);
      const alice = await Client.as(app, LOGINS.officer);
      const admin = ADMIN(KEYS.completed);
      assert.equal((await alice.get(`${admin}/results.md`)).statusCode, 404, 'no draft before the count');
      assert.doesNotMatch((await alice.get(`${admin}/`)).body, /results.md draft/);
      await alice.postForm(`${admin}/results`, {});
      assert.match((await alice.get(`${admin}/`)).body, /<a href="\/app\/elections\/board---completed\/admin\/results.md" download>Download a results.md draft<\/a>/);

      const draft = await alice.get(`${admin}/results.md`);
      assert.equal(draft.statusCode, 200);
      assert.match(String(draft.headers['content-type']), /^text\/markdown/);
      const { input_hash: hash } = await db.selectFrom('election_result').select('input_hash').executeTakeFirstOrThrow();
      assert.equal(
        draft.body,
        [
          '# Results: Board election (completed)',
          '## Elected (2 of 2 seats)',
          '- Candidate ada (ada)\n- Candidate grace (grace)',
          '## Ranking (Schulze method)',
          '| Position | Candidate | ID | Result |\n| ---: | --- | --- | --- |\n| 1 | Candidate ada | ada | elected |\n| 2 | Candidate grace | grace | elected |\n| 3 | Candidate linus | linus |  |',
          '## Turnout',
          '3 ballots cast of 2 eligible voters (150.0 %).',
          '## Checking the count',
          `Computed 2026-06-15 12:00 UTC from the anonymous ballots, whose CSV (\`board---completed-ballots.csv\`) has the SHA-256 \`${hash}\`. Anyone holding that file can check and recount it:`,
          '```sh\nsha256sum board---completed-ballots.csv\nelekto tally board---completed-ballots.csv --seats 2\n```',
        ].join('\n\n') + '\n',
      );
      await app.close();
    }));

  it('shows turnout on the page of a completed election only', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app, view } = await testAppOn(db, officerTestFiles());
      await seedBallots(db, view, KEYS.completed, [{ ada: 1 }]);
      const completed = await app.inject({ method: 'GET', url: `/elections/${KEYS.completed}` });
      assert.match(completed.body, /Turnout: 1 ballot cast of 2 eligible voters \(50.0 %\)\./);
      const carol = await Client.as(app, LOGINS.voter);
      assert.match((await carol.get(`/app/elections/${KEYS.completed}`)).body, /Turnout: 1 ballot cast/);
      assert.doesNotMatch((await app.inject({ method: 'GET', url: `/elections/${KEYS.running}` })).body, /Turnout/);
      await app.close();
    }));
});
