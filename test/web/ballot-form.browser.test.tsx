/**
 * The ballot form in Chromium: with JavaScript (drag and drop, keyboard buttons, selects kept in
 * step), without JavaScript (plain selects), under the real Content Security Policy, and checked
 * with axe-core against WCAG 2.1 AA.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { boxOf, drag, focused, selects, tabTo, zone } from '../support/ballot-page.js';
import { renderPage } from '../../src/web/render.js';
import { BALLOT_SCRIPTS, BallotForm, type BallotFormProps } from '../../src/web/views/ballot-form.js';
import { Layout, Time, type PageContext } from '../../src/web/views/layout.js';
import { axeViolations, formatViolations, launchBrowser, openPage, type TestTab } from '../support/browser.js';
import { startStaticServer, type StaticServer } from '../support/static-server.js';

const context: PageContext = { appName: 'Elekto', login: 'voter1', csrfToken: 'csrf-token-123', devLogin: false };
const CANDIDATES = [
  { id: 'alice', name: 'Alice Liddell' },
  { id: 'bob', name: 'Bob Ōkubo' },
  { id: 'carol', name: 'Carol Danvers' },
  { id: 'dave', name: 'Dave' },
  { id: 'x:1', name: '<img src=x onerror=alert(1)>' },
] as const;
const ALL_UNRANKED = { alice: '', bob: '', carol: '', dave: '', 'x:1': '' };

function ballotPage(extra: Partial<BallotFormProps> = {}): () => string {
  const props: BallotFormProps = {
    page: context,
    election: { key: 'steering---2025', name: 'Steering Committee 2025', allowNoOpinion: true },
    candidates: CANDIDATES,
    mode: 'cast',
    minPassphraseLength: 6,
    action: '/vote',
    ...extra,
  };
  return () =>
    renderPage(
      <Layout page={context} title="Vote" scripts={BALLOT_SCRIPTS}>
        <BallotForm {...props} />
      </Layout>,
    );
}

let browser: Browser;
let server: StaticServer;

before(async () => {
  server = await startStaticServer({
    pages: {
      '/ballot': ballotPage(),
      '/ballot-required': ballotPage({ election: { key: 'k', name: 'Every candidate', allowNoOpinion: false } }),
      '/ballot-errors': ballotPage({
        errors: [
          { message: 'The rank for dave must be a whole number from 1 to 5.', candidate: 'dave' },
          { message: 'The two passphrases are different.', field: 'passphrase-confirmation' },
        ],
        ranks: new Map<string, number | string>([['alice', 2], ['dave', '9']]),
      }),
      '/ballot-tied': ballotPage({ warning: 'all-tied', ranks: new Map([['alice', 1], ['bob', 1]]) }),
      '/ballot-demo': ballotPage({
        election: { key: 'steering---2025', name: 'Steering Committee Election 2025', allowNoOpinion: true },
        candidates: [
          { id: 'jkeller', name: 'Jonas Keller' },
          { id: 'amartin', name: 'Ana Martín' },
          { id: 'praman', name: 'Priya Raman' },
          { id: 'okoye', name: 'Chidi Okoye' },
          { id: 'mtanaka', name: 'Mei Tanaka' },
        ],
      }),
      '/times': () =>
        renderPage(
          <Layout page={context} title="Times">
            <p>
              Voting closes <Time at={new Date('2030-10-01T00:00:00Z')} />.
            </p>
          </Layout>,
        ),
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a page with JavaScript on and waits until ballot.js has built the two zones. */
async function openBallot(path = '/ballot', options: Parameters<typeof openPage>[1] = {}): Promise<TestTab> {
  const tab = await openPage(browser, options);
  await tab.page.goto(server.url + path);
  await tab.page.locator('.ballot-zones').waitFor();
  return tab;
}







async function assertAccessible(page: Page, when: string): Promise<void> {
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, `axe (WCAG 2.1 AA) ${when}:\n${formatViolations(violations)}`);
}

function lastPost(): Record<string, string> {
  const post = server.posts.at(-1);
  assert.ok(post, 'the form was not submitted');
  assert.equal(post.contentType, 'application/x-www-form-urlencoded');
  const fields = Object.fromEntries(post.fields);
  assert.equal(Object.keys(fields).length, post.fields.length, 'a field was sent twice');
  return fields;
}

/** The rank fields of a post, by candidate ID. */
function postedRanks(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([name]) => name.startsWith('rank:'))
      .map(([name, value]) => [name.slice(5), value]),
  );
}

describe('ballot form without JavaScript', () => {
  test('the plain selects rank the candidates and the form submits them', async () => {
    const tab = await openPage(browser, { javaScriptEnabled: false });
    try {
      await tab.page.goto(`${server.url}/ballot`);
      assert.equal(await tab.page.locator('.ballot-zones').count(), 0, 'no enhancement without JavaScript');
      assert.deepEqual(await selects(tab.page), ALL_UNRANKED, 'every candidate starts unranked');
      await tab.page.getByLabel('Carol Danvers', { exact: true }).selectOption('1');
      await tab.page.getByLabel('Alice Liddell', { exact: true }).selectOption('2');
      await tab.page.getByLabel('<img src=x onerror=alert(1)>', { exact: true }).selectOption('2');
      const before = server.posts.length;
      await Promise.all([tab.page.waitForURL(`${server.url}/vote`), tab.page.getByRole('button', { name: 'Cast ballot' }).click()]);
      assert.equal(server.posts.length, before + 1);
      const fields = lastPost();
      assert.deepEqual(postedRanks(fields), { alice: '2', bob: '', carol: '1', dave: '', 'x:1': '2' });
      assert.equal(fields['_csrf'], 'csrf-token-123');
      assert.equal(fields['confirm'], '');
      assert.equal(fields['passphrase'], '');
      assert.deepEqual(tab.problems, []);
    } finally {
      await tab.close();
    }
  });

  test('the page as served has no axe violations (scripts stubbed out)', async () => {
    for (const path of ['/ballot', '/ballot-errors', '/ballot-tied', '/ballot-required']) {
      const tab = await openPage(browser);
      try {
        // axe needs script in the page, so stub ballot.js and Sortable instead of disabling JS.
        await tab.page.route(/\/static\/(js\/ballot\.js|vendor\/Sortable\.min\.js)$/, (route) =>
          route.fulfill({ contentType: 'text/javascript', body: '// stubbed by the test' }),
        );
        await tab.page.goto(server.url + path);
        assert.equal(await tab.page.locator('.ballot-zones').count(), 0);
        await assertAccessible(tab.page, `on ${path} before enhancement`);
        assert.deepEqual(tab.problems, []);
      } finally {
        await tab.close();
      }
    }
  });
});

describe('ballot form with JavaScript', () => {
  test('it builds the two zones, everyone unranked, without console errors or CSP violations', async () => {
    const tab = await openBallot();
    try {
      assert.deepEqual(await zone(tab.page, 'ranked'), []);
      assert.deepEqual(await zone(tab.page, 'unranked'), CANDIDATES.map((c) => c.name));
      assert.deepEqual(await selects(tab.page), ALL_UNRANKED);
      assert.equal(await tab.page.locator('select[name^="rank:"]:visible').count(), CANDIDATES.length, 'selects stay visible');
      assert.equal(await tab.page.evaluate('typeof window.Sortable'), 'function');
      assert.deepEqual(tab.problems, []);
      assert.ok(server.requests.includes('GET /static/vendor/Sortable.min.js'));
    } finally {
      await tab.close();
    }
  });

  test('candidates can be ranked with the keyboard alone', async () => {
    const tab = await openBallot();
    const { page } = tab;
    try {
      await tabTo(page, 'BUTTON Rank Carol Danvers');
      await page.keyboard.press('Enter');
      assert.equal(await focused(page), 'BUTTON Remove Carol Danvers from your ranking', 'focus stays on the moved candidate');
      await tabTo(page, 'BUTTON Rank Alice Liddell');
      await page.keyboard.press('Space');
      await tabTo(page, 'BUTTON Move up: Alice Liddell', 'Shift+Tab');
      await page.keyboard.press('Enter');
      assert.equal(await focused(page), 'BUTTON Move up: Alice Liddell');
      assert.deepEqual(await zone(page, 'ranked'), ['Alice Liddell', 'Carol Danvers']);
      await page.keyboard.press('Enter'); // already first: nothing moves, the reason is announced
      await page.waitForTimeout(120);
      assert.equal(await page.locator('[data-ballot-status]').textContent(), 'Alice Liddell is already first in your ranking.');

      await tabTo(page, 'BUTTON Rank Bob Ōkubo');
      await page.keyboard.press('Enter');
      await tabTo(page, 'BUTTON Move up: Bob Ōkubo', 'Shift+Tab');
      await page.keyboard.press('Enter');
      await page.waitForTimeout(120);
      assert.equal(await page.locator('[data-ballot-status]').textContent(), 'Bob Ōkubo: rank 2.');
      assert.deepEqual(await zone(page, 'ranked'), ['Alice Liddell', 'Bob Ōkubo', 'Carol Danvers']);

      // A select operated with the arrow keys ties Dave with Bob.
      await tabTo(page, 'SELECT Dave');
      for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowDown');
      assert.equal(await page.getByLabel('Dave', { exact: true }).inputValue(), '2');
      assert.equal(await focused(page), 'SELECT Dave', 'the select keeps focus when it moves');
      // Dave passed rank 1 (tied with Alice, after her) on the way, so he now comes before Bob.
      assert.deepEqual(await zone(page, 'ranked'), ['Alice Liddell', 'Dave', 'Bob Ōkubo', 'Carol Danvers']);

      assert.deepEqual(await selects(page), { alice: '1', bob: '2', carol: '3', dave: '2', 'x:1': '' });
      await tabTo(page, 'BUTTON Cast ballot');
      await Promise.all([page.waitForURL(`${server.url}/vote`), page.keyboard.press('Enter')]);
      const fields = lastPost();
      assert.deepEqual(postedRanks(fields), { alice: '1', bob: '2', carol: '3', dave: '2', 'x:1': '' });
      assert.equal(fields['_csrf'], 'csrf-token-123');
      assert.equal(fields['confirm'], '');
      assert.deepEqual(tab.problems, []);
    } finally {
      await tab.close();
    }
  });

  test('candidates can be ranked by drag and drop', async () => {
    const tab = await openBallot('/ballot', { viewport: { width: 1024, height: 1600 } });
    const { page } = tab;
    try {
      const ranked = await boxOf(page, '.ballot-ranked .ballot-list');
      await drag(page, 'Carol Danvers', { x: ranked.x + ranked.width / 2, y: ranked.y + ranked.height / 2 });
      assert.deepEqual(await zone(page, 'ranked'), ['Carol Danvers']);
      assert.equal((await selects(page))['carol'], '1');

      const list = await boxOf(page, '.ballot-ranked .ballot-list');
      await drag(page, 'Dave', { x: list.x + list.width / 2, y: list.y + list.height - 6 });
      assert.deepEqual(await zone(page, 'ranked'), ['Carol Danvers', 'Dave']);

      const top = await boxOf(page, '.ballot-ranked .ballot-candidate', 'Carol Danvers');
      await drag(page, 'Alice Liddell', { x: top.x + top.width / 2, y: top.y + 4 });
      assert.deepEqual(await zone(page, 'ranked'), ['Alice Liddell', 'Carol Danvers', 'Dave']);
      assert.deepEqual(await selects(page), { alice: '1', bob: '', carol: '2', dave: '3', 'x:1': '' });

      // Reorder inside the ranking: Dave to the top.
      const first = await boxOf(page, '.ballot-ranked .ballot-candidate', 'Alice Liddell');
      await drag(page, 'Dave', { x: first.x + first.width / 2, y: first.y + 4 });
      assert.deepEqual(await zone(page, 'ranked'), ['Dave', 'Alice Liddell', 'Carol Danvers']);

      // Back out of the ranking.
      const unranked = await boxOf(page, '.ballot-unranked .ballot-list');
      await drag(page, 'Alice Liddell', { x: unranked.x + unranked.width / 2, y: unranked.y + unranked.height - 8 });
      assert.deepEqual(await zone(page, 'ranked'), ['Dave', 'Carol Danvers']);
      assert.deepEqual(await zone(page, 'unranked'), ['Alice Liddell', 'Bob Ōkubo', '<img src=x onerror=alert(1)>']);
      assert.deepEqual(await selects(page), { alice: '', bob: '', carol: '2', dave: '1', 'x:1': '' });

      await Promise.all([page.waitForURL(`${server.url}/vote`), page.getByRole('button', { name: 'Cast ballot' }).click()]);
      assert.deepEqual(postedRanks(lastPost()), { alice: '', bob: '', carol: '2', dave: '1', 'x:1': '' });
      assert.deepEqual(tab.problems, []);
    } finally {
      await tab.close();
    }
  });

  test('changing a select re-sorts the lists, and ties made there are kept', async () => {
    const tab = await openBallot();
    const { page } = tab;
    try {
      await page.getByLabel('Bob Ōkubo', { exact: true }).selectOption('2');
      await page.getByLabel('Dave', { exact: true }).selectOption('1');
      assert.deepEqual(await zone(page, 'ranked'), ['Dave', 'Bob Ōkubo']);
      await page.getByLabel('Alice Liddell', { exact: true }).selectOption('1');
      assert.deepEqual(await zone(page, 'ranked'), ['Dave', 'Alice Liddell', 'Bob Ōkubo']);
      assert.deepEqual(await selects(page), { alice: '1', bob: '2', carol: '', dave: '1', 'x:1': '' });
      await page.waitForTimeout(120);
      assert.equal(await page.locator('[data-ballot-status]').textContent(), 'Alice Liddell: rank 1, tied with Dave.');

      // Moving Bob up puts him between the tied pair: ranks are renumbered 1, 2, 3.
      await page.getByRole('button', { name: 'Move up: Bob Ōkubo' }).click();
      assert.deepEqual(await zone(page, 'ranked'), ['Dave', 'Bob Ōkubo', 'Alice Liddell']);
      assert.deepEqual(await selects(page), { alice: '3', bob: '2', carol: '', dave: '1', 'x:1': '' });

      // Tie Carol and Bob through the select, then rank the last candidate: the tie survives.
      await page.getByLabel('Carol Danvers', { exact: true }).selectOption('2');
      await page.getByRole('button', { name: 'Rank <img src=x onerror=alert(1)>' }).click();
      assert.deepEqual(await selects(page), { alice: '3', bob: '2', carol: '2', dave: '1', 'x:1': '4' });

      await page.getByLabel('Dave', { exact: true }).selectOption('');
      assert.deepEqual(await zone(page, 'ranked'), ['Bob Ōkubo', 'Carol Danvers', 'Alice Liddell', '<img src=x onerror=alert(1)>']);
      assert.deepEqual(await zone(page, 'unranked'), ['Dave']);

      await page.getByRole('button', { name: 'Remove Alice Liddell from your ranking' }).click();
      assert.deepEqual(await selects(page), { alice: '', bob: '1', carol: '1', dave: '', 'x:1': '2' });
      assert.deepEqual(tab.problems, []);
    } finally {
      await tab.close();
    }
  });

  test('an empty ballot is warned about once, then submitted with its confirmation', async () => {
    const tab = await openBallot();
    const { page } = tab;
    try {
      const before = server.posts.length;
      await page.getByRole('button', { name: 'Cast ballot' }).click();
      const warning = page.locator('.ballot-form .notice--warning');
      await warning.waitFor();
      assert.match((await warning.textContent()) ?? '', /You have not ranked any candidate/);
      assert.equal(server.posts.length, before, 'the first press only warns');
      await assertAccessible(page, 'with the client-side warning shown');

      await Promise.all([page.waitForURL(`${server.url}/vote`), page.getByRole('button', { name: 'Cast ballot' }).click()]);
      const fields = lastPost();
      assert.equal(fields['confirm'], 'empty');
      assert.deepEqual(postedRanks(fields), ALL_UNRANKED);
      assert.deepEqual(tab.problems, []);
    } finally {
      await tab.close();
    }
  });

  test('a ballot that changes kind after the warning is warned about again', async () => {
    const tab = await openBallot();
    const { page } = tab;
    try {
      await page.getByRole('button', { name: 'Cast ballot' }).click();
      await page.locator('.ballot-form .notice--warning').waitFor();
      await page.getByRole('button', { name: 'Rank Bob Ōkubo' }).click();
      assert.equal(await page.locator('.ballot-form .notice--warning').isVisible(), false, 'the stale warning is gone');
      const before = server.posts.length;
      await page.getByRole('button', { name: 'Cast ballot' }).click();
      const warning = page.locator('.ballot-form .notice--warning');
      await warning.waitFor();
      assert.match((await warning.textContent()) ?? '', /does not prefer any candidate/);
      assert.equal(server.posts.length, before);
      await Promise.all([page.waitForURL(`${server.url}/vote`), page.getByRole('button', { name: 'Cast ballot' }).click()]);
      assert.equal(lastPost()['confirm'], 'all-tied');
    } finally {
      await tab.close();
    }
  });

  test('after the server’s warning the re-displayed ballot submits its confirmation straight away', async () => {
    const tab = await openBallot('/ballot-tied');
    const { page } = tab;
    try {
      assert.deepEqual(await zone(page, 'ranked'), ['Alice Liddell', 'Bob Ōkubo']);
      assert.match(await focused(page), /^DIV Please confirm your ballot/);
      await assertAccessible(page, 'on the server warning after enhancement');
      await Promise.all([page.waitForURL(`${server.url}/vote`), page.getByRole('button', { name: 'Cast ballot' }).click()]);
      const fields = lastPost();
      assert.equal(fields['confirm'], 'all-tied');
      assert.deepEqual(postedRanks(fields), { alice: '1', bob: '1', carol: '', dave: '', 'x:1': '' });
      assert.deepEqual(tab.problems, []);
    } finally {
      await tab.close();
    }
  });

  test('errors: the summary takes focus, its links reach the fields, ranks are shown again', async () => {
    const tab = await openBallot('/ballot-errors');
    const { page } = tab;
    try {
      assert.match(await focused(page), /^DIV There is a problem/);
      assert.deepEqual(await zone(page, 'ranked'), ['Alice Liddell']);
      await page.getByRole('link', { name: 'The rank for dave must be a whole number from 1 to 5.' }).click();
      assert.equal(await focused(page), 'SELECT Dave');
      await assertAccessible(page, 'on the error page after enhancement');
      assert.deepEqual(tab.problems, []);
    } finally {
      await tab.close();
    }
  });

  test('differing passphrases are caught before the form is sent', async () => {
    const tab = await openBallot();
    const { page } = tab;
    try {
      await page.getByRole('button', { name: 'Rank Alice Liddell' }).click();
      await page.getByRole('button', { name: 'Rank Bob Ōkubo' }).click();
      await page.getByLabel('Passphrase', { exact: true }).fill('correct horse');
      await page.getByLabel('Type the passphrase again').fill('correct hose');
      const before = server.posts.length;
      await page.getByRole('button', { name: 'Cast ballot' }).click();
      await page.waitForTimeout(200);
      assert.equal(server.posts.length, before);
      await page.getByLabel('Type the passphrase again').fill('correct horse');
      await Promise.all([page.waitForURL(`${server.url}/vote`), page.getByRole('button', { name: 'Cast ballot' }).click()]);
      const fields = lastPost();
      assert.equal(fields['passphrase'], 'correct horse');
      assert.equal(fields['passphrase_confirmation'], 'correct horse');
      assert.deepEqual(postedRanks(fields), { alice: '1', bob: '2', carol: '', dave: '', 'x:1': '' });
    } finally {
      await tab.close();
    }
  });

  test('when every candidate must be ranked the browser refuses a partial ballot', async () => {
    const tab = await openBallot('/ballot-required');
    const { page } = tab;
    try {
      await page.getByRole('button', { name: 'Rank Alice Liddell' }).click();
      const before = server.posts.length;
      await page.getByRole('button', { name: 'Cast ballot' }).click();
      await page.waitForTimeout(200);
      assert.equal(server.posts.length, before);
      for (const candidate of CANDIDATES.slice(1)) {
        await page.getByRole('button', { name: `Rank ${candidate.name}` }).click();
      }
      await Promise.all([page.waitForURL(`${server.url}/vote`), page.getByRole('button', { name: 'Cast ballot' }).click()]);
      assert.deepEqual(postedRanks(lastPost()), { alice: '1', bob: '2', carol: '3', dave: '4', 'x:1': '5' });
    } finally {
      await tab.close();
    }
  });

  test('the enhanced page has no axe violations', async () => {
    const tab = await openBallot();
    const { page } = tab;
    try {
      await assertAccessible(page, 'with nothing ranked');
      await page.getByRole('button', { name: 'Rank Carol Danvers' }).click();
      await page.getByRole('button', { name: 'Rank Dave' }).click();
      await page.getByLabel('Bob Ōkubo', { exact: true }).selectOption('2');
      await assertAccessible(page, 'with some candidates ranked');
      for (const candidate of CANDIDATES) {
        if (!['carol', 'dave', 'bob'].includes(candidate.id)) {
          await page.getByRole('button', { name: `Rank ${candidate.name}` }).click();
        }
      }
      await assertAccessible(page, 'with every candidate ranked');
      assert.deepEqual(tab.problems, []);
    } finally {
      await tab.close();
    }
  });

  test('every control shows a focus ring when reached with Tab', async () => {
    const tab = await openBallot('/ballot-errors');
    const { page } = tab;
    try {
      await page.getByRole('button', { name: 'Rank Carol Danvers' }).click();
      await page.locator('h1').click(); // start tabbing from the page, not from a button
      const seen = new Set<string>();
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        const ring = await page.evaluate(() => {
          const element = document.activeElement as HTMLElement | null;
          if (!element || element === document.body) return null;
          const style = getComputedStyle(element);
          const name = element.getAttribute('aria-label') ?? (element.id ? `#${element.id}` : (element.textContent ?? ''));
          return { what: `${element.tagName} ${name}`, style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
        });
        if (ring === null) break; // past the last control
        seen.add(ring.what);
        assert.ok(ring.style !== 'none' && ring.width >= 2, `no focus ring on ${ring.what}: ${ring.style} ${ring.width}px`);
      }
      // 2 error links, 5 selects, 3 buttons for each of 2 ranked, 1 for each of 3 unranked, the checked
      // passphrase choice (a radio group is one Tab stop), 2 passphrases, submit.
      assert.equal(seen.size, 2 + 5 + 2 * 3 + 3 + 1 + 2 + 1, `tabbing reached every control: ${[...seen].join(' | ')}`);
    } finally {
      await tab.close();
    }
  });

  test('the ballot reflows at 320 px without horizontal scrolling', async () => {
    const tab = await openBallot('/ballot-errors', { viewport: { width: 320, height: 640 } });
    const { page } = tab;
    try {
      await page.getByRole('button', { name: 'Rank Carol Danvers' }).click();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 320, `page is ${width}px wide at a 320px viewport`);
      await assertAccessible(page, 'at 320 px');
    } finally {
      await tab.close();
    }
  });
});

describe('local-time.js', () => {
  test('adds the reader’s local time beside each UTC time', async () => {
    const tab = await openPage(browser, { timezoneId: 'Europe/Paris', locale: 'en-GB' });
    try {
      await tab.page.goto(`${server.url}/times`);
      const text = await tab.page.locator('main p').textContent();
      assert.match(text ?? '', /^Voting closes 2030-10-01 00:00 UTC \(your time: Tue,? 1 Oct 2030,? 02:00 CEST\)\.$/);
      assert.deepEqual(tab.problems, []);
    } finally {
      await tab.close();
    }
  });

  test('adds nothing for a reader whose clock is on UTC', async () => {
    const tab = await openPage(browser, { timezoneId: 'UTC' });
    try {
      await tab.page.goto(`${server.url}/times`);
      assert.equal(await tab.page.locator('main p').textContent(), 'Voting closes 2030-10-01 00:00 UTC.');
    } finally {
      await tab.close();
    }
  });
});
