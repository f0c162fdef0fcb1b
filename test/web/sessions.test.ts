// SPEC §16 "Sessions": a new session at login (the old one deleted), CSRF tokens bound to the
// server-side session, a single-use OAuth state, a 4xx page offering to log in again after
// any failed OAuth callback, and the idle and absolute lifetimes of a login.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/storage/schema.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { authorize, callbackPath, logInWithGitHub, startGitHubLogin } from '../support/github-login.js';
import { fakeGitHubEnv } from '../support/production-config.js';
import { describeEachDialect } from '../storage/test-databases.js';
import { Client, LOGINS, NOW, openTestDatabase, testApp } from './web-harness.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function sessionCookie(response: LightMyRequestResponse): string {
  const value = response.cookies.find((c) => c.name === 'elekto_session')?.value;
  assert.ok(value, 'a session cookie is set');
  return value;
}

async function sessionIds(db: Kysely<Database>): Promise<string[]> {
  return (await db.selectFrom('session').select('id').execute()).map((row) => row.id);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A page that offers to log in again (with GitHub), as the login page does. */
function assertOffersLogin(response: LightMyRequestResponse): void {
  assert.match(response.body, /<form method="post" action="\/oauth\/github\/login">/);
}

describeEachDialect('sessions and the OAuth callback', (dialect) => {
  let close: () => Promise<void>;
  let db: Kysely<Database>;
  let github: FakeGitHub;
  let app: FastifyInstance;
  let now = NOW;

  before(async () => {
    ({ db, close } = await openTestDatabase(dialect));
    github = await startFakeGitHub({ users: { carol: 'Carol', dave: 'Dave' } });
    ({ app } = await testApp(db, { env: fakeGitHubEnv(github), clock: () => now }));
  });

  beforeEach(() => {
    now = NOW;
    github.reset();
  });

  after(async () => {
    await app?.close();
    await github?.close();
    await close?.();
  });

  it('gives a new session at login and deletes the one the browser came with', async () => {
    const browser = await Client.as(app, LOGINS.voter);
    const before = /elekto_session=([^;]+)/.exec(browser.cookieHeader)?.[1];
    assert.ok(before && (await sessionIds(db)).includes(sha256(before)));

    const again = await browser.postForm('/login/development', { username: LOGINS.voter2, next: '/app' });
    assert.equal(again.statusCode, 303);
    const after = sessionCookie(again);
    assert.notEqual(after, before);
    assert.ok(!(await sessionIds(db)).includes(sha256(before)), 'the old row is deleted');
    const old = await app.inject({ method: 'GET', url: '/app', headers: { cookie: `elekto_session=${before}` } });
    assert.equal(old.statusCode, 302, 'the old session no longer logs anyone in');
    assert.match((await browser.get('/app')).body, new RegExp(LOGINS.voter2, 'i'));
  });

  it("refuses a CSRF token of another session, of the same user's earlier session, or of a visitor's cookie", async () => {
    const carol = await Client.as(app, LOGINS.voter);
    const carolToken = await carol.csrfToken();
    const dave = await Client.as(app, LOGINS.voter2);
    assert.equal((await dave.postForm('/logout', { _csrf: carolToken })).statusCode, 403, "carol's token in dave's session");

    // Someone who can plant cookies plants their own visitor secret and sends its token.
    const visitor = new Client(app);
    const visitorToken = await visitor.csrfToken();
    const planted = `${carol.cookieHeader}; ${visitor.cookieHeader}`;
    const forged = await app.inject({
      method: 'POST',
      url: '/logout',
      headers: { cookie: planted, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(visitorToken)}`,
    });
    assert.equal(forged.statusCode, 403, "a visitor's token in carol's session");

    assert.equal((await carol.postForm('/logout', { _csrf: carolToken })).statusCode, 303);
    const carolAgain = await Client.as(app, LOGINS.voter);
    assert.equal((await carolAgain.postForm('/logout', { _csrf: carolToken })).statusCode, 403, 'a token of the ended session');
    assert.equal((await carolAgain.postForm('/logout', {})).statusCode, 303, "the new session's own token works");
  });

  it('accepts an OAuth state once: a second callback with it fails before asking GitHub', async () => {
    const browser = new Client(app);
    const { authorizeUrl, callback } = await startGitHubLogin(browser, github, 'carol');
    const withStateCookie = browser.cookieHeader;
    assert.equal((await browser.get(callbackPath(callback))).statusCode, 303);

    // GitHub gives a new code for the same state; the cookie is replayed with it.
    const replay = await authorize(github, authorizeUrl, 'carol');
    assert.equal(replay.searchParams.get('state'), callback.searchParams.get('state'));
    const exchanges = github.requestsTo('/login/oauth/access_token').length;
    const replayed = await app.inject({ method: 'GET', url: callbackPath(replay), headers: { cookie: withStateCookie } });
    assert.equal(replayed.statusCode, 400);
    assertOffersLogin(replayed);
    assert.equal(github.requestsTo('/login/oauth/access_token').length, exchanges, 'the code was not exchanged');
    assert.equal(replayed.cookies.find((c) => c.name === 'elekto_session'), undefined);
  });

  it('answers a failed callback with a 4xx page that offers to log in again', async () => {
    github.failure = 'deny';
    const denied = await logInWithGitHub(new Client(app), github, 'carol');
    assert.equal(denied.statusCode, 403);
    assertOffersLogin(denied);

    github.failure = 'token-500';
    const down = await logInWithGitHub(new Client(app), github, 'carol');
    assert.equal(down.statusCode, 400, 'GitHub failing is not a 5xx of ours');
    assertOffersLogin(down);

    github.reset();
    const browser = new Client(app);
    const { callback } = await startGitHubLogin(browser, github, 'carol');
    const state = callback.searchParams.get('state') ?? '';
    const misconfigured = await browser.get(`${callback.pathname}?error=redirect_uri_mismatch&state=${encodeURIComponent(state)}`);
    assert.equal(misconfigured.statusCode, 400);
    assertOffersLogin(misconfigured);
  });

  it('ends a login after 2 hours without a request', async () => {
    const carol = await Client.as(app, LOGINS.voter);
    now = new Date(NOW.getTime() + 2 * HOUR - MINUTE);
    assert.equal((await carol.get('/app')).statusCode, 200, 'active within 2 hours');
    now = new Date(now.getTime() + 2 * HOUR - MINUTE);
    assert.equal((await carol.get('/app')).statusCode, 200, 'each request moves the idle deadline');
    now = new Date(now.getTime() + 2 * HOUR + MINUTE);
    assert.equal((await carol.get('/app')).statusCode, 302, 'idle for over 2 hours');
  });

  it('ends a login 8 hours after it began, however active', async () => {
    const carol = await Client.as(app, LOGINS.voter);
    for (let minutes = 90; minutes < 8 * 60; minutes += 90) {
      now = new Date(NOW.getTime() + minutes * MINUTE);
      assert.equal((await carol.get('/app')).statusCode, 200, `after ${minutes} minutes`);
    }
    now = new Date(NOW.getTime() + 8 * HOUR + MINUTE);
    assert.equal((await carol.get('/app')).statusCode, 302);
  });
});
