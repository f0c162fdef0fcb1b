import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createLogger, redactedUrl } from '../../src/app/logger.js';

function capture(): { lines: string[]; write(line: string): void } {
  const lines: string[] = [];
  return { lines, write: (line) => void lines.push(line) };
}

it('redacts secrets wherever a log call puts them, and keeps error codes', () => {
  const out = capture();
  const log = createLogger('trace', out);
  log.info({ code: 'oauth-code', state: 'oauth-state', passphrase: 'pw-1', query: { code: 'c2', state: 's2' } }, 'callback');
  log.info({ req: { method: 'GET', url: '/oauth/github/callback?code=c3&state=s3&next=%2Fapp', headers: { cookie: 'sid=abc' } } }, 'request');
  log.info({ headers: { authorization: 'Bearer t0k', cookie: 'sid=def' }, body: { token: 'tk', client_secret: 'cs' } }, 'outgoing');
  log.error({ err: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) }, 'database');
  const text = out.lines.join('');
  for (const secret of ['oauth-code', 'oauth-state', 'pw-1', 'c2', 's2', 'c3', 's3', 'sid=abc', 't0k', 'sid=def', '"tk"', '"cs"']) {
    assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
  }
  assert.match(text, /"code":"ECONNREFUSED"/);
  assert.match(text, /next=%2Fapp/);
});

it('redactedUrl keeps the path and harmless parameters', () => {
  assert.equal(redactedUrl('/elections?status=running'), '/elections?status=running');
  assert.equal(redactedUrl('/cb?code=x&state=y'), '/cb?code=%5Bredacted%5D&state=%5Bredacted%5D');
  assert.equal(redactedUrl('/plain'), '/plain');
  assert.equal(redactedUrl('/app/elections/e/vote?rank%3Aada=2'), '/app/elections/e/vote?rank%3Aada=%5Bredacted%5D', 'a ranking is ballot content');
  assert.equal(redactedUrl('/login?next=%2Fvote%3Frank%253Aada%3D2'), '/login?next=%5Bredacted%5D');
  assert.equal(redactedUrl('/login?next=%2Fapp'), '/login?next=%2Fapp');
});
