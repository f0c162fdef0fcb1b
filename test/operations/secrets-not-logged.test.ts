// SPEC §15: no secret, cookie, OAuth `code` or `state` in any log line. A real `elekto serve`
// in production mode, logging at `trace` (everything), goes through a whole GitHub login (the
// fake GitHub) and a vote with a passphrase; then its output is searched for every secret.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { migrateDatabase } from '../../src/storage/migrate-database.js';
import { openDatabase } from '../../src/storage/open-database.js';
import { MetaGitRepository } from '../app/meta-git-repository.js';
import { candidateMd, electionYaml } from '../meta/meta-helpers.js';
import { freePort } from '../replicas/replica-processes.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { startServe, type ServeProcess } from './serve-process.js';

const day = 86_400_000;
const when = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString().slice(0, 19).replace('T', ' ');
const ELECTION = 'board---running';
const PASSPHRASE = 'correct horse battery staple';

/** A browser reduced to cookies and redirects followed by hand. */
class Browser {
  readonly cookies = new Map<string, string>();
  /** Every cookie value the server ever set. */
  readonly cookieValues = new Set<string>();

  async request(url: string, form?: Record<string, string>): Promise<Response> {
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; '), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const [name = '', value = ''] = pair.split('=', 2).map((part) => part.trim());
      if (value) {
        this.cookies.set(name, value);
        this.cookieValues.add(decodeURIComponent(value));
        this.cookieValues.add(value);
      } else this.cookies.delete(name);
    }
    return response;
  }
}

const csrfOf = (html: string): string => {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token on the page');
  return token;
};

let github: FakeGitHub;
let repository: MetaGitRepository;
let server: ServeProcess;
const cwd = mkdtempSync(join(tmpdir(), 'elekto-secret-logs-'));
const output: string[] = [];
const secrets = {
  APP_KEY: randomBytes(32).toString('base64url'),
  META_SECRET: randomBytes(24).toString('hex'),
  METRICS_TOKEN: randomBytes(24).toString('hex'),
};

before(async () => {
  github = await startFakeGitHub({ users: { carol: 'Carol' } });
  const dir = 'elections/board/running';
  repository = MetaGitRepository.create({
    [`${dir}/election.yaml`]: electionYaml({ start_datetime: when(-2), end_datetime: when(5), exception_due: when(4) }),
    [`${dir}/voters.yaml`]: 'eligible_voters:\n  - carol\n',
    [`${dir}/candidate-ada.md`]: candidateMd('ada'),
    [`${dir}/candidate-grace.md`]: candidateMd('grace'),
  });
  const dbPath = join(cwd, 'elekto.db');
  const db = openDatabase({ dialect: 'sqlite', path: dbPath });
  assert.ok((await migrateDatabase(db, 'sqlite')).ok);
  await db.destroy();

  const port = await freePort();
  server = await startServe(
    cwd,
    {
      APP_ENV: 'production',
      APP_PORT: String(port),
      APP_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'trace',
      DB_CONNECTION: 'sqlite',
      DB_PATH: dbPath,
      META_REPO: repository.dir,
      META_PATH: repository.clonePath(),
      GITHUB_URL: github.url,
      GITHUB_API_URL: github.apiUrl,
      GITHUB_CLIENT_ID: github.clientId,
      GITHUB_CLIENT_SECRET: github.clientSecret,
      KDF_CONCURRENCY: '1',
      ...secrets,
    },
    ['ignore', 'pipe', 'pipe'],
  );
  const keep = (chunk: Buffer) => void output.push(chunk.toString('utf8'));
  server.child.stdout?.on('data', keep);
  server.child.stderr?.on('data', keep);
});

after(async () => {
  if (server?.child.exitCode === null) server.child.kill('SIGKILL');
  await github?.close();
  repository?.remove();
  rmSync(cwd, { recursive: true, force: true });
});

it('logs a whole GitHub login and a vote at trace level without a secret, cookie, code or state', async () => {
  const browser = new Browser();
  const site = server.url;
  const login = await browser.request(`${site}/login`);
  const start = await browser.request(`${site}/oauth/github/login`, { _csrf: csrfOf(await login.text()), next: `/app/elections/${ELECTION}` });
  assert.equal(start.status, 303);
  github.nextLogin = 'carol';
  const authorize = await browser.request(start.headers.get('location')!);
  const callback = authorize.headers.get('location')!;
  const { code, state } = Object.fromEntries(new URL(callback).searchParams);
  assert.ok(code && state);
  const landed = await browser.request(callback);
  assert.equal(landed.status, 303, await landed.text());

  const form = await browser.request(`${site}/app/elections/${ELECTION}/vote`);
  assert.equal(form.status, 200);
  const csrf = csrfOf(await form.text());
  const cast = await browser.request(`${site}/app/elections/${ELECTION}/vote`, {
    _csrf: csrf,
    'rank:ada': '1',
    'rank:grace': '2',
    passphrase: PASSPHRASE,
    passphrase_confirmation: PASSPHRASE,
  });
  assert.equal(cast.status, 303, await cast.text());
  const view = await browser.request(`${site}/app/elections/${ELECTION}/vote/view`, { _csrf: csrf, passphrase: PASSPHRASE });
  assert.equal(view.status, 200);
  const metrics = await (await fetch(`${site}/metrics`, { headers: { authorization: `Bearer ${secrets.METRICS_TOKEN}` } })).text();
  assert.match(metrics, /^elekto_ballots_cast_total 1$/m);

  const { code: exitCode } = await server.stop('SIGTERM');
  assert.equal(exitCode, 0);
  const lines = output.join('').split('\n').filter((line) => line !== '');
  assert.ok(lines.length > 10, 'trace level logs every request');
  for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), `not a JSON log line: ${line}`);
  assert.ok(lines.some((line) => line.includes('"path":"/oauth/github/callback"')), 'the callback request is logged (without its query)');

  const forbidden: Record<string, string> = {
    'OAuth code': code!,
    'OAuth state': state!,
    'access token': github.issuedTokens[0]!,
    'client secret': github.clientSecret,
    passphrase: PASSPHRASE,
    'CSRF token': csrf,
    ...secrets,
  };
  for (const [index, value] of [...browser.cookieValues].entries()) if (value.length >= 8) forbidden[`cookie ${index}`] = value;
  const log = lines.join('\n');
  for (const [what, value] of Object.entries(forbidden)) assert.ok(!log.includes(value), `the ${what} appears in the log`);
});
