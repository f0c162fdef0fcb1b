import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { liveDemoRepository, startLiveServer, type LiveServer } from '../support/live-server.js';

/**
 * An OIDC issuer that does not answer when a login starts (SPEC §16): the voter gets the login
 * page again with a 502 naming the provider — no 500, no redirect, no cookie left behind.
 */
let server: LiveServer;
before(async () => {
  server = await startLiveServer({
    authEnv: { AUTH_PROVIDER: 'oidc', AUTH_URL: 'http://127.0.0.1:9/realms/down', AUTH_CLIENT_ID: 'c', AUTH_CLIENT_SECRET: 's', AUTH_DISPLAY_NAME: 'Example SSO' },
    files: await liveDemoRepository(new Date()),
  });
});
after(() => server?.close());

test('an unreachable OIDC issuer gives a 502 login page naming it', async () => {
  const page = await fetch(`${server.url}/login`);
  const html = await page.text();
  assert.match(html, /Log in with Example SSO/);
  assert.match(html, /action="\/oauth\/oidc\/login"/);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const cookies = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const started = await fetch(`${server.url}/oauth/oidc/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies },
    body: new URLSearchParams({ _csrf: csrf, next: '/app' }),
    redirect: 'manual',
  });
  assert.equal(started.status, 502);
  assert.match(await started.text(), /Example SSO could not be reached/);
  assert.ok(!started.headers.getSetCookie().some((c) => c.startsWith('elekto_oauth=')), 'no login cookie');
});
