import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { DEMO_ELECTION_KEYS } from '../../src/demo/demo-elections.js';
import { launchBrowser, openPage, type TestTab } from '../support/browser.js';
import { forgeEnv, startFakeForgejo, startFakeGitLab } from '../support/fake-forges.js';
import { startFakeOidc, type FakeOidc } from '../support/fake-oidc.js';
import { liveDemoRepository, startLiveServer, type LiveServer } from '../support/live-server.js';

/**
 * A login through each identity source beyond GitHub (SPEC §17), in Chromium against the
 * fake GitLab, Forgejo and OIDC provider, with the server's provider chosen by the same
 * configuration and `identityProviders` as `elekto serve`. The demo's voters.yaml lists
 * `alice`; each provider calls her `Alice`, so eligibility is by the provider's login,
 * compared case-insensitively.
 */

const RUNNING_NAME = 'Steering Committee Election, Term 5';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

interface Source {
  readonly name: string;
  readonly env: Record<string, string>;
  readonly origin: string;
  close(): Promise<void>;
}

const SOURCES: [string, () => Promise<Source>][] = [
  ['GitLab', async () => { const f = await startFakeGitLab({ users: { Alice: 'Alice Example' } }); return { name: 'GitLab', env: forgeEnv('gitlab', f), origin: f.url, close: () => f.close() }; }],
  ['Codeberg (Forgejo)', async () => { const f = await startFakeForgejo({ users: { Alice: 'Alice Example' } }); return { name: 'Codeberg', env: { ...forgeEnv('forgejo', f), AUTH_DISPLAY_NAME: 'Codeberg' }, origin: f.url, close: () => f.close() }; }],
  ['Keycloak (OIDC)', async () => { const f = await startFakeOidc({ users: { Alice: 'Alice Example' } }); return { name: 'Keycloak', env: f.env, origin: new URL(f.issuer).origin, close: () => f.close() }; }],
  // The login form's redirect goes to the discovered endpoint, which CSP form-action must allow.
  ['an OIDC provider authorizing on another origin than its issuer (AWS Cognito)', async () => {
    const f = await startFakeOidc({ users: { Alice: 'Alice Example' }, authorizationElsewhere: true });
    return { name: 'Cognito', env: { ...f.env, AUTH_DISPLAY_NAME: 'Cognito' }, origin: new URL(f.authorizationEndpoint).origin, close: () => f.close() };
  }],
];

/** Presses "Log in with <name>", then the provider's "Sign in as Alice"; returns the status of the page we land on. */
async function logIn({ page, problems }: TestTab, server: LiveServer, source: Source): Promise<number | undefined> {
  await page.goto(`${server.url}/login`);
  const toProvider = page.waitForNavigation({ url: (url) => url.origin === source.origin }).then(() => undefined, (error: unknown) => error);
  await page.getByRole('button', { name: `Log in with ${source.name}` }).click();
  // A redirect that CSP form-action refuses aborts the navigation: say why.
  const stopped = await toProvider;
  if (stopped) assert.fail(`The browser did not reach ${source.name}: ${String(stopped)}\n${problems.join('\n')}`);
  const [response] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in as Alice' }).click()]);
  return response?.status();
}

for (const [label, start] of SOURCES) {
  describe(`logging in with ${label}`, () => {
    let source: Source;
    let server: LiveServer;
    before(async () => {
      source = await start();
      server = await startLiveServer({ authEnv: source.env, files: await liveDemoRepository(new Date()) });
    });
    after(async () => {
      await server?.close();
      await source?.close();
    });

    test(`logs Alice in through ${label}, eligible as alice in voters.yaml`, async () => {
      const tab = await openPage(browser);
      const { page } = tab;
      page.setDefaultTimeout(10_000);
      try {
        assert.equal(await logIn(tab, server, source), 200);
        assert.equal(new URL(page.url()).pathname, '/app');
        assert.match((await page.locator('.session .login').textContent()) ?? '', /Logged in as Alice/);
        const card = page.locator('.election-list > li', { hasText: RUNNING_NAME });
        assert.deepEqual(await card.locator('.badge').allTextContents(), ['Eligible']);
        await page.goto(`${server.url}/app/elections/${DEMO_ELECTION_KEYS.running}`);
        assert.equal(await page.getByRole('link', { name: 'Vote' }).count(), 1, 'Alice may vote');
      } finally {
        await tab.close();
      }
    });
  });
}

describe('a refused OIDC login', () => {
  let idp: FakeOidc;
  let server: LiveServer;
  before(async () => {
    idp = await startFakeOidc({ users: { Alice: null } });
    server = await startLiveServer({ authEnv: idp.env, files: await liveDemoRepository(new Date()) });
  });
  after(async () => {
    await server?.close();
    await idp?.close();
  });

  for (const tampering of ['wrong-nonce', 'bad-signature', 'no-login-claim'] as const) {
    test(`with ${tampering} shows a 4xx page and opens no session`, async () => {
      idp.tamper = tampering;
      const tab = await openPage(browser, { ignoreConsole: /status of 40[03]/ });
      const { page } = tab;
      page.setDefaultTimeout(10_000);
      try {
        const source = { name: 'Keycloak', env: idp.env, origin: new URL(idp.issuer).origin, close: async () => {} };
        const status = await logIn(tab, server, source);
        assert.equal(status, tampering === 'no-login-claim' ? 403 : 400);
        assert.match((await page.locator('.notice-error').textContent()) ?? '', /Keycloak/);
        await page.goto(`${server.url}/app`);
        assert.equal(new URL(page.url()).pathname, '/login', 'no session was opened');
      } finally {
        await tab.close();
      }
    });
  }
});
