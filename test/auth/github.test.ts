import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { createGitHubProvider, GITHUB_SCOPE, type GitHubProviderOptions } from '../../src/auth/github.js';
import type { LoginFailureReason, RedirectingProvider } from '../../src/auth/identity-provider.js';
import { generateState } from '../../src/auth/oauth-state.js';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubFailure } from '../support/fake-github.js';

const CALLBACK = 'http://127.0.0.1:5000/oauth/github/callback';

let github: FakeGitHub;
before(async () => {
  github = await startFakeGitHub({ users: { alice: 'Alice Liddell', bob: null }, slowMs: 1000 });
});
after(() => github.close());
beforeEach(() => github.reset());

function provider(overrides: Partial<GitHubProviderOptions> = {}): RedirectingProvider {
  const created = createGitHubProvider({
    clientId: github.clientId,
    clientSecret: github.clientSecret,
    redirectUri: CALLBACK,
    githubUrl: github.url,
    apiUrl: github.apiUrl,
    timeoutMs: 2000,
    ...overrides,
  });
  assert.ok(created.ok, created.ok ? '' : created.error.join('\n'));
  return created.value;
}

/** The authorization URL, which a forge provider always knows. */
async function authUrl(oauth: RedirectingProvider, state: string): Promise<string> {
  const url = await oauth.authorizationUrl(state);
  assert.ok(url.ok);
  return url.value;
}

/** What a browser does: open the authorize URL and stop at GitHub's redirect to our callback. */
async function authorize(url: string): Promise<URL> {
  const response = await fetch(url, { redirect: 'manual' });
  assert.equal(response.status, 302, `authorize answered ${response.status}`);
  const location = new URL(response.headers.get('location') ?? '');
  assert.equal(`${location.origin}${location.pathname}`, CALLBACK);
  return location;
}

/** The whole flow as the web layer runs it, with `login` preset on the fake. */
async function logIn(oauth = provider(), login = 'alice') {
  const state = generateState();
  github.nextLogin = login;
  const callback = await authorize(await authUrl(oauth, state));
  return oauth.completeLogin({ fields: Object.fromEntries(callback.searchParams), expectedState: state });
}

function expectFailure(result: Awaited<ReturnType<typeof logIn>>, reason: LoginFailureReason, detail?: RegExp) {
  assert.equal(result.ok, false, 'the login should have failed');
  if (result.ok) return;
  assert.equal(result.error.reason, reason, result.error.detail);
  assert.match(result.error.message, /\.$/);
  if (detail) assert.match(result.error.detail, detail);
}

describe('the authorization URL', () => {
  test('points at GITHUB_URL with the client id, callback, Elekto 0.6 scope and state', async () => {
    const url = new URL(await authUrl(provider(), 'the-state'));
    assert.equal(`${url.origin}${url.pathname}`, `${github.url}/login/oauth/authorize`);
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      response_type: 'code',
      client_id: github.clientId,
      redirect_uri: CALLBACK,
      scope: 'user:login,name',
      state: 'the-state',
      code_challenge: url.searchParams.get('code_challenge'),
      code_challenge_method: 'S256',
    });
    assert.match(url.searchParams.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.equal(GITHUB_SCOPE, 'user:login,name');
  });

  test('never carries the client secret', async () => {
    assert.ok(!(await authUrl(provider(), 's')).includes(github.clientSecret));
  });

  test('works with a trailing slash on GITHUB_URL', async () => {
    const url = new URL(await authUrl(provider({ githubUrl: `${github.url}/` }), 's'));
    assert.equal(url.pathname, '/login/oauth/authorize');
  });
});

describe('a successful login', () => {
  test('returns the GitHub login and name', async () => {
    assert.deepEqual(await logIn(), { ok: true, value: { login: 'alice', name: 'Alice Liddell' } });
  });

  test('returns a null name for a user without one', async () => {
    assert.deepEqual(await logIn(provider(), 'bob'), { ok: true, value: { login: 'bob', name: null } });
  });

  test('exchanges the code once, with the client secret, asking for JSON', async () => {
    await logIn();
    const [exchange, ...more] = github.requestsTo('/login/oauth/access_token');
    assert.equal(more.length, 0);
    assert.equal(exchange?.body.client_id, github.clientId);
    assert.equal(exchange?.body.client_secret, github.clientSecret);
    assert.equal(exchange?.body.redirect_uri, CALLBACK);
    assert.match(exchange?.headers.accept ?? '', /application\/json/);
  });

  test('uses the access token exactly once, to read the profile, and never returns it', async () => {
    const result = await logIn();
    assert.equal(github.issuedTokens.length, 1);
    const token = github.issuedTokens[0] ?? '';
    assert.equal(github.tokenUses(token), 1);
    assert.equal(github.requestsTo('/api/v3/user').length, 1);
    assert.ok(!JSON.stringify(result).includes(token));
  });

  test('works through the authorize page, as a browser clicks it', async () => {
    const state = generateState();
    const oauth = provider();
    const page = await fetch(await authUrl(oauth, state));
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /Sign in as alice/);
    assert.match(html, /Sign in as bob/);
    const form = new URLSearchParams({ client_id: github.clientId, redirect_uri: CALLBACK, state, login: 'bob' });
    const answer = await fetch(`${github.url}/login/oauth/authorize`, { method: 'POST', body: form, redirect: 'manual' });
    const callback = new URL(answer.headers.get('location') ?? '');
    const result = await oauth.completeLogin({ fields: Object.fromEntries(callback.searchParams), expectedState: state });
    assert.deepEqual(result, { ok: true, value: { login: 'bob', name: null } });
  });
});

describe('a login refused before GitHub is asked anything', () => {
  const callbackWith = (fields: Record<string, unknown>, expectedState: string | undefined) =>
    provider().completeLogin({ fields, expectedState });

  test('when the state differs from the cookie', async () => {
    expectFailure(await callbackWith({ code: 'c', state: 'forged' }, 'saved'), 'state-mismatch', /did not match/);
  });

  test('when there is no login cookie', async () => {
    expectFailure(await callbackWith({ code: 'c', state: 'x' }, undefined), 'state-mismatch', /without a login cookie/);
  });

  test('when the callback has no state', async () => {
    expectFailure(await callbackWith({ code: 'c' }, 'saved'), 'state-mismatch');
  });

  test('when the state is repeated', async () => {
    expectFailure(await callbackWith({ code: 'c', state: ['saved', 'saved'] }, 'saved'), 'state-mismatch');
  });

  test('when the callback has neither code nor error', async () => {
    expectFailure(await callbackWith({ state: 'saved' }, 'saved'), 'invalid-code', /neither a code nor an error/);
  });

  test('when GitHub reports a misconfigured callback URL', async () => {
    const fields = { state: 's', error: 'redirect_uri_mismatch', error_description: 'The redirect_uri MUST match' };
    expectFailure(await callbackWith(fields, 's'), 'misconfigured', /redirect_uri_mismatch/);
  });

  test('and GitHub indeed was not asked', async () => {
    await callbackWith({ code: 'c', state: 'forged' }, 'saved');
    assert.equal(github.requests.length, 0);
  });
});

describe('a failed login', () => {
  test('when the user cancels on GitHub', async () => {
    github.failure = 'deny';
    expectFailure(await logIn(), 'access-denied', /access_denied/);
    assert.equal(github.requestsTo('/login/oauth/access_token').length, 0);
  });

  test('when the code was already used', async () => {
    const state = generateState();
    const oauth = provider();
    github.nextLogin = 'alice';
    const fields = Object.fromEntries((await authorize(await authUrl(oauth, state))).searchParams);
    assert.equal((await oauth.completeLogin({ fields, expectedState: state })).ok, true);
    expectFailure(await oauth.completeLogin({ fields, expectedState: state }), 'invalid-code', /bad_verification_code/);
  });

  test('when the code is unknown', async () => {
    const result = await provider().completeLogin({ fields: { code: 'made-up', state: 's' }, expectedState: 's' });
    expectFailure(result, 'invalid-code', /bad_verification_code/);
  });

  test('when the callback URL differs from the one the code was issued for', async () => {
    const state = generateState();
    github.nextLogin = 'alice';
    const callback = await authorize(await authUrl(provider(), state));
    const elsewhere = provider({ redirectUri: 'http://127.0.0.1:5001/oauth/github/callback' });
    const result = await elsewhere.completeLogin({ fields: Object.fromEntries(callback.searchParams), expectedState: state });
    expectFailure(result, 'misconfigured', /redirect_uri_mismatch/);
  });

  test('when the client secret is wrong', async () => {
    expectFailure(await logIn(provider({ clientSecret: 'wrong' })), 'misconfigured', /incorrect_client_credentials/);
  });

  const cases: [FakeGitHubFailure, LoginFailureReason, RegExp][] = [
    ['token-500', 'provider-unavailable', /token exchange .* answered HTTP 500/],
    ['token-not-json', 'unexpected-response', /token exchange .* text\/html.*, not JSON/],
    ['token-slow', 'provider-unavailable', /token exchange .* no answer within 100 ms/],
    ['user-500', 'provider-unavailable', /profile read .* answered HTTP 500/],
    ['user-not-json', 'unexpected-response', /profile read .* not JSON/],
    ['user-slow', 'provider-unavailable', /profile read .* no answer within 100 ms/],
    ['user-without-login', 'unexpected-response', /without a usable login/],
  ];
  for (const [failure, reason, detail] of cases) {
    test(`when GitHub fails with ${failure}`, async () => {
      github.failure = failure;
      expectFailure(await logIn(provider({ timeoutMs: 100 })), reason, detail);
    });
  }

  test('when GitHub cannot be reached', async () => {
    const closed = await unusedPort();
    const oauth = provider({ githubUrl: `http://127.0.0.1:${closed}` });
    const result = await oauth.completeLogin({ fields: { code: 'c', state: 's' }, expectedState: 's' });
    expectFailure(result, 'provider-unavailable', /ECONNREFUSED/);
  });

  test('never puts the client secret, the code or the token in the detail', async () => {
    const details: string[] = [];
    for (const failure of ['token-500', 'token-not-json', 'user-500', 'user-not-json', 'user-without-login'] as const) {
      github.failure = failure;
      const result = await logIn();
      if (!result.ok) details.push(result.error.detail);
    }
    github.failure = undefined;
    const wrongSecret = await logIn(provider({ clientSecret: 'wrong-secret' }));
    if (!wrongSecret.ok) details.push(wrongSecret.error.detail);
    assert.equal(details.length, 6);
    const secrets = [github.clientSecret, 'wrong-secret', ...github.issuedTokens];
    const codes = github.requestsTo('/login/oauth/access_token').map((r) => r.body.code ?? '');
    for (const detail of details) {
      for (const secret of [...secrets, ...codes]) assert.ok(!detail.includes(secret), `${detail} leaks ${secret}`);
    }
  });
});

describe('creating the provider', () => {
  test('lists every configuration problem', () => {
    const created = createGitHubProvider({
      clientId: '',
      clientSecret: '',
      redirectUri: '/oauth/github/callback',
      githubUrl: 'github.com',
      apiUrl: 'ftp://api.github.com',
      timeoutMs: 0,
    });
    assert.equal(created.ok, false);
    if (created.ok) return;
    assert.equal(created.error.length, 6);
    assert.match(created.error.join('\n'), /GITHUB_CLIENT_ID.*\n.*GITHUB_CLIENT_SECRET.*\n.*APP_URL \+ GITHUB_REDIRECT.*\n.*GITHUB_URL.*\n.*GITHUB_API_URL.*\n.*timeout/);
  });

  test('defaults to github.com and api.github.com', async () => {
    const created = createGitHubProvider({ clientId: 'id', clientSecret: 'secret', redirectUri: CALLBACK });
    assert.ok(created.ok);
    assert.match(await authUrl(created.value, 's'), /^https:\/\/github\.com\/login\/oauth\/authorize\?/);
  });

  test('keeps the client secret out of logs of the provider object', () => {
    const oauth = provider();
    assert.ok(!inspect(oauth, { depth: 5 }).includes(github.clientSecret));
    assert.ok(!JSON.stringify(oauth).includes(github.clientSecret));
  });
});

/** A port nothing listens on: bound, then released. */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
