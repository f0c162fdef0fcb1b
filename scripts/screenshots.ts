/**
 * Regenerates the documentation's screenshots (README.md, docs/officers-guide.md):
 *
 *   node --import tsx scripts/screenshots.ts [outDir]      # default: docs/screenshots/
 *
 * Starts the whole application on loopback through production's composition root, as the
 * browser tests do (`startLiveServer`), with the development login and the demo meta
 * repository (a running and a completed election) at a fixed instant, the demo's ballots cast
 * and two exception requests filed; then drives Debian's Chromium (scripts/ensure-chromium.sh)
 * through a voter's and an officer's pages, computing the results as the officer does. Names,
 * dates and ballots are the same at every run, so an image changes only when a page does.
 *
 * Not part of `npm test`: screenshots are documentation, not assertions. It stops at the first
 * page that answers with an error status or logs a console error or CSP violation.
 */
import { mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { DEMO_ELECTION_KEYS } from '../src/demo/demo-elections.js';
import { createExceptionRequest } from '../src/storage/repositories/exception-request-repository.js';
import { upsertUserByLogin } from '../src/storage/repositories/user-repository.js';
import { waitForEnhancedBallot } from '../test/support/ballot-page.js';
import { launchBrowser, openPage, type TestTab } from '../test/support/browser.js';
import { demoRepository, startLiveServer, type LiveServer } from '../test/support/live-server.js';
import { Client } from '../test/web/web-harness.js';

/** The instant the whole demo is seen at; the demo's dates are relative to its day. */
const NOW = new Date('2026-12-01T09:30:00Z');
const DAY = 86_400_000;

const RUNNING = `/app/elections/${DEMO_ELECTION_KEYS.running}`;
const CONSOLE = `/app/elections/${DEMO_ELECTION_KEYS.completed}/admin/`;
const RESULTS = `${CONSOLE}results`;

/** The sizes of the images: a desktop page, the officer pages' main column, a phone. */
const DESKTOP = { width: 1280, height: 900 };
const OFFICER = { width: 1000, height: 900 };
const PHONE = { width: 375, height: 667 };

/** Exception requests filed in the completed election before its exception deadline. */
const REQUESTS = [
  { login: 'kofi-mensah', name: 'Kofi Mensah', description: 'I maintain the documentation site and review most docs pull requests.', daysAgo: 55 },
  { login: 'lena-petrova', name: 'Lena Petrova', description: 'I triage issues for the CLI every week.', daysAgo: 54 },
] as const;

const outDir = resolve(process.argv[2] ?? fileURLToPath(new URL('../docs/screenshots/', import.meta.url)));

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const server = await startLiveServer({ authEnv: { APP_ENV: 'development' }, files: await demoRepository(NOW), seedDemoBallots: true, now: NOW });
  let browser: Browser | undefined;
  try {
    await fileExceptionRequests(server);
    browser = await launchBrowser();
    const shots = new Shots(browser, server);
    await shots.voter();
    await shots.voterOnPhone();
    await shots.officer();
    await shots.officerOnPhone();
  } finally {
    await browser?.close();
    await server.close();
  }
}

async function fileExceptionRequests(server: LiveServer): Promise<void> {
  const electionId = server.view.electionIds.get(DEMO_ELECTION_KEYS.completed);
  if (electionId === undefined) throw new Error('the demo has no completed election');
  for (const { login, name, description, daysAgo } of REQUESTS) {
    const filedAt = new Date(NOW.getTime() - daysAgo * DAY);
    const user = await upsertUserByLogin(server.db, { login, name }, filedAt);
    const input = { name, email: `${login}@example.org`, chat: `@${login}`, description, comments: '' };
    const filed = await createExceptionRequest(server.db, { electionId, userId: user.id, input, now: filedAt });
    if (!filed.ok) throw new Error(`filing ${login}'s exception request was refused: ${JSON.stringify(filed.error)}`);
  }
}

class Shots {
  constructor(
    private readonly browser: Browser,
    private readonly server: LiveServer,
  ) {}

  /**
   * Alice, eligible in the running election: its page (read in Berlin, so that local times
   * show beside the UTC ones), then her ballot with three candidates ranked.
   */
  async voter(): Promise<void> {
    await this.as('alice', { viewport: DESKTOP, timezoneId: 'Europe/Berlin' }, async ({ page }) => {
      await this.visit(page, RUNNING);
      await this.capture(page, 'election.png');

      await this.navigate(page, () => page.getByRole('link', { name: 'Vote', exact: true }).click());
      await waitForEnhancedBallot(page);
      for (const name of ['Henrik Lindqvist', 'Priya Raman', 'Grace Okafor']) {
        await page.getByRole('button', { name: `Rank ${name}` }).click();
      }
      await page.getByLabel('Grace Okafor', { exact: true }).selectOption('2');
      await page.evaluate(() => {
        (document.activeElement as HTMLElement | null)?.blur();
        window.scrollTo(0, 0);
      });
      await page.mouse.move(0, 0);
      await this.capture(page, 'ballot.png');
    });
  }

  /** The ballot without JavaScript on a phone: its first screen. */
  async voterOnPhone(): Promise<void> {
    await this.as('bjorn-e', { viewport: PHONE, javaScriptEnabled: false }, async ({ page }) => {
      await this.visit(page, `${RUNNING}/vote`);
      await this.capture(page, 'ballot-phone.png');
    });
  }

  /** The officer: the console, a request approved, the console with it, the results computed. */
  async officer(): Promise<void> {
    await this.as('officer', { viewport: OFFICER }, async ({ page }) => {
      await this.visit(page, CONSOLE);
      await this.captureMain(page, 'officer-console.png');

      await this.navigate(page, () => page.getByRole('link', { name: 'kofi-mensah' }).click());
      await page.getByLabel(/^Note/).fill('Maintains the docs site.');
      await this.navigate(page, () => page.getByRole('button', { name: /^Approve\W+the request by kofi-mensah$/ }).click());
      await this.visit(page, CONSOLE);
      await page.locator('#voters-to-add pre').waitFor();
      await this.captureMain(page, 'officer-console-decisions.png');

      await this.visit(page, RESULTS);
      await this.navigate(page, () => page.getByRole('button', { name: 'Compute results' }).click());
      await page.getByRole('table', { name: 'Schulze ranking, best first' }).waitFor();
      await this.captureMain(page, 'officer-results.png');
    });
  }

  /** The computed results on a phone, at the pairwise matrix scrolling in its region. */
  async officerOnPhone(): Promise<void> {
    await this.as('officer', { viewport: PHONE }, async ({ page }) => {
      await this.visit(page, RESULTS);
      await page.evaluate(() => document.getElementById('pairwise')?.scrollIntoView());
      await this.capture(page, 'officer-results-phone.png');
    });
  }

  /**
   * A fresh browser tab logged in as `login` through the development login, on UTC unless
   * `options` say otherwise (the officer tables stay compact without local times). The login runs
   * outside the browser and the browser gets the cookies as session cookies: the server's
   * clock is frozen at NOW, and Chromium would judge the cookie's expiry by its own clock.
   */
  private async as(login: string, options: BrowserContextOptions, steps: (tab: TestTab) => Promise<void>): Promise<void> {
    const tab = await openPage(this.browser, { locale: 'en-GB', timezoneId: 'UTC', ...options });
    try {
      if (options.javaScriptEnabled !== false) await tab.context.clock.setFixedTime(NOW);
      const client = await Client.as(this.server.app, login);
      const cookies = client.cookieHeader.split('; ').map((pair) => {
        const at = pair.indexOf('=');
        return { name: pair.slice(0, at), value: pair.slice(at + 1), url: this.server.url };
      });
      await tab.context.addCookies(cookies);
      await steps(tab);
      if (tab.problems.length > 0) throw new Error(`problems in the browser as ${login}:\n${tab.problems.join('\n')}`);
    } finally {
      await tab.close();
    }
  }

  private async visit(page: Page, path: string): Promise<void> {
    const response = await page.goto(`${this.server.url}${path}`);
    if (response?.status() !== 200) throw new Error(`${path} answered ${response?.status() ?? 'nothing'}`);
  }

  /** Runs `action` and fails unless the page it leads to answers 200. */
  private async navigate(page: Page, action: () => Promise<unknown>): Promise<void> {
    const [response] = await Promise.all([page.waitForNavigation(), action()]);
    if (response?.status() !== 200) throw new Error(`${page.url()} answered ${response?.status() ?? 'nothing'}`);
  }

  /** The viewport. */
  private async capture(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: this.path(name), animations: 'disabled' });
    report(name);
  }

  /** The page's main column, all of it. */
  private async captureMain(page: Page, name: string): Promise<void> {
    await page.locator('main').screenshot({ path: this.path(name), animations: 'disabled' });
    report(name);
  }

  private path(name: string): string {
    return resolve(outDir, name);
  }
}

function report(name: string): void {
  console.log(`${name}: ${Math.round(statSync(resolve(outDir, name)).size / 1024)} KiB`);
}

await main();
