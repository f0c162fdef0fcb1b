/**
 * The STV ballot form in Chromium (SPEC §13): a strict order, with and without JavaScript,
 * by keyboard, with the live "your ballot goes to" summary, checked with axe-core.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { focused, selects, tabTo, zone } from '../support/ballot-page.js';
import { renderPage } from '../../src/web/render.js';
import { BALLOT_SCRIPTS, BallotForm } from '../../src/web/views/ballot-form.js';
import { Layout, type PageContext } from '../../src/web/views/layout.js';
import { axeViolations, formatViolations, launchBrowser, openPage } from '../support/browser.js';
import { startStaticServer, type StaticServer } from '../support/static-server.js';

const context: PageContext = { appName: 'Elekto', login: 'voter1', csrfToken: 'csrf-token-123', devLogin: false };
const CANDIDATES = [
  { id: 'alice', name: 'Alice Liddell' },
  { id: 'bob', name: 'Bob Ōkubo' },
  { id: 'carol', name: 'Carol Danvers' },
];

let browser: Browser;
let server: StaticServer;

before(async () => {
  const page = () =>
    renderPage(
      <Layout page={context} title="Vote" scripts={BALLOT_SCRIPTS}>
        <BallotForm
          page={context}
          election={{ key: 'board---stv', name: 'Board (STV)', allowNoOpinion: true, strictOrder: true }}
          candidates={CANDIDATES}
          mode="cast"
          minPassphraseLength={6}
          action="/vote"
        />
      </Layout>,
    );
  server = await startStaticServer({ pages: { '/stv': page } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function assertAccessible(page: Page, when: string): Promise<void> {
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, `axe (WCAG 2.1 AA) ${when}:\n${formatViolations(violations)}`);
}

function postedRanks(): Record<string, string> {
  const post = server.posts.at(-1);
  assert.ok(post, 'the form was not submitted');
  return Object.fromEntries(post.fields.filter(([name]) => name.startsWith('rank:')).map(([name, value]) => [name.slice(5), value]));
}

const summary = (page: Page) => page.locator('[data-ballot-summary]').textContent();

test('without JavaScript the plain selects cast an STV ballot, and the page passes axe', async () => {
  const tab = await openPage(browser, { javaScriptEnabled: false });
  try {
    await tab.page.goto(`${server.url}/stv`);
    assert.equal(await summary(tab.page), 'Your ballot goes to: nobody yet.');
    assert.match((await tab.page.locator('#ballot-help').textContent()) ?? '', /each rank once/);
    await tab.page.getByLabel('Carol Danvers', { exact: true }).selectOption('1');
    await tab.page.getByLabel('Alice Liddell', { exact: true }).selectOption('2');
    await Promise.all([tab.page.waitForURL(`${server.url}/vote`), tab.page.getByRole('button', { name: 'Cast ballot' }).click()]);
    assert.deepEqual(postedRanks(), { alice: '2', bob: '', carol: '1' });
  } finally {
    await tab.close();
  }
  const stubbed = await openPage(browser);
  try {
    await stubbed.page.route(/\/static\/(js\/ballot\.js|vendor\/Sortable\.min\.js)$/, (route) => route.fulfill({ contentType: 'text/javascript', body: '//' }));
    await stubbed.page.goto(`${server.url}/stv`);
    await assertAccessible(stubbed.page, 'before enhancement');
  } finally {
    await stubbed.close();
  }
});

test('by keyboard: the summary follows the order, and a move never keeps a tie', async () => {
  const tab = await openPage(browser);
  const { page } = tab;
  try {
    await page.goto(`${server.url}/stv`);
    await page.locator('.ballot-zones').waitFor();
    await tabTo(page, 'BUTTON Rank Carol Danvers');
    await page.keyboard.press('Enter');
    await tabTo(page, 'BUTTON Rank Alice Liddell');
    await page.keyboard.press('Enter');
    assert.equal(await summary(page), 'Your ballot goes to: 1. Carol Danvers, 2. Alice Liddell.');
    await tabTo(page, 'BUTTON Move up: Alice Liddell', 'Shift+Tab');
    await page.keyboard.press('Enter');
    assert.equal(await focused(page), 'BUTTON Move up: Alice Liddell');
    assert.equal(await summary(page), 'Your ballot goes to: 1. Alice Liddell, 2. Carol Danvers.');

    // Tie Bob with Alice through his select (he shows after her), then move him down past
    // Carol: he takes a place of his own and nobody stays tied.
    await page.getByLabel('Bob Ōkubo', { exact: true }).selectOption('1');
    await tabTo(page, 'BUTTON Move down: Bob Ōkubo');
    await page.keyboard.press('Enter');
    assert.deepEqual(await zone(page, 'ranked'), ['Alice Liddell', 'Carol Danvers', 'Bob Ōkubo']);
    assert.deepEqual(await selects(page), { alice: '1', bob: '3', carol: '2' });
    assert.equal(await summary(page), 'Your ballot goes to: 1. Alice Liddell, 2. Carol Danvers, 3. Bob Ōkubo.');
    await assertAccessible(page, 'after ranking');

    await tabTo(page, 'BUTTON Cast ballot');
    await Promise.all([page.waitForURL(`${server.url}/vote`), page.keyboard.press('Enter')]);
    assert.deepEqual(postedRanks(), { alice: '1', bob: '3', carol: '2' });
    assert.deepEqual(tab.problems, []);
  } finally {
    await tab.close();
  }
});
