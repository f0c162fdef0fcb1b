// SPEC §11 over HTTP: security headers, cookies, sanitised candidate bios, safe redirects
// after login, POST-only logout that ends the session in the database, rate-limited logins,
// error pages with their real status and no internals, and the login wall around /app.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import type { CatalogView } from '../../src/app/catalog-store.js';
import type { Database } from '../../src/storage/schema.js';
import { candidateMd } from '../meta/meta-helpers.js';
import { cspDirective } from '../support/csp.js';
import { describeEachDialect } from '../storage/test-databases.js';
import { buildTestApp, Client, KEYS, LOGINS, openTestDatabase, rankFields, testAppOn, testRepositoryFiles } from './web-harness.js';

const running = `/app/elections/${KEYS.running}`;

/** A bio written to attack whoever reads it (SPEC §11, *Fix*: stored XSS in Elekto 0.6). */
const HOSTILE_BIO = [
  'I maintain the scheduler.',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">my site</a>',
  '<div style="position:fixed" onclick="alert(1)">click</div>',
  '[docs](javascript:alert(1))',
].join('\n\n');

/** Stack frames, source paths and internal messages never reach a page. */
function assertNoInternals(response: LightMyRequestResponse): void {
  assert.doesNotMatch(response.body, /\bat [^\s]+ \(|\.tsx?:\d+|node_modules|secret-internal-detail/, response.body.slice(0, 500));
}


async function sessionCount(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('session').select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describeEachDialect('web security', (dialect) => {
  let close: () => Promise<void>;
  let db: Kysely<Database>;
  let app: FastifyInstance;
  let view: CatalogView;

  before(async () => {
    ({ db, close } = await openTestDatabase(dialect));
    const files = testRepositoryFiles({ 'elections/board/running/candidate-ada.md': candidateMd('ada', HOSTILE_BIO) });
    ({ app, view } = await testAppOn(db, files));
  });

  after(async () => {
    await app?.close();
    await close?.();
  });

  it('sends a Content Security Policy without inline script, and forbids framing', async () => {
    const voter = await Client.as(app, LOGINS.voter);
    for (const url of ['/elections', `${running}/vote`, '/no/such/page']) {
      const response = await voter.get(url);
      const csp = String(response.headers['content-security-policy'] ?? '');
      assert.equal(cspDirective(csp, 'script-src'), "'self'", `${url}: ${csp}`);
      assert.equal(cspDirective(csp, 'default-src'), "'self'", url);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, url);
      assert.equal(cspDirective(csp, 'frame-ancestors'), "'none'", url);
      assert.equal(cspDirective(csp, 'object-src'), "'none'", url);
      assert.equal(cspDirective(csp, 'form-action'), "'self'", `${url}: forms post here only`);
      assert.match(String(response.headers['x-frame-options']), /^(DENY|SAMEORIGIN)$/, url);
      assert.equal(response.headers['x-content-type-options'], 'nosniff', url);
      // The page itself obeys the policy: only external scripts, no inline handlers.
      for (const [tag] of response.body.matchAll(/<script\b[^>]*>/g)) assert.match(tag, /\bsrc="\/static\//, `${url}: ${tag}`);
      assert.doesNotMatch(response.body, /<[^>]+\son[a-z]+=/i, url);
    }
  });

  it('sets HttpOnly SameSite cookies, and Secure ones with HSTS behind HTTPS', async () => {
    const visitor = new Client(app);
    const form = await visitor.get('/login');
    const login = await visitor.postForm('/login/development', { username: LOGINS.voter, next: '/app' });
    assert.equal(login.statusCode, 303);
    const cookies = [...form.cookies, ...login.cookies];
    for (const name of ['elekto_csrf', 'elekto_session']) {
      const cookie = cookies.find((c) => c.name === name);
      assert.ok(cookie, `${name} is set`);
      assert.equal(cookie.httpOnly, true, name);
      assert.equal(String(cookie.sameSite).toLowerCase(), 'lax', name);
      assert.equal(cookie.path, '/', name);
    }

    const https = await buildTestApp(db, view, { env: { APP_URL: 'https://elekto.example' } });
    try {
      const secure = await new Client(https).postForm('/login/development', { username: LOGINS.voter, next: '/app' });
      assert.equal(secure.statusCode, 303);
      const session = secure.cookies.find((c) => c.name === 'elekto_session');
      assert.equal(session?.secure, true);
      assert.match(String(secure.headers['strict-transport-security']), /max-age=\d+/);
    } finally {
      await https.close();
    }
  });

  it('renders a candidate bio without its scripts, event handlers and javascript: links', async () => {
    const voter = await Client.as(app, LOGINS.voter);
    for (const [client, url] of [
      [new Client(app), `/elections/${KEYS.running}/candidates/ada`],
      [voter, `${running}/candidates/ada`],
      [new Client(app), `/elections/${KEYS.running}`],
    ] as const) {
      const page = await client.get(url);
      assert.equal(page.statusCode, 200, url);
      assert.doesNotMatch(page.body, /<script>|<script[^>]*>alert|\sonerror=|\sonclick=|href="javascript:|\sstyle=/i, url);
    }
    const profile = await voter.get(`${running}/candidates/ada`);
    assert.match(profile.body, /I maintain the scheduler\./);
  });

  it('redirects after login only to a path on this site', async () => {
    const hostile = ['//evil.example', 'https://evil.example', 'http://evil.example/app', '/\\evil.example', '/%2F%2Fevil.example', 'javascript:alert(1)', '///evil.example'];
    for (const next of hostile) {
      const visitor = new Client(app);
      const login = await visitor.postForm('/login/development', { username: LOGINS.voter, next });
      assert.equal(login.statusCode, 303, next);
      assert.equal(login.headers.location, '/app', next);
      const form = await new Client(app).get(`/login?next=${encodeURIComponent(next)}`);
      assert.match(form.body, /name="next" value="\/app"/, next);
      const loggedIn = await visitor.get(`/login?next=${encodeURIComponent(next)}`);
      assert.equal(loggedIn.headers.location, '/app', next);
    }
    const wanted = `${running}/vote?from=mail`;
    const login = await new Client(app).postForm('/login/development', { username: LOGINS.voter, next: wanted });
    assert.equal(login.headers.location, wanted, 'a path on this site is kept');
  });

  it('logs out only by POST, which ends the session in the database', async () => {
    const voter = await Client.as(app, LOGINS.voter);
    const stolenCookie = voter.cookieHeader;
    const sessions = await sessionCount(db);

    assert.equal((await voter.get('/logout')).statusCode, 404);
    assert.equal((await voter.postForm('/logout', {}, { csrf: false })).statusCode, 403, 'a cross-site logout is refused');
    assert.equal(await sessionCount(db), sessions);
    assert.equal((await voter.get('/app')).statusCode, 200, 'still logged in');

    const logout = await voter.postForm('/logout', {});
    assert.equal(logout.statusCode, 303);
    assert.equal(logout.headers.location, '/');
    assert.equal(await sessionCount(db), sessions - 1, 'the session row is deleted');
    assert.equal((await voter.get('/app')).statusCode, 302, 'the browser is logged out');
    const replayed = await app.inject({ method: 'GET', url: '/app', headers: { cookie: stolenCookie } });
    assert.equal(replayed.statusCode, 302, 'the old session cookie no longer works');
  });

  it('sends visitors of /app to the login page and back, and refuses their POSTs with 401', async () => {
    const visitor = new Client(app);
    const target = `${running}/vote`;
    const redirect = await visitor.get(target);
    assert.equal(redirect.statusCode, 302);
    assert.equal(redirect.headers.location, `/login?next=${encodeURIComponent(target)}`);
    const form = await visitor.get(String(redirect.headers.location));
    assert.match(form.body, new RegExp(`name="next" value="${target}"`));
    assert.equal((await visitor.get('/')).headers.location, '/elections');
    const head = await app.inject({ method: 'HEAD', url: target });
    assert.deepEqual([head.statusCode, head.headers.location], [302, redirect.headers.location], 'HEAD answers as GET does');

    const post = await visitor.postForm(target, rankFields({ ada: 1, grace: 2 }));
    assert.equal(post.statusCode, 401);
    assert.match(post.body, /Your login expired, so nothing was saved\./, 'a ballot form answers with the ranking kept (expired-login.test.ts)');
    assert.match(post.body, /href="\/login\?next=/);
    assertNoInternals(post);
    const exception = await visitor.postForm(`${target.replace(/\/vote$/, '')}/exception`, { name: 'Mallory' });
    assert.equal(exception.statusCode, 401);
    assert.match(exception.body, /Please log in first\./, 'other forms are refused before their body is read');

    const login = await visitor.postForm('/login/development', { username: LOGINS.voter, next: target });
    assert.equal(login.headers.location, target);
    assert.equal((await visitor.get(target)).statusCode, 200);
    assert.equal((await visitor.get('/')).headers.location, '/app');
  });

  it('answers every error with its status and a page without internals', async () => {
    const voter = await Client.as(app, LOGINS.voter);
    const visitor = new Client(app);
    const cases: [string, () => Promise<LightMyRequestResponse>, number][] = [
      ['an unknown page', () => visitor.get('/no/such/page'), 404],
      ['an unknown election', () => voter.get('/app/elections/board---nope'), 404],
      ['a bad status filter', () => visitor.get('/elections?status=all'), 400],
      ['a visitor POST under /app', () => visitor.postForm(`${running}/vote`, {}), 401],
      ['a form without CSRF token', () => voter.postForm(`${running}/vote`, {}, { csrf: false }), 403],
      ['a ballot before the start', () => voter.postForm(`/app/elections/${KEYS.upcoming}/vote`, rankFields({ ada: 1 })), 409],
      ['an invalid ballot', () => voter.postForm(`${running}/vote`, rankFields({ ada: 9 })), 422],
      ['a body above the limit', () => voter.postForm(`${running}/vote`, { comment: 'x'.repeat(70_000) }), 413],
      ['a JSON body on a form route', () => app.inject({ method: 'POST', url: '/login/development', headers: { 'content-type': 'application/json' }, payload: '{"username":' }), 415],
      ['a repeated form field', () => voter.postForm(`${running}/vote`, new URLSearchParams([['x', '1'], ['x', '2']])), 400],
    ];
    for (const [what, send, status] of cases) {
      const response = await send();
      assert.equal(response.statusCode, status, `${what}: ${response.body.slice(0, 300)}`);
      assert.match(String(response.headers['content-type']), /^text\/html/, what);
      assertNoInternals(response);
    }

    const broken = await buildTestApp(db, view, {
      catalog: () => {
        throw new Error('secret-internal-detail at /srv/elekto/src/app/catalog-store.ts:12:3');
      },
    });
    try {
      const failure = await broken.inject({ method: 'GET', url: '/elections' });
      assert.equal(failure.statusCode, 500);
      assert.match(failure.body, /Something went wrong on our side/);
      assertNoInternals(failure);
    } finally {
      await broken.close();
    }
  });

  it('limits development logins per address, answering 429', async () => {
    const limited = await buildTestApp(db, view);
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 21; attempt += 1) {
        statuses.push((await new Client(limited).postForm('/login/development', { username: `user${attempt}`, next: '/app' })).statusCode);
      }
      assert.deepEqual(statuses, [...Array<number>(20).fill(303), 429]);
      const refused = await new Client(limited).postForm('/login/development', { username: 'one-more', next: '/app' });
      assert.equal(refused.statusCode, 429);
      assert.match(refused.body, /Too many attempts/);
      assert.ok(refused.headers['retry-after'], 'says when to try again');
      assertNoInternals(refused);
    } finally {
      await limited.close();
    }
  });
});
