import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { identityProviders } from '../../src/app/identity-providers.js';
import type { RedirectingProvider } from '../../src/auth/identity-provider.js';
import { generateState } from '../../src/auth/oauth-state.js';
import { loadConfig } from '../../src/config/load-config.js';
import { startFakeOidc, type FakeOidc, type IdTokenTampering } from '../support/fake-oidc.js';

const APP_URL = 'http://127.0.0.1:5000';

let idp: FakeOidc;
before(async () => {
  idp = await startFakeOidc({ users: { alice: 'Alice Liddell' } });
});
after(() => idp.close());
beforeEach(() => idp.reset());

function provider(extra: Record<string, string> = {}, from: FakeOidc = idp): RedirectingProvider {
  const config = loadConfig({ APP_ENV: 'development', APP_URL, ...from.env, ...extra }, { cwd: process.cwd(), envFile: false });
  assert.ok(config.ok, config.ok ? '' : JSON.stringify(config.error));
  const providers = identityProviders(config.value);
  assert.ok(providers.ok && providers.value.oauth);
  return providers.value.oauth;
}

async function logIn(oidc = provider(), login = 'alice') {
  const state = generateState();
  idp.nextLogin = login;
  const url = await oidc.authorizationUrl(state);
  assert.ok(url.ok, url.ok ? '' : url.error.detail);
  const answer = await fetch(url.value, { redirect: 'manual' });
  const callback = new URL(answer.headers.get('location') ?? '');
  assert.equal(`${callback.origin}${callback.pathname}`, `${APP_URL}/oauth/oidc/callback`);
  return oidc.completeLogin({ fields: Object.fromEntries(callback.searchParams), expectedState: state });
}

describe('OpenID Connect', () => {
  test('discovers the endpoints and asks with state, nonce and PKCE', async () => {
    const oidc = provider();
    assert.equal(oidc.displayName, 'Keycloak');
    const url = await oidc.authorizationUrl('the-state');
    assert.ok(url.ok);
    const params = new URL(url.value).searchParams;
    assert.equal(new URL(url.value).pathname, '/realms/elekto/authorize');
    assert.equal(params.get('scope'), 'openid profile');
    assert.equal(params.get('state'), 'the-state');
    assert.equal(params.get('code_challenge_method'), 'S256');
    assert.match(params.get('nonce') ?? '', /^[\w-]{43}$/);
    assert.deepEqual(idp.requests, ['GET /.well-known/openid-configuration']);
  });

  test('logs in with the login claim of a valid, signed ID token', async () => {
    assert.deepEqual(await logIn(), { ok: true, value: { login: 'alice', name: 'Alice Liddell' } });
    assert.ok(idp.requests.includes('GET /jwks'), 'the signature was checked against the JWKS');
    assert.ok(!idp.requests.includes('GET /userinfo'), 'UserInfo is not needed when the ID token has the claim');
  });

  test('reads the claim from UserInfo when the ID token lacks it', async () => {
    idp.tamper = 'login-only-in-userinfo';
    assert.deepEqual(await logIn(), { ok: true, value: { login: 'alice', name: 'Alice Liddell' } });
    assert.ok(idp.requests.includes('GET /userinfo'));
  });

  test('uses OIDC_LOGIN_CLAIM', async () => {
    const result = await logIn(provider({ OIDC_LOGIN_CLAIM: 'sub' }));
    assert.deepEqual(result, { ok: true, value: { login: 'sub-alice', name: 'Alice Liddell' } });
  });

  test('a provider omitting the claim gets a clear 403, naming nothing secret', async () => {
    idp.tamper = 'no-login-claim';
    const result = await logIn();
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.error.reason, 'missing-login');
    assert.equal(result.error.status, 403);
    assert.match(result.error.message, /Keycloak account does not tell this site your username/);
    assert.match(result.error.detail, /preferred_username/);
  });

  for (const [tampering, pattern] of [
    ['bad-signature', /signature/i],
    ['wrong-audience', /aud/],
    ['wrong-issuer', /iss/],
    ['expired', /exp/],
    ['wrong-nonce', /nonce/],
  ] as [IdTokenTampering, RegExp][]) {
    test(`refuses an ID token with ${tampering}: no identity`, async () => {
      idp.tamper = tampering;
      const result = await logIn();
      assert.equal(result.ok, false, `a ${tampering} ID token was accepted`);
      if (result.ok) return;
      assert.equal(result.error.reason, 'invalid-id-token', result.error.detail);
      assert.equal(result.error.status, 400);
      assert.match(result.error.detail, pattern);
    });
  }

  test('a login finished with another APP_KEY fails the PKCE check at the token endpoint', async () => {
    const state = generateState();
    idp.nextLogin = 'alice';
    const url = await provider({ APP_KEY: 'k'.repeat(40) }).authorizationUrl(state);
    assert.ok(url.ok);
    const callback = new URL((await fetch(url.value, { redirect: 'manual' })).headers.get('location') ?? '');
    const result = await provider({ APP_KEY: 'x'.repeat(40) }).completeLogin({ fields: Object.fromEntries(callback.searchParams), expectedState: state });
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.error.reason, 'invalid-code', result.error.detail);
  });

  test('an unreachable issuer is a 502 when the login starts, not a crash, and no origin for the login page', async () => {
    const oidc = provider({ AUTH_URL: 'http://127.0.0.1:9/realms/none' });
    const url = await oidc.authorizationUrl(generateState());
    assert.equal(url.ok, false);
    if (!url.ok) assert.equal(url.error.reason, 'provider-unavailable', url.error.detail);
    assert.equal(await oidc.authorizationOrigin(), undefined);
  });

  test("the authorization origin is the discovered endpoint's, fetched once however many ask at a time", async () => {
    const oidc = provider();
    const origins = await Promise.all([oidc.authorizationOrigin(), oidc.authorizationOrigin(), oidc.authorizationUrl('the-state')]);
    assert.deepEqual(origins.slice(0, 2), [new URL(idp.issuer).origin, new URL(idp.issuer).origin]);
    assert.deepEqual(idp.requests, ['GET /.well-known/openid-configuration']);
  });
});

describe('OpenID Connect authorizing on another origin than the issuer (AWS Cognito)', () => {
  let cognito: FakeOidc;
  before(async () => {
    cognito = await startFakeOidc({ authorizationElsewhere: true });
  });
  after(() => cognito.close());

  test("the authorization origin is the discovered endpoint's, and a login goes through it", async () => {
    const oidc = provider({}, cognito);
    const endpoint = new URL(cognito.authorizationEndpoint);
    assert.notEqual(endpoint.origin, new URL(cognito.issuer).origin);
    assert.equal(await oidc.authorizationOrigin(), endpoint.origin);
    const url = await oidc.authorizationUrl('the-state');
    assert.ok(url.ok);
    assert.equal(`${new URL(url.value).origin}${new URL(url.value).pathname}`, endpoint.href);
  });
});
