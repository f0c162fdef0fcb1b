/**
 * A voter's whole journey in Chromium, against the real application listening on loopback
 * with GitHub OAuth pointed at a fake GitHub: log in, read, rank by keyboard and cast with a
 * passphrase, view, change by drag and drop, withdraw, vote again without a passphrase, log
 * out; and a non-eligible user's exception request. Every page a voter or visitor can reach
 * is checked with axe-core (WCAG 2.1 AA), and for console errors and CSP violations.
 *
 * The meta repository is the demo's (`examples/demo-meta`) with dates resolved for today,
 * plus one broken election; the clock is real. The documentation's screenshots are made by
 * scripts/screenshots.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page, Response } from 'playwright-core';
import { DEMO_ELECTION_KEYS } from '../../src/demo/demo-elections.js';
import { boxOf, drag, focused, selects, tabTo, waitForEnhancedBallot, zone } from '../support/ballot-page.js';
import { axeViolations, formatViolations, launchBrowser, openPage, type TestTab } from '../support/browser.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { BROKEN_ELECTION_KEY, liveDemoRepository, startLiveServer, type LiveServer } from '../support/live-server.js';

const RUNNING = DEMO_ELECTION_KEYS.running;
const UPCOMING = DEMO_ELECTION_KEYS.upcoming;
const COMPLETED = DEMO_ELECTION_KEYS.completed;
const RUNNING_NAME = 'Steering Committee Election, Term 5';
const APP_RUNNING = `/app/elections/${RUNNING}`;
const PASSPHRASE = 'correct horse battery';
const VIEWPORT = { width: 1280, height: 900 };

/** Every kind of page a voter or visitor can reach; each must be checked by `checkPage`. */
const PAGES_TO_CHECK = [
  'public list',
  'public list: upcoming',
  'public list: running',
  'public list: completed',
  'public election',
  'public election: configuration error',
  'public candidate',
  'login',
  'dashboard',
  'app list',
  'app list: upcoming',
  'app list: running',
  'app list: completed',
  'election: running, Eligible',
  'election: running, Voted',
  'election: running, Not eligible',
  'election: upcoming',
  'election: completed, Voted',
  'election: configuration error',
  'candidate profile',
  'ballot form',
  'ballot form: refused with errors',
  'ballot form: warning',
  'ballot form: change',
  'confirmation: with passphrase',
  'confirmation: without passphrase',
  'ballot view',
  'withdrawn',
  'exception form',
  'exception form: errors',
  'exception form: submitted',
  'results',
  'error 404',
  'error 403',
  'error 409',
] as const;
type PageKind = (typeof PAGES_TO_CHECK)[number];
const checked = new Set<PageKind>();

let browser: Browser;
let github: FakeGitHub;
let server: LiveServer;
/** Alice: eligible in the running and upcoming elections, voted in the completed one. */
let alice: TestTab;

before(async () => {
  github = await startFakeGitHub({ users: { alice: 'Alice Example', mallory: 'Mallory Mallet' } });
  server = await startLiveServer({ github, files: await liveDemoRepository(new Date()), seedDemoBallots: true });
  browser = await launchBrowser();
  alice = await openPage(browser, { viewport: VIEWPORT, timezoneId: 'Europe/Berlin', locale: 'en-GB' });
  alice.page.setDefaultTimeout(10_000);
});

after(async () => {
  await alice?.close();
  await browser?.close();
  await server?.close();
  await github?.close();
});

/**
 * Checks the page as it is now: axe-core finds no WCAG 2.1 AA violation, and nothing went
 * wrong in the browser (console errors, CSP violations, failed requests) since the last check.
 * Chromium logs every 4xx document as a failed resource; for the page itself that is expected.
 */
async function checkPage(tab: TestTab, kind: PageKind): Promise<void> {
  const violations = await axeViolations(tab.page);
  assert.equal(violations.length, 0, `axe (WCAG 2.1 AA) on "${kind}" (${tab.page.url()}):\n${formatViolations(violations)}`);
  const ownStatus = `the server responded with a status of 4`;
  const problems = tab.problems.splice(0).filter((p) => !(p.includes(ownStatus) && p.endsWith(`(${tab.page.url()})`)));
  assert.deepEqual(problems, [], `browser problems on "${kind}" (${tab.page.url()})`);
  checked.add(kind);
}

/** Opens `path` and checks the HTTP status of the page. */
async function visit(page: Page, path: string, status = 200): Promise<Response> {
  const response = await page.goto(server.url + path);
  assert.ok(response, `no response for ${path}`);
  assert.equal(response.status(), status, `status of ${path}`);
  return response;
}

/** Runs `action` (a click, a key press) and waits for the page it leads to; checks its final status. */
async function navigate(page: Page, action: () => Promise<unknown>, status = 200): Promise<void> {
  const [response] = await Promise.all([page.waitForNavigation(), action()]);
  assert.ok(response, `no response for the page after ${page.url()}`);
  assert.equal(response.status(), status, `status of ${page.url()}`);
}

const h1 = (page: Page) => page.locator('main h1').first().textContent();
const badges = (page: Page) => page.locator('main .meta .badge').allTextContents();

/** The rows of the ballot view table: [rank, candidate name]. */
async function ballotRows(page: Page): Promise<string[][]> {
  return page.$$eval('table.ballot-table tbody tr', (rows) =>
    rows.map((row) => [row.querySelector('td')?.textContent?.trim() ?? '', row.querySelector('th')?.firstChild?.textContent?.trim() ?? '']),
  );
}

/** Logs in through the fake GitHub's authorize page by pressing "Sign in as <login>". */
async function logInWithGitHub(tab: TestTab, login: string): Promise<void> {
  const { page } = tab;
  await navigate(page, () => page.getByRole('button', { name: 'Log in with GitHub' }).click());
  assert.equal(new URL(page.url()).origin, github.url, 'the browser is on GitHub');
  await navigate(page, () => page.getByRole('button', { name: `Sign in as ${login}` }).click());
  // The fake GitHub's own page (no favicon) is not ours to judge.
  const ours = tab.problems.splice(0).filter((problem) => !problem.includes(github.url));
  tab.problems.push(...ours);
}

describe('a visitor', () => {
  test('reads the public list, each filter, an election, a candidate and the login page', async () => {
    const tab = await openPage(browser, { viewport: VIEWPORT });
    const { page } = tab;
    page.setDefaultTimeout(10_000);
    try {
      await visit(page, '/');
      assert.equal(new URL(page.url()).pathname, '/elections');
      assert.equal(await page.locator('.election-list > li').count(), 4);
      await checkPage(tab, 'public list');
      for (const [label, kind] of [['Upcoming', 'public list: upcoming'], ['Running', 'public list: running'], ['Completed', 'public list: completed']] as const) {
        await navigate(page, () => page.getByRole('navigation', { name: 'Filter by status' }).getByRole('link', { name: label }).click());
        assert.equal(await page.locator('.filters a[aria-current="page"]').textContent(), label);
        await checkPage(tab, kind);
      }
      await navigate(page, () => page.getByRole('link', { name: 'Running' }).click());
      assert.equal(await page.locator('.election-list > li').count(), 1);
      await navigate(page, () => page.getByRole('link', { name: RUNNING_NAME }).click());
      assert.equal(new URL(page.url()).pathname, `/elections/${RUNNING}`);
      assert.equal(await page.getByRole('link', { name: 'Vote', exact: true }).count(), 0, 'a visitor is offered no vote');
      assert.equal(await page.getByRole('link', { name: 'Log in to vote' }).count(), 1, 'but the way to it');
      await checkPage(tab, 'public election');
      await navigate(page, () => page.getByRole('link', { name: 'Priya Raman' }).click());
      assert.equal(await h1(page), 'Priya Raman');
      await checkPage(tab, 'public candidate');

      await visit(page, `/elections/${BROKEN_ELECTION_KEY}`);
      assert.deepEqual(await badges(page), ['Configuration error']);
      assert.equal(await page.locator('.notice-error li').count(), 0, 'visitors are not shown the broken files');
      await checkPage(tab, 'public election: configuration error');

      await visit(page, '/elections/no-such-election', 404);
      assert.equal(await h1(page), 'Not found');
      await checkPage(tab, 'error 404');

      await navigate(page, () => page.getByRole('link', { name: 'Log in' }).click());
      assert.equal(new URL(page.url()).pathname, '/login');
      await checkPage(tab, 'login');
    } finally {
      await tab.close();
    }
  });
});

describe('a voter, in one browser tab from login to logout', () => {
  test('logs in through GitHub and sees the running election on the dashboard', async () => {
    const { page } = alice;
    await visit(page, `${APP_RUNNING}`, 200); // a visitor is sent to the login page, with the way back
    assert.equal(new URL(page.url()).pathname, '/login');
    await visit(page, '/login');
    github.reset();
    await logInWithGitHub(alice, 'alice');
    assert.equal(new URL(page.url()).pathname, '/app');
    assert.equal(github.requestsTo('/login/oauth/access_token').length, 1);
    assert.match((await page.locator('.session .login').textContent()) ?? '', /Logged in as alice/);
    const card = page.locator('.election-list > li', { hasText: RUNNING_NAME });
    assert.deepEqual(await card.locator('.badge').allTextContents(), ['Eligible']);
    await checkPage(alice, 'dashboard');

    await navigate(page, () => page.getByRole('link', { name: 'Elections', exact: true }).click());
    await checkPage(alice, 'app list');
    for (const [label, kind] of [['Upcoming', 'app list: upcoming'], ['Running', 'app list: running'], ['Completed', 'app list: completed']] as const) {
      await navigate(page, () => page.getByRole('navigation', { name: 'Filter by status' }).getByRole('link', { name: label }).click());
      await checkPage(alice, kind);
    }
    await navigate(page, () => page.getByRole('link', { name: 'Dashboard' }).click());
  });

  test('opens the running election (Eligible) and a candidate profile', async () => {
    const { page } = alice;
    await navigate(page, () => page.getByRole('link', { name: RUNNING_NAME }).click());
    assert.equal(new URL(page.url()).pathname, APP_RUNNING);
    assert.deepEqual(await badges(page), ['Running', 'Eligible']);
    assert.equal(await page.getByRole('button', { name: 'View, change or withdraw my ballot' }).count(), 0);
    await checkPage(alice, 'election: running, Eligible');

    await navigate(page, () => page.getByRole('link', { name: 'Priya Raman' }).click());
    assert.equal(await h1(page), 'Priya Raman');
    assert.match((await page.locator('dl.facts').textContent()) ?? '', /Northwind Cloud/);
    await checkPage(alice, 'candidate profile');
    await navigate(page, () => page.getByRole('link', { name: RUNNING_NAME }).click());
  });

  test('the ballot form refuses a short passphrase and asks to confirm a ballot that prefers no one', async () => {
    const { page } = alice;
    await navigate(page, () => page.getByRole('link', { name: 'Vote', exact: true }).click());
    await waitForEnhancedBallot(page);
    assert.deepEqual(await zone(page, 'ranked'), [], 'every candidate starts unranked');
    await checkPage(alice, 'ballot form');

    // A browser without constraint validation or script would send this; the server refuses it.
    await page.getByRole('button', { name: 'Rank Wei Zhang' }).click();
    await page.getByLabel('Passphrase', { exact: true }).fill('abc');
    await page.getByLabel('Type the passphrase again').fill('abc');
    await navigate(page, () => page.locator('form[data-ballot]').evaluate((form: HTMLFormElement) => form.submit()), 422);
    await waitForEnhancedBallot(page);
    assert.match((await page.locator('.error-summary').textContent()) ?? '', /at least 6 characters/);
    assert.deepEqual(await zone(page, 'ranked'), ['Wei Zhang'], 'the ranks are shown again');
    await checkPage(alice, 'ballot form: refused with errors');

    // One candidate ranked, no passphrase chosen: the server asks for confirmation first.
    await page.getByLabel('Vote without a passphrase').check();
    await navigate(page, () => page.locator('form[data-ballot]').evaluate((form: HTMLFormElement) => form.submit()), 200);
    await waitForEnhancedBallot(page);
    assert.match((await page.locator('[data-ballot-notice]').textContent()) ?? '', /Please confirm your ballot/);
    await checkPage(alice, 'ballot form: warning');
  });

  test('ranks candidates with the keyboard alone and casts the ballot with a passphrase', async () => {
    const { page } = alice;
    await visit(page, `${APP_RUNNING}/vote`);
    await waitForEnhancedBallot(page);

    await tabTo(page, 'BUTTON Rank Priya Raman');
    await page.keyboard.press('Enter');
    assert.equal(await focused(page), 'BUTTON Remove Priya Raman from your ranking');
    await tabTo(page, 'BUTTON Rank Grace Okafor');
    await page.keyboard.press('Space');
    await tabTo(page, 'BUTTON Rank Wei Zhang');
    await page.keyboard.press('Enter');
    await tabTo(page, 'BUTTON Move up: Wei Zhang', 'Shift+Tab');
    await page.keyboard.press('Enter');
    assert.deepEqual(await zone(page, 'ranked'), ['Priya Raman', 'Wei Zhang', 'Grace Okafor']);
    assert.deepEqual(await selects(page), { gokafor: '3', hlindqvist: '', praman: '1', talvarez: '', 'weizhang-dev': '2' });

    await tabTo(page, 'INPUT Passphrase');
    await page.keyboard.type(PASSPHRASE);
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'INPUT Type the passphrase again');
    await page.keyboard.type(PASSPHRASE);
    await tabTo(page, 'BUTTON Cast ballot');
    await navigate(page, () => page.keyboard.press('Enter'));
    assert.equal(new URL(page.url()).pathname, `${APP_RUNNING}/confirmation`);
    assert.equal(await h1(page), 'Your ballot is cast');
    assert.match((await page.locator('main').textContent()) ?? '', /view, change or withdraw your ballot/);
    await checkPage(alice, 'confirmation: with passphrase');
  });

  test('views the ballot with the passphrase, changes it by drag and drop, and sees the new ranks', async () => {
    const { page } = alice;
    await navigate(page, () => page.getByRole('link', { name: 'Back to the election' }).click());
    assert.deepEqual(await badges(page), ['Running', 'Voted']);
    assert.equal(await page.getByRole('link', { name: 'Vote', exact: true }).count(), 0);
    await checkPage(alice, 'election: running, Voted');

    await page.getByLabel('Passphrase you chose when voting').fill(PASSPHRASE);
    await navigate(page, () => page.getByRole('button', { name: 'View, change or withdraw my ballot' }).click());
    assert.deepEqual(await ballotRows(page), [
      ['1', 'Priya Raman'],
      ['2', 'Wei Zhang'],
      ['3', 'Grace Okafor'],
      ['No opinion', 'Henrik Lindqvist'],
      ['No opinion', 'Tomás Álvarez'],
    ]);
    await checkPage(alice, 'ballot view');

    await navigate(page, () => page.getByRole('button', { name: 'Change my ballot' }).click());
    await waitForEnhancedBallot(page);
    assert.deepEqual(await zone(page, 'ranked'), ['Priya Raman', 'Wei Zhang', 'Grace Okafor'], 'the form starts from the ballot');
    await checkPage(alice, 'ballot form: change');

    await page.setViewportSize({ width: VIEWPORT.width, height: 1600 });
    try {
      const top = await boxOf(page, '.ballot-ranked .ballot-candidate', 'Priya Raman');
      await drag(page, 'Tomás Álvarez', { x: top.x + top.width / 2, y: top.y + 4 });
      assert.deepEqual(await zone(page, 'ranked'), ['Tomás Álvarez', 'Priya Raman', 'Wei Zhang', 'Grace Okafor']);
      const unranked = await boxOf(page, '.ballot-unranked .ballot-list');
      await drag(page, 'Grace Okafor', { x: unranked.x + unranked.width / 2, y: unranked.y + unranked.height - 8 });
      assert.deepEqual(await zone(page, 'ranked'), ['Tomás Álvarez', 'Priya Raman', 'Wei Zhang']);
      assert.deepEqual(await selects(page), { gokafor: '', hlindqvist: '', praman: '2', talvarez: '1', 'weizhang-dev': '3' });
    } finally {
      await page.setViewportSize(VIEWPORT);
    }
    await navigate(page, () => page.getByRole('button', { name: 'Replace my ballot' }).click());
    assert.equal(new URL(page.url()).pathname, `${APP_RUNNING}/confirmation`);
    assert.equal(await h1(page), 'Your ballot is changed');

    await navigate(page, () => page.getByRole('link', { name: 'Back to the election' }).click());
    await page.getByLabel('Passphrase you chose when voting').fill(PASSPHRASE);
    await navigate(page, () => page.getByRole('button', { name: 'View, change or withdraw my ballot' }).click());
    assert.deepEqual(await ballotRows(page), [
      ['1', 'Tomás Álvarez'],
      ['2', 'Priya Raman'],
      ['3', 'Wei Zhang'],
      ['No opinion', 'Grace Okafor'],
      ['No opinion', 'Henrik Lindqvist'],
    ]);
  });

  test('withdraws the ballot, votes again without a passphrase and can no longer view it', async () => {
    const { page } = alice;
    await navigate(page, () => page.getByRole('button', { name: 'Withdraw my ballot' }).click());
    assert.equal(await h1(page), 'Withdraw your ballot?');
    await navigate(page, () => page.getByRole('button', { name: 'Yes, withdraw my ballot' }).click());
    assert.equal(await h1(page), 'Your ballot is withdrawn');
    await checkPage(alice, 'withdrawn');

    await navigate(page, () => page.getByRole('link', { name: 'Vote again' }).click());
    await waitForEnhancedBallot(page);
    assert.deepEqual(await zone(page, 'ranked'), []);
    for (const name of ['Henrik Lindqvist', 'Priya Raman', 'Grace Okafor']) {
      await page.getByRole('button', { name: `Rank ${name}` }).click();
    }
    await page.getByLabel('Grace Okafor', { exact: true }).selectOption('2');
    await page.getByLabel('Vote without a passphrase').check();
    await navigate(page, () => page.getByRole('button', { name: 'Cast ballot' }).click());
    await navigate(page, () => page.getByRole('button', { name: 'Cast without a passphrase' }).click());
    assert.equal(await h1(page), 'Your ballot is cast');
    assert.match((await page.locator('main').textContent()) ?? '', /It cannot be viewed or changed/);
    await checkPage(alice, 'confirmation: without passphrase');

    await navigate(page, () => page.getByRole('link', { name: 'Back to the election' }).click());
    assert.deepEqual(await badges(page), ['Running', 'Voted']);
    assert.equal(await page.getByRole('button', { name: 'View, change or withdraw my ballot' }).count(), 0, 'nothing to view without a passphrase');

    await visit(page, `${APP_RUNNING}/vote`, 409);
    assert.match((await page.locator('main').textContent()) ?? '', /already voted/);
    await checkPage(alice, 'error 409');
  });

  test('sees the other elections in their states, the published results and a 404', async () => {
    const { page } = alice;
    await visit(page, `/app/elections/${UPCOMING}`);
    assert.deepEqual(await badges(page), ['Upcoming', 'Eligible']);
    await checkPage(alice, 'election: upcoming');

    await visit(page, `/app/elections/${COMPLETED}`);
    assert.deepEqual(await badges(page), ['Completed', 'Voted']);
    await checkPage(alice, 'election: completed, Voted');
    await navigate(page, () => page.getByRole('link', { name: 'Read the published results' }).click());
    assert.match((await h1(page)) ?? '', /^Results of /, 'the published heading is the page heading');
    assert.equal(await page.getByRole('heading', { name: 'Winners' }).count(), 1, 'the published results.md is shown');
    await checkPage(alice, 'results');

    await visit(page, `/app/elections/${BROKEN_ELECTION_KEY}`);
    assert.equal((await badges(page))[0], 'Configuration error');
    assert.match((await page.locator('.notice-error').textContent()) ?? '', /election\.yaml/, 'its officer is shown what to fix');
    await checkPage(alice, 'election: configuration error');

    await visit(page, '/app/elections/no-such-election', 404);
    await checkPage(alice, 'error 404');
  });

  test('logs out with the header button', async () => {
    const { page } = alice;
    await visit(page, '/app');
    await navigate(page, () => page.getByRole('button', { name: 'Log out' }).click());
    assert.equal(new URL(page.url()).pathname, '/elections');
    assert.equal(await page.locator('.session .login').count(), 0);
    await visit(page, '/app');
    assert.equal(new URL(page.url()).pathname, '/login', 'the session is gone');
  });
});

describe('a user who is not an eligible voter', () => {
  test('is told so, requests an exception once, and may not vote', async () => {
    const tab = await openPage(browser, { viewport: VIEWPORT });
    const { page } = tab;
    page.setDefaultTimeout(10_000);
    try {
      await visit(page, '/login');
      github.nextLogin = 'mallory';
      await navigate(page, () => page.getByRole('button', { name: 'Log in with GitHub' }).click());
      assert.equal(new URL(page.url()).pathname, '/app');
      await navigate(page, () => page.getByRole('link', { name: RUNNING_NAME }).click());
      assert.deepEqual(await badges(page), ['Running', 'Not eligible']);
      assert.equal(await page.getByRole('link', { name: 'Vote', exact: true }).count(), 0);
      await checkPage(tab, 'election: running, Not eligible');

      await navigate(page, () => page.getByRole('link', { name: 'Request an exception to vote' }).click());
      await checkPage(tab, 'exception form');
      await page.getByLabel('Your name').fill('Mallory Mallet');
      await page.getByLabel('Email address').fill('mallory-at-example.org');
      await page.getByLabel('Your contributions that make you eligible').fill('I translated the documentation into French.');
      await navigate(page, () => page.getByRole('button', { name: 'Send the request' }).click(), 422);
      assert.match((await page.locator('.error-summary').textContent()) ?? '', /valid email address/);
      assert.equal(await page.getByLabel('Your name').inputValue(), 'Mallory Mallet', 'answers are kept');
      await checkPage(tab, 'exception form: errors');

      await page.getByLabel('Email address').fill('mallory@example.org');
      await navigate(page, () => page.getByRole('button', { name: 'Send the request' }).click(), 201);
      assert.match((await page.locator('main').textContent()) ?? '', /Your request was sent/);
      await checkPage(tab, 'exception form: submitted');

      await visit(page, `${APP_RUNNING}/exception`, 409);
      assert.match((await page.locator('main').textContent()) ?? '', /already requested an exception/);
      await checkPage(tab, 'error 409');

      await visit(page, APP_RUNNING);
      assert.equal(await page.getByRole('link', { name: 'Request an exception to vote' }).count(), 0);

      await visit(page, `${APP_RUNNING}/vote`, 403);
      assert.match((await page.locator('main').textContent()) ?? '', /not on the list of eligible voters/);
      await checkPage(tab, 'error 403');
    } finally {
      await tab.close();
    }
  });
});

describe('coverage', () => {
  test('every page a voter or visitor can reach was checked with axe', () => {
    assert.deepEqual(PAGES_TO_CHECK.filter((kind) => !checked.has(kind)), []);
  });
});
