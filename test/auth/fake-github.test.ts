import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';

// The fake stands in for GitHub in every later test, so what those tests rely on is pinned here.

const CALLBACK = 'http://127.0.0.1:5000/oauth/github/callback';

let github: FakeGitHub;
before(async () => {
  github = await startFakeGitHub({ users: { alice: 'Alice Liddell' } });
});
after(() => github.close());
beforeEach(() => github.reset());

const authorizeUrl = (query: Record<string, string>) =>
  `${github.url}/login/oauth/authorize?${new URLSearchParams({ client_id: github.clientId, redirect_uri: CALLBACK, ...query })}`;

async function codeFor(login: string): Promise<string> {
  github.nextLogin = login;
  const answer = await fetch(authorizeUrl({ state: 's' }), { redirect: 'manual' });
  return new URL(answer.headers.get('location') ?? '').searchParams.get('code') ?? '';
}

const exchange = (fields: Record<string, string>, accept = 'application/json') =>
  fetch(`${github.url}/login/oauth/access_token`, {
    method: 'POST',
    headers: { Accept: accept },
    body: new URLSearchParams({ client_id: github.clientId, client_secret: github.clientSecret, ...fields }),
  });

test('serves the API below /api/v3 on the same origin, as GitHub Enterprise does', () => {
  assert.equal(github.apiUrl, `${github.url}/api/v3`);
  assert.match(github.url, /^http:\/\/127\.0\.0\.1:\d+$/);
});

test('a preset login is used by one authorize request only', async () => {
  github.nextLogin = 'alice';
  const first = await fetch(authorizeUrl({ state: 's' }), { redirect: 'manual' });
  assert.equal(first.status, 302);
  assert.equal(github.nextLogin, undefined);
  const second = await fetch(authorizeUrl({ state: 's' }), { redirect: 'manual' });
  assert.equal(second.status, 200);
});

test('the authorize page escapes what it echoes', async () => {
  const html = await (await fetch(authorizeUrl({ state: '"><script>x</script>' }))).text();
  assert.ok(!html.includes('<script>'));
  assert.match(html, /Sign in as alice/);
});

test('the Cancel button sends the browser back with access_denied and the state', async () => {
  const form = new URLSearchParams({ client_id: github.clientId, redirect_uri: CALLBACK, state: 'st', decision: 'deny' });
  const answer = await fetch(`${github.url}/login/oauth/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  const callback = new URL(answer.headers.get('location') ?? '');
  assert.equal(callback.searchParams.get('error'), 'access_denied');
  assert.equal(callback.searchParams.get('state'), 'st');
});

test('an unknown client id gets no authorize page', async () => {
  const answer = await fetch(authorizeUrl({ client_id: 'other', state: 's' }), { redirect: 'manual' });
  assert.equal(answer.status, 404);
});

test('the token comes form-encoded unless JSON is asked for, as on GitHub', async () => {
  const answer = await exchange({ code: await codeFor('alice') }, '*/*');
  assert.match(answer.headers.get('content-type') ?? '', /x-www-form-urlencoded/);
  assert.match(new URLSearchParams(await answer.text()).get('access_token') ?? '', /^gho_/);
});

test('a code must be exchanged with the redirect_uri it was issued for', async () => {
  const answer = await exchange({ code: await codeFor('alice'), redirect_uri: 'http://elsewhere/callback' });
  assert.equal((await answer.json() as { error: string }).error, 'redirect_uri_mismatch');
});

test('the API accepts the older "token" authorization scheme and refuses unknown tokens', async () => {
  const { access_token: token } = await (await exchange({ code: await codeFor('alice') })).json() as { access_token: string };
  const user = await fetch(`${github.apiUrl}/user`, { headers: { Authorization: `token ${token}` } });
  assert.deepEqual(await user.json(), { login: 'alice', id: 1000, name: 'Alice Liddell' });
  const stranger = await fetch(`${github.apiUrl}/user`, { headers: { Authorization: 'Bearer gho_unknown' } });
  assert.equal(stranger.status, 401);
  assert.equal(github.tokenUses(token), 1);
});

test('reset forgets requests, failures and issued codes', async () => {
  const code = await codeFor('alice');
  github.failure = 'user-500';
  github.reset();
  assert.equal(github.requests.length, 0);
  assert.equal(github.failure, undefined);
  const answer = await exchange({ code });
  assert.equal((await answer.json() as { error: string }).error, 'bad_verification_code');
});
