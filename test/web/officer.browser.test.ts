/**
 * The officer console in Chromium, on the real application over HTTP: an officer logs in,
 * reviews an exception request, computes the results of the demo's completed election and
 * reads the ranking, the matrices and the chart; every page is checked with axe-core against
 * WCAG 2.1 AA under the real Content Security Policy. The documentation's screenshots are made
 * by scripts/screenshots.ts.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import type { CatalogView } from '../../src/app/catalog-store.js';
import { seedDemoBallots } from '../../src/app/demo-setup.js';
import { DEMO_ELECTION_DIR, DEMO_ELECTION_KEYS } from '../../src/demo/demo-elections.js';
import { readDemoTemplate, renderDemoTemplate } from '../../src/demo/demo-template.js';
import { Catalog, parseRepository } from '../../src/meta/index.js';
import { createExceptionRequest } from '../../src/storage/repositories/exception-request-repository.js';
import { electionIdsByKey, syncElectionRows } from '../../src/storage/repositories/election-repository.js';
import { upsertUserByLogin } from '../../src/storage/repositories/user-repository.js';
import { axeViolations, formatViolations, launchBrowser, openPage } from '../support/browser.js';
import { buildTestApp, openTestDatabase } from './web-harness.js';

const KEY = DEMO_ELECTION_KEYS.completed;
const CONSOLE = `/app/elections/${KEY}/admin/`;
const RESULTS = `/app/elections/${KEY}/admin/results`;

let browser: Browser;
let app: FastifyInstance;
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let url: string;

before(async () => {
  // The real clock, frozen at a whole second: the browser judges cookie expiry by its own.
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  database = await openTestDatabase('sqlite');
  const db = database.db;
  const rendered = renderDemoTemplate(await readDemoTemplate(), now);
  if (!rendered.ok) throw new Error(JSON.stringify(rendered.error));
  const catalog = new Catalog(parseRepository(rendered.value, DEMO_ELECTION_DIR), 'officer-browser-test');
  const elections = catalog.list().map((e) => ({ key: e.key, name: e.config.name ?? e.key }));
  await syncElectionRows(db, elections, now);
  const view: CatalogView = { catalog, electionIds: await electionIdsByKey(db, elections.map((e) => e.key)) };
  await seedDemoBallots(db, catalog, view.electionIds, now);
  const electionId = view.electionIds.get(KEY)!;
  const requests = [
    ['kofi-mensah', 'Kofi Mensah', 'I maintain the documentation site and review most docs pull requests.'],
    ['lena-petrova', 'Lena Petrova', 'I triage issues for the CLI every week.'],
  ] as const;
  for (const [index, [login, name, description]] of requests.entries()) {
    const filedAt = new Date(now.getTime() - (55 - index) * 86_400_000);
    const user = await upsertUserByLogin(db, { login, name }, filedAt);
    const input = { name, email: `${login}@example.org`, chat: `@${login}`, description, comments: '' };
    const filed = await createExceptionRequest(db, { electionId, userId: user.id, input, now: filedAt });
    assert.ok(filed.ok);
  }
  app = await buildTestApp(db, view, { clock: () => now });
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

async function assertAccessible(page: Page, when: string): Promise<void> {
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, `axe (WCAG 2.1 AA) ${when}:\n${formatViolations(violations)}`);
}

describe('officer console in a browser', () => {
  test('an officer approves a request, computes the results and reads them; every page passes axe', async () => {
    const tab = await openPage(browser, { viewport: { width: 1000, height: 900 } });
    const { page } = tab;
    try {
      await page.goto(`${url}/login?next=${encodeURIComponent(CONSOLE)}`);
      await page.getByLabel('Username').fill('officer');
      await Promise.all([page.waitForURL(`${url}${CONSOLE}`), page.getByRole('button', { name: 'Log in', exact: true }).click()]);

      // The console.
      assert.match((await page.locator('h1').textContent()) ?? '', /Officer console/);
      const chart = page.getByRole('img', { name: 'Ballots cast per day (UTC)' });
      assert.equal(await chart.count(), 1);
      assert.equal(await page.locator('.login-list li').count(), 14);
      assert.equal(await page.getByRole('button', { name: /^Approve/ }).count(), 2);
      await assertAccessible(page, 'on the console');

      // One request: approve it, with a note.
      await Promise.all([page.waitForURL(/\/admin\/exception\/\d+$/), page.getByRole('link', { name: 'kofi-mensah' }).click()]);
      assert.equal(await page.locator('h1').textContent(), 'Exception request by kofi-mensah');
      await assertAccessible(page, 'on a request page');
      await page.getByLabel(/^Note/).fill('Maintains the docs site.');
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: /^Approve\W+the request by kofi-mensah$/ }).click()]);
      await page.getByText('Note: Maintains the docs site.', { exact: true }).waitFor();
      assert.match((await page.locator('main p').filter({ hasText: 'State:' }).textContent()) ?? '', /^State: Approved by officer/);

      // The console now lists the line to add to voters.yaml.
      await page.goto(`${url}${CONSOLE}`);
      assert.equal((await page.locator('#voters-to-add pre').textContent())?.trim(), '- kofi-mensah');
      await assertAccessible(page, 'on the console with a decision');

      // Results, before and after computing.
      await page.goto(`${url}${RESULTS}`);
      await assertAccessible(page, 'on the results page before computing');
      await Promise.all([page.waitForURL(`${url}${RESULTS}`), page.getByRole('button', { name: 'Compute results' }).click()]);
      const ranking = page.getByRole('table', { name: 'Schulze ranking, best first' });
      await ranking.waitFor();
      const firstColumn = await ranking.locator('tbody th').allTextContents();
      assert.match(firstColumn[0] ?? '', /\(nadia-f\)$/);
      assert.match(firstColumn[1] ?? '', /\(rajiv-s\)$/);
      assert.match(firstColumn[2] ?? '', /\(amara-o\)$/);
      assert.equal(await page.getByRole('table', { name: /^Ballots ranking the row's candidate above/ }).count(), 1);
      assert.equal(await page.getByRole('table', { name: /^Strength of the strongest path/ }).count(), 1);
      assert.equal(await page.getByRole('img', { name: 'Wins and defeats of each candidate, in ranking order' }).count(), 1);
      const winners = await page.locator('#winners + p + ul li').allTextContents();
      assert.equal(winners.length, 3);
      await assertAccessible(page, 'on the results page after computing');

      await page.goto(`${url}${CONSOLE}`);
      assert.match((await page.locator('#results + p').textContent()) ?? '', /The results have been computed/);
      await assertAccessible(page, 'on the console after computing');
      assert.deepEqual(tab.problems, []);
    } finally {
      await tab.close();
    }
  });

  test('the console reflows at 320 px without horizontal scrolling', async () => {
    const tab = await openPage(browser, { viewport: { width: 320, height: 640 } });
    const { page } = tab;
    try {
      await page.goto(`${url}/login?next=${encodeURIComponent(RESULTS)}`);
      await page.getByLabel('Username').fill('officer');
      await Promise.all([page.waitForURL(`${url}${RESULTS}`), page.getByRole('button', { name: 'Log in', exact: true }).click()]);
      for (const path of [CONSOLE, RESULTS]) {
        await page.goto(`${url}${path}`);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 320, `${path} is ${width}px wide at a 320px viewport`);
      }
    } finally {
      await tab.close();
    }
  });
});
