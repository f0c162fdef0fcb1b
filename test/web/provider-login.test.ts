import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { cspDirective } from '../support/csp.js';
import { startFakeOidc, type FakeOidc } from '../support/fake-oidc.js';
import { liveDemoRepository, startLiveServer, type LiveServer } from '../support/live-server.js';

/**
 * The OIDC login page over HTTP (SPEC §11, §16, §17). Its form's POST is answered by a redirect
 * to the provider's authorization endpoint, which browsers check against CSP `form-action`: the
 * login page allows the endpoint's origin as discovery names it, even when it is not the issuer's
 * (AWS Cognito), and no other page allows more than itself. An issuer that does not answer
 * still gets a login page, and the attempt a 502 naming the provider; one that hangs gets a
 * login page in bounded time; an endpoint that is no http(s) origin is never put in the header.
 */

const formAction = (response: Response): string | undefined => cspDirective(response.headers.get('content-security-policy'), 'form-action');

describe('an OIDC provider authorizing on another origin than its issuer', () => {
  let idp: FakeOidc;
  let server: LiveServer;
  before(async () => {
    idp = await startFakeOidc({ authorizationElsewhere: true });
    server = await startLiveServer({ authEnv: idp.env, files: await liveDemoRepository(new Date()) });
  });
  after(async () => {
    await server?.close();
    await idp?.close();
  });

  test('the login page lets its form go to the discovered authorization endpoint, discovered once', async () => {
    const endpoint = new URL(idp.authorizationEndpoint).origin;
    assert.notEqual(endpoint, new URL(idp.issuer).origin);
    for (const next of ['/app', '/elections']) {
      const page = await fetch(`${server.url}/login?next=${next}`);
      assert.equal(page.status, 200);
      assert.equal(formAction(page), `'self' ${endpoint}`);
    }
    assert.deepEqual(idp.requests, ['GET /.well-known/openid-configuration'], 'discovery is cached');
  });

  test('no other page lets a form go elsewhere than this site', async () => {
    for (const path of ['/', '/elections', '/no/such/page']) {
      assert.equal(formAction(await fetch(`${server.url}${path}`)), "'self'", path);
    }
  });
});

describe('an unreachable OIDC issuer', () => {
  let server: LiveServer;
  before(async () => {
    server = await startLiveServer({
      authEnv: { AUTH_PROVIDER: 'oidc', AUTH_URL: 'http://127.0.0.1:9/realms/down', AUTH_CLIENT_ID: 'c', AUTH_CLIENT_SECRET: 's', AUTH_DISPLAY_NAME: 'Example SSO' },
      files: await liveDemoRepository(new Date()),
    });
  });
  after(() => server?.close());

  test('gives a login page, and a 502 login page naming it when the login starts', async () => {
    const page = await fetch(`${server.url}/login`);
    assert.equal(page.status, 200);
    assert.equal(formAction(page), "'self'", 'no origin to allow yet');
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
    assert.equal(formAction(started), "'self'");
    assert.match(await started.text(), /Example SSO could not be reached/);
    assert.ok(!started.headers.getSetCookie().some((c) => c.startsWith('elekto_oauth=')), 'no login cookie');
  });
});

describe('an OIDC issuer that accepts connections and never answers', () => {
  const sockets: Socket[] = [];
  const hung = createServer((socket) => void sockets.push(socket));
  let server: LiveServer;
  before(async () => {
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const { port } = hung.address() as AddressInfo;
    server = await startLiveServer({
      authEnv: { AUTH_PROVIDER: 'oidc', AUTH_URL: `http://127.0.0.1:${port}/realms/hung`, AUTH_CLIENT_ID: 'c', AUTH_CLIENT_SECRET: 's', AUTH_DISPLAY_NAME: 'Example SSO' },
      files: await liveDemoRepository(new Date()),
    });
  });
  after(async () => {
    for (const socket of sockets) socket.destroy();
    await server?.close();
    await new Promise((resolve) => hung.close(resolve));
  });

  test('gives a login page within a bounded wait, allowing only this site', async (t) => {
    const started = performance.now();
    const page = await fetch(`${server.url}/login`);
    const ms = Math.round(performance.now() - started);
    t.diagnostic(`login page in ${ms} ms`);
    assert.equal(page.status, 200);
    assert.ok(ms < 5_000, `the login page took ${ms} ms`);
    assert.equal(formAction(page), "'self'");
  });
});

describe('an OIDC discovery document whose authorization endpoint is no usable origin', () => {
  let idp: FakeOidc;
  let server: LiveServer;
  before(async () => {
    idp = await startFakeOidc();
    // WHATWG URLs accept ';' in a host name; in a CSP header it would end the directive.
    idp.publishedAuthorizationEndpoint = 'https://sso;script-src.example/authorize';
    server = await startLiveServer({ authEnv: idp.env, files: await liveDemoRepository(new Date()) });
  });
  after(async () => {
    await server?.close();
    await idp?.close();
  });

  test('gives the login page with form-action left to this site', async () => {
    const page = await fetch(`${server.url}/login`);
    assert.equal(page.status, 200);
    assert.equal(formAction(page), "'self'");
    assert.equal(cspDirective(page.headers.get('content-security-policy'), 'script-src'), "'self'");
  });
});
