import type { ComponentChildren } from 'preact';

/** What every page knows about the request; routes build it once per request. */
export interface PageContext {
  readonly appName: string;
  /** The logged-in user's login at the identity source, or null for a visitor. */
  readonly login: string | null;
  /**
   * The request came with a session that could not be read (the database is unavailable): the
   * page knows neither the login nor that there is none, and says so instead of "Log in".
   */
  readonly loginUnchecked?: boolean;
  /** Token for the hidden `_csrf` field of every POST form on the page. */
  readonly csrfToken: string;
  /** True when the development login is on: a warning banner is shown on every page. */
  readonly devLogin: boolean;
  /** The identity source's name ("GitHub", "GitLab", `AUTH_DISPLAY_NAME`) for texts naming it; absent with the development login alone. */
  readonly loginSource?: string;
}

export interface LayoutProps {
  readonly page: PageContext;
  readonly title: string;
  /** Extra self-hosted scripts for this page, as paths under /static/. */
  readonly scripts?: readonly string[];
  readonly children: ComponentChildren;
}

/** The hidden CSRF field every state-changing form carries. */
export function CsrfField({ page }: { page: PageContext }) {
  return <input type="hidden" name="_csrf" value={page.csrfToken} />;
}

/** The frame of every page: skip link, header with navigation and login state, main, footer. */
export function Layout({ page, title, scripts = [], children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${page.appName}`}</title>
        <link rel="stylesheet" href="/static/css/elekto.css" />
        <script src="/static/js/local-time.js" defer />
        {scripts.map((src) => (
          <script src={`/static/${src}`} defer />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        {page.devLogin && (
          <p class="dev-banner" role="note">
            Development login is on: anyone can log in as anyone. Never use this setting in production.
          </p>
        )}
        <header class="site-header">
          <a class="site-name" href="/">
            {page.appName}
          </a>
          <nav aria-label="Main">
            <ul>
              <li>
                <a href={page.login ? '/app/elections' : '/elections'}>Elections</a>
              </li>
              {page.login && (
                <li>
                  <a href="/app">Dashboard</a>
                </li>
              )}
            </ul>
          </nav>
          <div class="session">
            {page.login ? (
              <form method="post" action="/logout">
                <CsrfField page={page} />
                <span class="login">Logged in as {page.login}</span> <button type="submit">Log out</button>
              </form>
            ) : page.loginUnchecked ? (
              <span class="login">Your login cannot be checked right now.</span>
            ) : (
              <a class="button" href="/login">
                Log in
              </a>
            )}
          </div>
        </header>
        <main id="main">{children}</main>
        <footer class="site-footer">
          <p>
            Powered by Elekto: ranked elections counted with the Schulze method or the single transferable vote. Ballots are secret, even from the
            database operator.
          </p>
        </footer>
      </body>
    </html>
  );
}

/**
 * An instant shown in UTC; the self-hosted `local-time.js` adds the reader's local time beside
 * it (without JavaScript the UTC time alone is shown, which is still exact).
 */
export function Time({ at }: { at: Date }) {
  const { iso, utc } = timeTexts(at);
  return (
    <time datetime={iso} data-local-time>
      {utc}
    </time>
  );
}

/**
 * Formatting costs microseconds and a list page shows two instants per election: the texts are
 * kept per `Date` (a catalog's dates are the same objects on every request), together with the
 * instant they were made from, so a `Date` changed in place is formatted again.
 */
const formatted = new WeakMap<Date, { readonly ms: number; readonly iso: string; readonly utc: string }>();

function timeTexts(at: Date): { readonly iso: string; readonly utc: string } {
  const ms = at.getTime();
  let texts = formatted.get(at);
  if (texts === undefined || texts.ms !== ms) {
    const iso = at.toISOString();
    texts = { ms, iso, utc: iso.replace('T', ' ').replace(/:\d\d\.\d{3}Z$/, ' UTC') };
    formatted.set(at, texts);
  }
  return texts;
}

