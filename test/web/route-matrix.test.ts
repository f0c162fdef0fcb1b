// Every route of SPEC §6 that exists (the officer console's read-only ones included; computing
// results and the webhook have tests of their own), for every kind of user, in every election
// state: the exact HTTP status, and nothing stored by a refused POST. The expectations are written out
// as literal tables, so that they state the rules of SPEC §5, §6 and §9 independently of
// src/core/policy.ts, which the routes consult.
//
// The rows run in order against one app per database, and some succeed (an exception request
// is filed, a ballot is cast): the rows that change something come after those they would
// otherwise affect, and later rows say what the change implies.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/storage/schema.js';
import { describeEachDialect } from '../storage/test-databases.js';
import { Client, countRows, KEYS, LOGINS, NO_PASSPHRASE, openTestDatabase, rankFields, testApp, type ElectionStateKey } from './web-harness.js';

const ROLES = ['anonymous', 'outsider', 'voter', 'voted', 'officer'] as const;
type Role = (typeof ROLES)[number];

/** Who plays each role: an eligible voter before voting, and one who voted in the running election. */
const LOGIN_OF: Record<Role, string | null> = {
  anonymous: null,
  outsider: LOGINS.outsider,
  voter: LOGINS.voter,
  voted: LOGINS.voter2,
  officer: LOGINS.officer,
};

const STATES = ['upcoming', 'running', 'completed', 'invalid'] as const satisfies readonly ElectionStateKey[];
type PerState = readonly [upcoming: number, running: number, completed: number, invalid: number];

/** The passphrase of the ballot `voted` casts in the running election before the matrix runs. */
const PASSPHRASE = 'dave passphrase';

type Body = Record<string, string>;
const ballot: Body = { ...rankFields({ ada: 1, grace: 2 }), ...NO_PASSPHRASE };
const exceptionRequest: Body = { name: 'Someone', email: 'someone@example.org', description: 'I review pull requests.' };

interface SiteRow {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly body?: Body;
  readonly expect: Record<Role, number>;
}

/** `:eid` in `url` stands for each state's election. */
interface ElectionRow {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly body?: Body;
  readonly note?: string;
  readonly expect: Record<Role, PerState>;
}

const same = (status: number): PerState => [status, status, status, status];
const everyone = (status: number): Record<Role, number> => ({ anonymous: status, outsider: status, voter: status, voted: status, officer: status });
const loggedIn = (anonymous: number, others: number): Record<Role, number> => ({ anonymous, outsider: others, voter: others, voted: others, officer: others });
const inApp = (perState: PerState): Record<Role, PerState> => ({
  anonymous: same(302),
  outsider: perState,
  voter: perState,
  voted: perState,
  officer: perState,
});

/** The officer console: visitors are sent to log in, everyone but the election's officers refused. */
const officersOnly = (officer: PerState): Record<Role, PerState> => ({
  anonymous: same(302),
  outsider: same(403),
  voter: same(403),
  voted: same(403),
  officer,
});

const SITE_ROUTES: readonly SiteRow[] = [
  { method: 'GET', url: '/', expect: everyone(302) },
  { method: 'GET', url: '/elections', expect: everyone(200) },
  { method: 'GET', url: '/elections?status=upcoming', expect: everyone(200) },
  { method: 'GET', url: '/elections?status=running', expect: everyone(200) },
  { method: 'GET', url: '/elections?status=completed', expect: everyone(200) },
  { method: 'GET', url: '/elections?status=everything', expect: everyone(400) },
  { method: 'GET', url: '/login', expect: loggedIn(200, 302) },
  { method: 'GET', url: '/app', expect: loggedIn(302, 200) },
  { method: 'GET', url: '/app/elections', expect: loggedIn(302, 200) },
  { method: 'GET', url: '/app/elections?status=running', expect: loggedIn(302, 200) },
  { method: 'GET', url: '/app/elections?status=everything', expect: loggedIn(302, 400) },
  { method: 'GET', url: '/health', expect: everyone(200) },
  { method: 'GET', url: '/logout', expect: everyone(404) },
  { method: 'GET', url: '/elections/board---unknown', expect: everyone(404) },
  { method: 'GET', url: '/elections/..%2F..%2Fpackage.json', expect: everyone(404) },
  { method: 'GET', url: '/elections/board---unknown/candidates/ada', expect: everyone(404) },
  { method: 'GET', url: '/app/elections/board---unknown', expect: loggedIn(302, 404) },
  { method: 'GET', url: '/app/elections/board---unknown/vote', expect: loggedIn(302, 404) },
  { method: 'POST', url: '/app/elections/board---unknown/vote', body: ballot, expect: loggedIn(401, 404) },
  { method: 'POST', url: '/app/elections/board---unknown/exception', body: exceptionRequest, expect: loggedIn(401, 404) },
];

const ELECTION_ROUTES: readonly ElectionRow[] = [
  { method: 'GET', url: '/elections/:eid', expect: { anonymous: same(200), outsider: same(200), voter: same(200), voted: same(200), officer: same(200) } },
  {
    method: 'GET',
    url: '/elections/:eid/candidates/ada',
    note: 'a broken election shows no candidates',
    expect: { anonymous: [200, 200, 200, 404], outsider: [200, 200, 200, 404], voter: [200, 200, 200, 404], voted: [200, 200, 200, 404], officer: [200, 200, 200, 404] },
  },
  { method: 'GET', url: '/elections/:eid/candidates/nobody', expect: { anonymous: same(404), outsider: same(404), voter: same(404), voted: same(404), officer: same(404) } },
  { method: 'GET', url: '/app/elections/:eid', expect: inApp(same(200)) },
  { method: 'GET', url: '/app/elections/:eid/candidates/ada', expect: inApp([200, 200, 200, 404]) },
  { method: 'GET', url: '/app/elections/:eid/candidates/nobody', expect: inApp(same(404)) },
  {
    method: 'GET',
    url: '/app/elections/:eid/vote',
    expect: {
      anonymous: same(302),
      outsider: [403, 403, 403, 409],
      voter: [409, 200, 409, 409],
      voted: [409, 409, 409, 409],
      officer: [403, 403, 403, 409],
    },
  },
  {
    method: 'GET',
    url: '/app/elections/:eid/confirmation',
    expect: { anonymous: same(302), outsider: same(409), voter: same(409), voted: [409, 200, 409, 409], officer: same(409) },
  },
  { method: 'GET', url: '/app/elections/:eid/results/', expect: inApp([409, 409, 200, 409]) },
  { method: 'GET', url: '/app/elections/:eid/admin/', expect: officersOnly(same(200)) },
  { method: 'GET', url: '/app/elections/:eid/admin/results', expect: officersOnly(same(200)) },
  { method: 'GET', url: '/app/elections/:eid/admin/download', note: 'after the end', expect: officersOnly([409, 409, 200, 409]) },
  { method: 'GET', url: '/app/elections/:eid/admin/results.json', note: 'no count stored', expect: officersOnly(same(404)) },
  { method: 'GET', url: '/app/elections/:eid/admin/stages.csv', note: 'no count stored', expect: officersOnly(same(404)) },
  { method: 'GET', url: '/app/elections/:eid/admin/results.md', note: 'no count stored', expect: officersOnly(same(404)) },
  { method: 'GET', url: '/app/elections/:eid/admin/exception/999999', expect: officersOnly(same(404)) },
  {
    method: 'POST',
    url: '/app/elections/:eid/admin/exception/999999',
    body: { reviewed: 'true' },
    expect: { anonymous: same(401), outsider: same(403), voter: same(403), voted: same(403), officer: same(404) },
  },
  {
    method: 'GET',
    url: '/app/elections/:eid/exception',
    note: 'exceptions are due a day before the end',
    expect: { anonymous: same(302), outsider: [200, 200, 409, 409], voter: same(409), voted: same(409), officer: [200, 200, 409, 409] },
  },
  {
    method: 'POST',
    url: '/app/elections/:eid/vote/view',
    body: { passphrase: PASSPHRASE },
    expect: {
      anonymous: same(401),
      outsider: [403, 403, 403, 409],
      voter: same(409),
      voted: [409, 200, 409, 409],
      officer: [403, 403, 403, 409],
    },
  },
  {
    method: 'POST',
    url: '/app/elections/:eid/vote/edit',
    body: { passphrase: PASSPHRASE, action: 'form' },
    expect: {
      anonymous: same(401),
      outsider: [403, 403, 403, 409],
      voter: same(409),
      voted: [409, 200, 409, 409],
      officer: [403, 403, 403, 409],
    },
  },
  {
    method: 'POST',
    url: '/app/elections/:eid/vote/edit',
    body: { ...rankFields({ linus: 1 }), passphrase: 'not the passphrase', action: 'change' },
    note: 'a wrong passphrase changes nothing',
    expect: {
      anonymous: same(401),
      outsider: [403, 403, 403, 409],
      voter: same(409),
      voted: [409, 403, 409, 409],
      officer: [403, 403, 403, 409],
    },
  },
  {
    method: 'POST',
    url: '/app/elections/:eid/exception',
    body: exceptionRequest,
    note: 'files a request where allowed',
    expect: { anonymous: same(401), outsider: [201, 201, 409, 409], voter: same(409), voted: same(409), officer: [201, 201, 409, 409] },
  },
  {
    method: 'POST',
    url: '/app/elections/:eid/exception',
    body: exceptionRequest,
    note: 'one request per user and election',
    expect: { anonymous: same(401), outsider: same(409), voter: same(409), voted: same(409), officer: same(409) },
  },
  {
    method: 'GET',
    url: '/app/elections/:eid/exception',
    note: 'once requested',
    expect: { anonymous: same(302), outsider: same(409), voter: same(409), voted: same(409), officer: same(409) },
  },
  {
    method: 'POST',
    url: '/app/elections/:eid/vote',
    body: ballot,
    note: 'casts where allowed',
    expect: {
      anonymous: same(401),
      outsider: [403, 403, 403, 409],
      voter: [409, 303, 409, 409],
      voted: same(409),
      officer: [403, 403, 403, 409],
    },
  },
  {
    method: 'GET',
    url: '/app/elections/:eid/confirmation',
    note: 'once cast',
    expect: { anonymous: same(302), outsider: same(409), voter: [409, 200, 409, 409], voted: [409, 200, 409, 409], officer: same(409) },
  },
  {
    method: 'GET',
    url: '/app/elections/:eid/vote',
    note: 'once cast',
    expect: { anonymous: same(302), outsider: [403, 403, 403, 409], voter: same(409), voted: same(409), officer: [403, 403, 403, 409] },
  },
];

describeEachDialect('the route × role × election state matrix', (dialect) => {
  let close: () => Promise<void>;
  let db: Kysely<Database>;
  let web: FastifyInstance;
  const clients = new Map<Role, { client: Client; csrf: string }>();

  before(async () => {
    ({ db, close } = await openTestDatabase(dialect));
    ({ app: web } = await testApp(db));
    for (const role of ROLES) {
      const client = await Client.as(web, LOGIN_OF[role]);
      clients.set(role, { client, csrf: await client.csrfToken() });
    }
    const voted = clientOf('voted');
    const cast = await voted.client.postForm(`/app/elections/${KEYS.running}/vote`, {
      ...ballot,
      passphrase_choice: 'set',
      passphrase: PASSPHRASE,
      passphrase_confirmation: PASSPHRASE,
      _csrf: voted.csrf,
    });
    assert.equal(cast.statusCode, 303, cast.body);
  });

  after(async () => {
    await web?.close();
    await close?.();
  });

  function clientOf(role: Role) {
    const entry = clients.get(role);
    if (!entry) throw new Error(`no client for ${role}`);
    return entry;
  }

  /** Sends one request as `role` and answers its status. */
  async function send(role: Role, method: 'GET' | 'POST', url: string, body: Body | undefined): Promise<number> {
    const { client, csrf } = clientOf(role);
    const response = method === 'GET' ? await client.get(url) : await client.postForm(url, { ...body, _csrf: csrf });
    return response.statusCode;
  }

  /**
   * Sends every cell of a row at once (the cells of a row do not depend on each other), and
   * for a POST row checks that the rows stored are exactly those of the cells that succeeded:
   * a 201 files one exception request, a 303 casts one ballot (a voter and three ballot rows).
   * No route of the matrix deletes anything, so an unchanged total means that every refused
   * cell stored nothing.
   */
  async function runRow(
    method: 'GET' | 'POST',
    cells: readonly { role: Role; key: string; url: string; body: Body | undefined }[],
  ): Promise<Map<string, number>> {
    const before = method === 'POST' ? await countRows(db) : undefined;
    const statuses = await Promise.all(cells.map((cell) => send(cell.role, method, cell.url, cell.body)));
    const byCell = new Map(cells.map((cell, i) => [`${cell.role} ${cell.key}`, statuses[i] ?? 0]));
    if (before) {
      const filed = statuses.filter((status) => status === 201).length;
      const cast = statuses.filter((status) => status === 303).length;
      const expected = { voter: before.voter + cast, ballot: before.ballot + 3 * cast, request: before.request + filed };
      assert.deepEqual(await countRows(db), expected, `refused ${method} requests stored something: ${JSON.stringify([...byCell])}`);
    }
    return byCell;
  }

  for (const row of SITE_ROUTES) {
    it(`answers ${row.method} ${row.url} with the expected status for every role`, async () => {
      const statuses = await runRow(row.method, ROLES.map((role) => ({ role, key: '', url: row.url, body: row.body })));
      const actual = Object.fromEntries(ROLES.map((role) => [role, statuses.get(`${role} `)]));
      assert.deepEqual(actual, row.expect);
    });
  }

  for (const row of ELECTION_ROUTES) {
    const title = `${row.method} ${row.url}${row.note ? ` (${row.note})` : ''}`;
    it(`answers ${title} with the expected status for every role and state`, async () => {
      const cells = ROLES.flatMap((role) => STATES.map((state) => ({ role, key: state, url: row.url.replace(':eid', KEYS[state]), body: row.body })));
      const statuses = await runRow(row.method, cells);
      const actual = Object.fromEntries(ROLES.map((role) => [role, STATES.map((state) => statuses.get(`${role} ${state}`))]));
      assert.deepEqual(actual, row.expect);
    });
  }
});
