import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDialect, withMigratedDatabase } from '../storage/test-databases.js';
import { ADMIN, completedYaml, officerTestFiles, OTHER, OTHER_OFFICER, seedRequest } from './officer-fixtures.js';
import { Client, KEYS, LOGINS, testAppOn } from './web-harness.js';

/** Every admin route of an election, with the fields a POST sends. */
function adminRoutes(key: string, requestId: number) {
  return [
    { method: 'GET', url: `${ADMIN(key)}/` },
    { method: 'GET', url: `${ADMIN(key)}/exception/${requestId}` },
    { method: 'POST', url: `${ADMIN(key)}/exception/${requestId}`, fields: { decision: 'approved' } },
    { method: 'GET', url: `${ADMIN(key)}/results` },
    { method: 'POST', url: `${ADMIN(key)}/results`, fields: {} },
    { method: 'GET', url: `${ADMIN(key)}/download` },
  ] as const;
}

async function send(client: Client, route: ReturnType<typeof adminRoutes>[number]) {
  return route.method === 'GET' ? client.get(route.url) : client.postForm(route.url, route.fields);
}

describeEachDialect('officer routes: only the officers of this election', (dialect) => {
  it('refuses visitors, voters and the officers of another election on every admin route, and changes nothing', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app, view } = await testAppOn(db, officerTestFiles());
      const requestId = await seedRequest(db, view, KEYS.completed, LOGINS.outsider);
      const routes = adminRoutes(KEYS.completed, requestId);

      const visitor = await Client.as(app, null);
      for (const route of routes) {
        const response = await send(visitor, route);
        if (route.method === 'GET') {
          assert.equal(response.statusCode, 302, `${route.method} ${route.url}`);
          assert.equal(response.headers.location, `/login?next=${encodeURIComponent(route.url)}`);
        } else {
          assert.equal(response.statusCode, 401, `${route.method} ${route.url}`);
        }
      }
      for (const login of [LOGINS.voter, LOGINS.outsider, OTHER_OFFICER]) {
        const client = await Client.as(app, login);
        for (const route of routes) {
          const response = await send(client, route);
          assert.equal(response.statusCode, 403, `${login}: ${route.method} ${route.url}`);
          assert.match(response.body, /Only the officers of this election may do this/);
        }
      }
      const request = await db.selectFrom('request').select('reviewed').where('id', '=', requestId).executeTakeFirstOrThrow();
      assert.equal(request.reviewed, false);
      assert.equal((await db.selectFrom('election_result').select('id').execute()).length, 0);
      await app.close();
    }));

  it('lets an officer in whatever the case of their login, on their elections only', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app } = await testAppOn(db, officerTestFiles());
      const shouting = await Client.as(app, LOGINS.officer.toUpperCase());
      for (const key of [KEYS.upcoming, KEYS.running, KEYS.completed, KEYS.invalid]) {
        assert.equal((await shouting.get(`${ADMIN(key)}/`)).statusCode, 200, key);
        assert.equal((await shouting.get(`${ADMIN(key)}/results`)).statusCode, 200, key);
      }
      assert.equal((await shouting.get(`${ADMIN(OTHER)}/`)).statusCode, 403);
      const olivia = await Client.as(app, OTHER_OFFICER);
      assert.equal((await olivia.get(`${ADMIN(OTHER)}/`)).statusCode, 200);
      assert.equal((await shouting.get(`${ADMIN('board---nope')}/`)).statusCode, 404);
      const page = await shouting.get(`/app/elections/${KEYS.running}`);
      assert.match(page.body, new RegExp(`href="${ADMIN(KEYS.running)}/"`), 'the election page links to the console');
      await app.close();
    }));

  it("answers 404 for another election's exception request, even to an officer of both", () =>
    withMigratedDatabase(dialect, async (db) => {
      const files = officerTestFiles({
        'elections/board/other/election.yaml': completedYaml({
          name: 'Other board',
          election_officers: `\n  - ${OTHER_OFFICER}\n  - ${LOGINS.officer}`,
        }),
      });
      const { app, view } = await testAppOn(db, files);
      const elsewhere = await seedRequest(db, view, OTHER, LOGINS.outsider);
      const alice = await Client.as(app, LOGINS.officer);
      assert.equal((await alice.get(`${ADMIN(OTHER)}/exception/${elsewhere}`)).statusCode, 200);
      assert.equal((await alice.get(`${ADMIN()}/exception/${elsewhere}`)).statusCode, 404);
      assert.equal((await alice.postForm(`${ADMIN()}/exception/${elsewhere}`, { decision: 'approved' })).statusCode, 404);
      for (const id of ['0', '-1', 'abc', '1e3', '99999999999999999999', String(elsewhere + 1000)]) {
        assert.equal((await alice.get(`${ADMIN()}/exception/${id}`)).statusCode, 404, id);
      }
      const request = await db.selectFrom('request').select('reviewed').where('id', '=', elsewhere).executeTakeFirstOrThrow();
      assert.equal(request.reviewed, false, 'the other election’s request was not touched');
      await app.close();
    }));
});
