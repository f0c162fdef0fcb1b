// SPEC §11 "self-hosted assets": the stylesheet and scripts every page links are served by the
// application itself (CSP 'self'), cacheable and revalidated by content, and nothing else is:
// no other file of public/, of SortableJS's package or of the project answers under /static/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { testApp, openTestDatabase } from './web-harness.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const SORTABLE = createRequire(import.meta.url).resolve('sortablejs/Sortable.min.js');

/** Every asset a page can link, with the bytes it must serve. */
const ASSETS: readonly (readonly [string, string, RegExp])[] = [
  ['/static/css/elekto.css', `${ROOT}public/css/elekto.css`, /^text\/css; charset=utf-8$/],
  ['/static/js/ballot.js', `${ROOT}public/js/ballot.js`, /^text\/javascript; charset=utf-8$/],
  ['/static/js/local-time.js', `${ROOT}public/js/local-time.js`, /^text\/javascript; charset=utf-8$/],
  ['/static/vendor/Sortable.min.js', SORTABLE, /^text\/javascript; charset=utf-8$/],
];

// The app needs a database to start; assets never touch it, so one dialect is enough here.
describe('static assets', () => {
  let app: FastifyInstance;
  let close: () => Promise<void>;

  before(async () => {
    const opened = await openTestDatabase('sqlite');
    close = opened.close;
    ({ app } = await testApp(opened.db));
  });

  after(async () => {
    await app?.close();
    await close?.();
  });

  it('serves every linked asset with its type, a public cache lifetime and a content ETag', async () => {
    for (const [url, file, type] of ASSETS) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 200, url);
      assert.deepEqual(response.rawPayload, readFileSync(file), url);
      assert.match(String(response.headers['content-type']), type, url);
      assert.equal(response.headers['cache-control'], 'public, max-age=3600', url);
      assert.match(String(response.headers.etag), /^"[A-Za-z0-9_-]{22}"$/, url);
      assert.equal(response.headers['x-content-type-options'], 'nosniff', url);
    }
  });

  it('answers a revalidation with 304 and no body, and HEAD with the headers only', async () => {
    for (const [url] of ASSETS) {
      const first = await app.inject({ method: 'GET', url });
      const etag = String(first.headers.etag);
      for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
        const again = await app.inject({ method: 'GET', url, headers: { 'if-none-match': ifNoneMatch } });
        assert.equal(again.statusCode, 304, `${url} If-None-Match: ${ifNoneMatch}`);
        assert.equal(again.body, '', url);
        assert.equal(again.headers.etag, etag, url);
      }
      const changed = await app.inject({ method: 'GET', url, headers: { 'if-none-match': '"stale"' } });
      assert.equal(changed.statusCode, 200, url);
      const head = await app.inject({ method: 'HEAD', url });
      assert.equal(head.statusCode, 200, url);
      assert.equal(head.body, '', url);
      assert.equal(head.headers.etag, etag, url);
    }
  });

  it('serves nothing else under /static/', async () => {
    for (const url of [
      '/static/',
      '/static/css/',
      '/static/vendor/',
      '/static/vendor/Sortable.js',
      '/static/vendor/package.json',
      '/static/vendor/../../package.json',
      '/static/..%2f..%2fpackage.json',
      '/static/%2e%2e/%2e%2e/package.json',
      '/static/CSS/ELEKTO.CSS',
      '/static/css/elekto.css.gz',
      '/static/js/ballot',
    ]) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 404, url);
      assert.doesNotMatch(response.body, /"name":\s*"(elekto|sortablejs)"/, url);
    }
  });
});
