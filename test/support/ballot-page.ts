/**
 * Driving the enhanced ballot form (public/js/ballot.js) in a browser test: what is in each
 * zone, what each select says, what has focus, and moving focus or candidates the way a
 * person does — with Tab and Enter, or by dragging a handle with the mouse.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/** Waits until ballot.js has built the two zones. */
export async function waitForEnhancedBallot(page: Page): Promise<void> {
  await page.locator('.ballot-zones').waitFor();
}

/** The candidate names in a zone, top to bottom. */
export async function zone(page: Page, which: 'ranked' | 'unranked'): Promise<string[]> {
  return page.$$eval(`.ballot-${which} .ballot-list > li label`, (labels) => labels.map((l) => l.textContent?.trim() ?? ''));
}

/** Candidate ID → the value of its select ("" = No opinion). */
export async function selects(page: Page): Promise<Record<string, string>> {
  return page.$$eval('select[name^="rank:"]', (elements) =>
    Object.fromEntries(elements.map((e) => [(e as HTMLSelectElement).name.slice(5), (e as HTMLSelectElement).value])),
  );
}

/** What has focus, as "TAG name": a control's label, a button's aria-label or text. */
export async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element) return '';
    const labelled = element as HTMLInputElement;
    const text =
      ['SELECT', 'INPUT', 'TEXTAREA'].includes(element.tagName)
        ? (labelled.labels?.[0]?.textContent ?? '')
        : (element.getAttribute('aria-label') ?? element.textContent ?? '');
    return `${element.tagName} ${text.replace(/\s+/g, ' ').trim()}`;
  });
}

/** Presses Tab (or Shift+Tab) until the focused element's description starts with `wanted`. */
export async function tabTo(page: Page, wanted: string, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press(key);
    const now = await focused(page);
    if (now.startsWith(wanted)) return;
    seen.push(now);
  }
  assert.fail(`never reached "${wanted}" with ${key}; saw:\n${seen.join('\n')}`);
}

/** The box of the first element matching `selector` (that contains the text `name`). */
export async function boxOf(page: Page, selector: string, name?: string) {
  const locator = name ? page.locator(selector, { has: page.getByText(name, { exact: true }) }) : page.locator(selector);
  await locator.first().scrollIntoViewIfNeeded();
  const box = await locator.first().boundingBox();
  assert.ok(box, `no box for ${selector} ${name ?? ''}`);
  return box;
}

/** Drags a candidate by its handle with real pointer moves, dropping at `to` (viewport coordinates). */
export async function drag(page: Page, name: string, to: { x: number; y: number }): Promise<void> {
  const handle = page.locator('.ballot-candidate', { has: page.getByText(name, { exact: true }) }).locator('.ballot-handle');
  const box = await handle.boundingBox();
  assert.ok(box, `no drag handle for ${name}`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 5, box.y + box.height / 2 + 5, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 15 });
  await page.waitForTimeout(50);
  await page.mouse.move(to.x, to.y + 1, { steps: 2 });
  await page.mouse.up();
  await page.waitForTimeout(50);
}
