/**
 * Browser tests drive Debian's Chromium (`/usr/bin/chromium`, installed by
 * scripts/ensure-chromium.sh; never a downloaded browser build) through playwright-core.
 *
 *   const browser = await launchBrowser();           // once per test file (in `before`)
 *   const tab = await openPage(browser);              // a fresh context + page per test
 *   await tab.page.goto(url);
 *   assert.deepEqual(await axeViolations(tab.page), []);   // WCAG 2.1 AA
 *   assert.deepEqual(tab.problems, []);               // console errors, CSP violations, crashes
 *   await tab.close();
 *   await browser.close();                            // in `after`
 */
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/** Where Chromium is; `CHROMIUM_PATH` overrides it. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Flags for a quiet, offline, headless Chromium in a container (no sandbox: tests run as root). */
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
];

/** Launches Chromium; fails with the install hint when it is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run scripts/ensure-chromium.sh (apt-get install chromium)`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** A page that records everything that should never happen on a page of ours. */
export interface TestTab {
  readonly context: BrowserContext;
  readonly page: Page;
  /**
   * Console errors and warnings, uncaught exceptions, Content Security Policy violations and
   * failed requests, in the order they happened. A clean page leaves it empty.
   */
  readonly problems: string[];
  close(): Promise<void>;
}

export interface OpenPageOptions extends BrowserContextOptions {
  /** Console messages matching this are not problems (e.g. an expected 4xx resource). */
  readonly ignoreConsole?: RegExp;
}

/**
 * A fresh browser context and page. Pass `javaScriptEnabled: false` to test the page without
 * scripts. The Content Security Policy is enforced (leave `bypassCSP` off) so that violations
 * are caught; `axeViolations` works either way.
 */
export async function openPage(browser: Browser, options: OpenPageOptions = {}): Promise<TestTab> {
  const { ignoreConsole, ...contextOptions } = options;
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 }, ...contextOptions });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    const type = message.type();
    if (type !== 'error' && type !== 'warning') return;
    if (ignoreConsole?.test(message.text())) return;
    const where = message.location().url;
    problems.push(`console ${type}: ${message.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    problems.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? '?'})`);
  });
  // Chromium also logs CSP violations to the console; the event names the directive exactly.
  await context.exposeBinding('__reportCspViolation', (_source, text: string) => problems.push(`CSP: ${text}`));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation?: (text: string) => void }).__reportCspViolation;
      report?.(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  return { context, page, problems, close: () => context.close() };
}

// ----- axe-core -------------------------------------------------------------------------------

/** The axe-core rule tags of WCAG 2.1 level A and AA. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly unknown[]; readonly failureSummary?: string }[];
}

let axeSource: string | undefined;

/**
 * Runs axe-core on the page as it is now and returns the violations of the given rule tags
 * (WCAG 2.1 AA by default), in a short form that reads well in an assertion message.
 * The script is evaluated through the DevTools protocol, which the page's CSP does not govern,
 * so it works on pages served with `script-src 'self'` without `bypassCSP`.
 */
export async function axeViolations(
  page: Page,
  options: { readonly tags?: readonly string[]; readonly exclude?: readonly string[] } = {},
): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(axeSource);
  const tags = [...(options.tags ?? WCAG_21_AA)];
  const exclude = [...(options.exclude ?? [])];
  return page.evaluate(
    async ({ tags, exclude }) => {
      type Axe = {
        run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }>;
      };
      const axe = (window as unknown as { axe: Axe }).axe;
      const result = await axe.run(
        { include: [document], exclude: exclude.map((selector) => [selector]) },
        { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] },
      );
      return result.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        nodes: violation.nodes.map((node) => ({ target: node.target, failureSummary: node.failureSummary })),
      }));
    },
    { tags, exclude },
  );
}

/** One line per violation and element, for assertion messages. */
export function formatViolations(violations: readonly AxeViolation[]): string {
  return violations
    .flatMap((violation) =>
      violation.nodes.map(
        (node) =>
          `${violation.id} (${violation.impact ?? '?'}): ${violation.help} at ${JSON.stringify(node.target)}` +
          (node.failureSummary ? `\n  ${node.failureSummary.replace(/\n/g, '\n  ')}` : ''),
      ),
    )
    .join('\n');
}
