import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { identityProviders } from '../../src/app/identity-providers.js';
import type { RedirectingProvider } from '../../src/auth/identity-provider.js';
import { generateState } from '../../src/auth/oauth-state.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { FakeGitHub } from '../support/fake-github.js';
import { forgeEnv, startFakeForgejo, startFakeGitLab } from '../support/fake-forges.js';

const APP_URL = 'http://127.0.0.1:5000';

/** The provider `elekto serve` would choose for these variables. */
function chosen(env: Record<string, string>): RedirectingProvider {
  const config = loadConfig({ APP_ENV: 'development', APP_URL, ...env }, { cwd: process.cwd(), envFile: false });
  assert.ok(config.ok, config.ok ? '' : JSON.stringify(config.error));
  const providers = identityProviders(config.value);
  assert.ok(providers.ok && providers.value.oauth);
  return providers.value.oauth;
}

/** Authorize at the fake (signed in at once as `login`) and finish the login with what comes back. */
async function logIn(fake: FakeGitHub, provider: RedirectingProvider, login: string, finish = provider) {
  const state = generateState();
  fake.nextLogin = login;
  const url = await provider.authorizationUrl(state);
  assert.ok(url.ok);
  const answer = await fetch(url.value, { redirect: 'manual' });
  const callback = new URL(answer.headers.get('location') ?? '');
  assert.equal(`${callback.origin}${callback.pathname}`, `${APP_URL}/oauth/${provider.kind}/callback`);
  return finish.completeLogin({ fields: Object.fromEntries(callback.searchParams), expectedState: state });
}

for (const [kind, start, name, userPath, authorizePath] of [
  ['gitlab', startFakeGitLab, 'GitLab', '/api/v4/user', '/oauth/authorize'],
  ['forgejo', startFakeForgejo, 'Forgejo', '/api/v1/user', '/login/oauth/authorize'],
] as const) {
  describe(`logging in with ${name}`, () => {
    let fake: FakeGitHub;
    before(async () => {
      fake = await start({ users: { Alice: 'Alice Liddell' } });
    });
    after(() => fake.close());

    test('sends the browser to the forge with state and an S256 PKCE challenge', async () => {
      const provider = chosen(forgeEnv(kind, fake));
      assert.equal(provider.displayName, name);
      assert.equal(provider.callbackPath, `/oauth/${kind}/callback`);
      const url = await provider.authorizationUrl('the-state');
      assert.ok(url.ok);
      const parsed = new URL(url.value);
      assert.equal(`${parsed.origin}${parsed.pathname}`, `${fake.url}${authorizePath}`);
      assert.equal(await provider.authorizationOrigin(), parsed.origin, 'the login page lets its form go there');
      assert.equal(parsed.searchParams.get('state'), 'the-state');
      assert.equal(parsed.searchParams.get('code_challenge_method'), 'S256');
      assert.match(parsed.searchParams.get('code_challenge') ?? '', /^[\w-]{43}$/);
      assert.ok(!url.value.includes(fake.clientSecret));
    });

    test("returns the forge's username, using the token once", async () => {
      fake.reset();
      const result = await logIn(fake, chosen(forgeEnv(kind, fake)), 'Alice');
      assert.deepEqual(result, { ok: true, value: { login: 'Alice', name: 'Alice Liddell' } });
      const [token] = fake.issuedTokens;
      assert.equal(fake.tokenUses(token ?? ''), 1);
      assert.equal(fake.requestsTo(userPath).length, 1);
      assert.ok(!JSON.stringify(result).includes(token ?? '-'));
    });

    test('a login finished by a server with another APP_KEY fails the PKCE check: no identity', async () => {
      const started = chosen({ ...forgeEnv(kind, fake), APP_KEY: 'k'.repeat(40) });
      const finished = chosen({ ...forgeEnv(kind, fake), APP_KEY: 'x'.repeat(40) });
      const result = await logIn(fake, started, 'Alice', finished);
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.error.reason, 'invalid-code', result.error.detail);
    });

    test('a callback with another state never reaches the forge', async () => {
      fake.reset();
      const provider = chosen(forgeEnv(kind, fake));
      const result = await provider.completeLogin({ fields: { code: 'x', state: 'forged' }, expectedState: generateState() });
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.error.reason, 'state-mismatch');
      assert.equal(fake.requests.length, 0);
    });

    test('names the provider in failures, with AUTH_DISPLAY_NAME when set', async () => {
      fake.reset();
      fake.failure = 'user-500';
      const provider = chosen({ ...forgeEnv(kind, fake), AUTH_DISPLAY_NAME: 'Salsa' });
      assert.equal(provider.displayName, 'Salsa');
      const result = await logIn(fake, provider, 'Alice');
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.error.message, 'Salsa could not be reached to complete your login. Please try again in a few minutes.');
      fake.reset();
    });
  });
}
