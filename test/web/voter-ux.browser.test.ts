/**
 * No silent traps, in Chromium on a 375 px phone, with and without JavaScript (issue 10):
 * a passphrase lost on a refused form is asked for again and never turns into a ballot
 * without one; casting without a passphrase and withdrawing are confirmed on their own pages;
 * the ballot says what leaving a candidate unranked means before the voter ranks, and its first
 * candidate is on the first screen; an expired form comes back with the ranking kept; a wrong
 * passphrase leads back to the election page with the error at its field; officer tables scroll
 * inside a labelled region with their title in view. Every page is checked with axe-core.
 * The documentation's screenshots are made by scripts/screenshots.ts.
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
import { electionIdsByKey, syncElectionRows } from '../../src/storage/repositories/election-repository.js';
import { selects, waitForEnhancedBallot } from '../support/ballot-page.js';
import { axeViolations, formatViolations, launchBrowser, openPage, type TestTab } from '../support/browser.js';
import { buildTestApp, openTestDatabase } from './web-harness.js';

const RUNNING = `/app/elections/${DEMO_ELECTION_KEYS.running}`;
const COMPLETED = `/app/elections/${DEMO_ELECTION_KEYS.completed}`;
const PHONE = { width: 375, height: 667 };
const PASSPHRASE = 'correct horse battery';

let browser: Browser;
let app: FastifyInstance;
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let url: string;

before(async () => {
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  database = await openTestDatabase('sqlite');
  const rendered = renderDemoTemplate(await readDemoTemplate(), now);
  if (!rendered.ok) throw new Error(JSON.stringify(rendered.error));
  const catalog = new Catalog(parseRepository(rendered.value, DEMO_ELECTION_DIR), 'voter-ux-browser-test');
  const elections = catalog.list().map((e) => ({ key: e.key, name: e.config.name ?? e.key }));
  await syncElectionRows(database.db, elections, now);
  const view: CatalogView = { catalog, electionIds: await electionIdsByKey(database.db, elections.map((e) => e.key)) };
  await seedDemoBallots(database.db, catalog, view.electionIds, now);
  app = await buildTestApp(database.db, view, { clock: () => now });
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

/**
 * A phone-sized tab. Without script, the page's own scripts are never delivered (axe-core
 * needs the browser's JavaScript itself, which `javaScriptEnabled: false` would stop).
 */
async function phone(withScripts: boolean): Promise<TestTab> {
  const tab = await openPage(browser, { viewport: PHONE, ignoreConsole: /the server responded with a status of 4/ });
  tab.page.setDefaultTimeout(10_000);
  if (!withScripts) await tab.context.route('**/static/**/*.js', (route) => route.abort('blockedbyclient'));
  return tab;
}

async function accessible(tab: TestTab, when: string): Promise<void> {
  const violations = await axeViolations(tab.page);
  assert.equal(violations.length, 0, `axe (WCAG 2.1 AA) on ${when} (${tab.page.url()}):\n${formatViolations(violations)}`);
  const problems = tab.problems.splice(0).filter((problem) => !problem.includes('net::ERR_BLOCKED_BY_CLIENT'));
  assert.deepEqual(problems, [], `browser problems on ${when}`);
}

/** Runs `action` and waits for the page it leads to; checks its status. */
async function navigate(page: Page, action: () => Promise<unknown>, status = 200): Promise<void> {
  const [response] = await Promise.all([page.waitForNavigation(), action()]);
  assert.equal(response?.status(), status, `status of ${page.url()}`);
}

async function logIn(page: Page, login: string, next: string): Promise<void> {
  await page.goto(`${url}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Username').fill(login);
  await navigate(page, () => page.getByRole('button', { name: 'Log in', exact: true }).click());
}

const text = async (page: Page, selector = 'main') => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ');

/** The ballot's first candidate is fully inside the first screen, before any scrolling. */
async function firstCandidateOnFirstScreen(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await page.locator('.ballot-candidate').first().boundingBox();
  assert.ok(box, 'no candidate on the ballot');
  assert.ok(box.y + box.height <= PHONE.height, `the first candidate ends at ${Math.round(box.y + box.height)} px, below the ${PHONE.height} px screen`);
}

describe('on a phone without JavaScript', () => {
  test('a visitor is offered "Log in to vote"; a lost passphrase is asked again; voting without one is confirmed first', async () => {
    const tab = await phone(false);
    const { page } = tab;
    try {
      await page.goto(`${url}/elections/${DEMO_ELECTION_KEYS.running}`);
      await navigate(page, () => page.getByRole('link', { name: 'Log in to vote' }).click());
      assert.equal(new URL(page.url()).pathname, '/login');
      await page.getByLabel('Username').fill('bjorn-e');
      await navigate(page, () => page.getByRole('button', { name: 'Log in', exact: true }).click());
      assert.equal(new URL(page.url()).pathname, RUNNING, 'the login leads back to the election');
      assert.match(await text(page), /A candidate left at “No opinion” is not compared with anyone/, 'said before ranking');

      await navigate(page, () => page.getByRole('link', { name: 'Vote', exact: true }).click());
      assert.match(await text(page, '#ballot-help'), /not compared with anyone on your ballot/);
      await firstCandidateOnFirstScreen(page);
      await accessible(tab, 'the ballot without script');

      // Passphrases that differ: refused, ranks kept, passphrase asked again (never echoed).
      await page.getByLabel('Priya Raman').selectOption('1');
      await page.getByLabel('Wei Zhang').selectOption('2');
      await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
      await page.getByLabel('Type the passphrase again').fill(`${PASSPHRASE}!`);
      await navigate(page, () => page.getByRole('button', { name: 'Cast ballot' }).click(), 422);
      assert.deepEqual(await selects(page), { gokafor: '', hlindqvist: '', praman: '1', talvarez: '', 'weizhang-dev': '2' });
      assert.equal(await page.getByLabel('Passphrase', { exact: true }).inputValue(), '');
      assert.doesNotMatch(await page.content(), /correct horse/);
      assert.ok(await page.getByLabel('Protect my ballot with a passphrase').isChecked(), 'the choice is kept');
      assert.match(await text(page, '.passphrase'), /Type your passphrase again/);
      await accessible(tab, 'the refused ballot');

      // Sending it again as it is must not cast a ballot without a passphrase.
      await navigate(page, () => page.getByRole('button', { name: 'Cast ballot' }).click(), 422);
      assert.match(await text(page, '.error-summary'), /Type a passphrase, twice, or choose “Vote without a passphrase”/);

      // Choosing none leads to a confirmation that says what cannot be undone; going back keeps the ranking.
      await page.getByLabel('Vote without a passphrase').check();
      await navigate(page, () => page.getByRole('button', { name: 'Cast ballot' }).click());
      assert.equal(await text(page, 'main h1'), 'Cast your ballot without a passphrase?');
      assert.match(await text(page), /This cannot be undone\..*You will not be able to view, change or withdraw it\./);
      assert.deepEqual(await page.locator('.ranking-summary li').allTextContents(), ['1. Priya Raman', '2. Wei Zhang']);
      await accessible(tab, 'the no-passphrase confirmation');
      await navigate(page, () => page.getByRole('button', { name: 'Go back and choose a passphrase' }).click());
      assert.deepEqual(await selects(page), { gokafor: '', hlindqvist: '', praman: '1', talvarez: '', 'weizhang-dev': '2' });
      await page.getByLabel('Vote without a passphrase').check();
      await navigate(page, () => page.getByRole('button', { name: 'Cast ballot' }).click());
      await navigate(page, () => page.getByRole('button', { name: 'Cast without a passphrase' }).click());
      assert.equal(await text(page, 'main h1'), 'Your ballot is cast');

      await navigate(page, () => page.getByRole('link', { name: 'Back to the election' }).click());
      assert.match(await text(page), /You voted without a passphrase, so your ballot counts but nobody can link it to you/);
      await accessible(tab, 'the election after voting without a passphrase');
    } finally {
      await tab.close();
    }
  });
});

describe('on a phone with JavaScript', () => {
  test('an expired form keeps the ranking; a wrong passphrase returns to the election; withdrawing is confirmed', async () => {
    const tab = await phone(true);
    const { page } = tab;
    try {
      await logIn(page, 'chen-yu', `${RUNNING}/vote`);
      await waitForEnhancedBallot(page);
      await firstCandidateOnFirstScreen(page);
      await accessible(tab, 'the enhanced ballot');
      await page.getByRole('button', { name: 'Rank Grace Okafor' }).click();
      await page.getByRole('button', { name: 'Rank Henrik Lindqvist' }).click();

      // The form carries a token of an earlier login (an old tab): the ballot comes back, ranking kept.
      await page.locator('form[data-ballot] input[name="_csrf"]').evaluate((input: HTMLInputElement) => {
        input.value = 'token-of-an-earlier-session';
      });
      await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
      await page.getByLabel('Type the passphrase again').fill(PASSPHRASE);
      await navigate(page, () => page.getByRole('button', { name: 'Cast ballot' }).click(), 403);
      await waitForEnhancedBallot(page);
      assert.match(await text(page, '[data-ballot-notice]'), /This form had expired, so nothing was saved\. Your ranking is kept below/);
      assert.deepEqual(await selects(page), { gokafor: '1', hlindqvist: '2', praman: '', talvarez: '', 'weizhang-dev': '' });
      await accessible(tab, 'the expired ballot form');

      await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
      await page.getByLabel('Type the passphrase again').fill(PASSPHRASE);
      await navigate(page, () => page.getByRole('button', { name: 'Cast ballot' }).click());
      assert.equal(await text(page, 'main h1'), 'Your ballot is cast');

      await navigate(page, () => page.getByRole('link', { name: 'Back to the election' }).click());
      await page.getByLabel('Passphrase you chose when voting').fill('not my passphrase');
      await navigate(page, () => page.getByRole('button', { name: 'View, change or withdraw my ballot' }).click(), 403);
      assert.equal(new URL(page.url()).pathname, `${RUNNING}/vote/view`);
      assert.match(await text(page, 'main h1'), /Steering Committee Election/, 'back on the election page');
      assert.match(await text(page, '#manage-passphrase-error'), /That passphrase does not open your ballot/);
      await accessible(tab, 'the election page after a wrong passphrase');

      await page.getByLabel('Passphrase you chose when voting').fill(PASSPHRASE);
      await navigate(page, () => page.getByRole('button', { name: 'View, change or withdraw my ballot' }).click());
      await navigate(page, () => page.getByRole('button', { name: 'Withdraw my ballot' }).click());
      assert.equal(await text(page, 'main h1'), 'Withdraw your ballot?');
      assert.match(await text(page), /This cannot be undone\./);
      await accessible(tab, 'the withdraw confirmation');
      await navigate(page, () => page.getByRole('link', { name: 'Keep my ballot' }).click());
      await page.getByLabel('Passphrase you chose when voting').fill(PASSPHRASE);
      await navigate(page, () => page.getByRole('button', { name: 'View, change or withdraw my ballot' }).click());
      await navigate(page, () => page.getByRole('button', { name: 'Withdraw my ballot' }).click());
      await navigate(page, () => page.getByRole('button', { name: 'Yes, withdraw my ballot' }).click());
      assert.equal(await text(page, 'main h1'), 'Your ballot is withdrawn');
    } finally {
      await tab.close();
    }
  });

  test('officer tables scroll inside labelled regions with their titles in view; results are linked', async () => {
    const tab = await phone(true);
    const { page } = tab;
    try {
      await logIn(page, 'officer', `${COMPLETED}/admin/results`);
      await navigate(page, () => page.getByRole('button', { name: 'Compute results' }).click());
      for (const name of ['Schulze ranking, best first', /^Ballots ranking the row's candidate above/, /^Strength of the strongest path/]) {
        const region = page.getByRole('region', { name });
        assert.equal(await region.count(), 1, `a labelled region for ${String(name)}`);
        assert.equal(await region.getAttribute('tabindex'), '0', 'a keyboard can scroll it');
        const title = await region.evaluate((element) => {
          const label = document.getElementById(element.getAttribute('aria-labelledby') ?? '');
          const box = label?.getBoundingClientRect();
          return box ? { left: box.left, right: box.right } : null;
        });
        assert.ok(title && title.left >= 0 && title.right <= PHONE.width, `the title of ${String(name)} is not cut off: ${JSON.stringify(title)}`);
      }
      const matrix = page.getByRole('region', { name: /^Strength of the strongest path/ });
      assert.ok(await matrix.evaluate((element) => element.scrollWidth > element.clientWidth), 'the matrix is wider than the phone and scrolls');
      await accessible(tab, 'the officer results on a phone');

      await page.goto(`${url}${COMPLETED}`);
      assert.equal(await page.getByRole('link', { name: 'Read the published results' }).count(), 1);
      await navigate(page, () => page.getByRole('link', { name: 'Read the published results' }).click());
      assert.equal(await page.locator('main h1').count(), 1, 'one top heading: the published one');
      await accessible(tab, 'the published results');
    } finally {
      await tab.close();
    }
  });
});
