/**
 * SPEC §16, hostile input never reaches 5xx: a seeded generator sends a few thousand requests
 * to every form and id route — odd content types, repeated fields, NUL bytes, unpaired
 * surrogates, non-Latin text, ids beyond any column's range, broken %-escapes — as a visitor,
 * voters, an outsider and an officer. No answer may be a 5xx, and a refused POST must write
 * no row. The counts are printed as test diagnostics.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/storage/schema.js';
import { describeEachDialect } from '../storage/test-databases.js';
import { Client, countRows, KEYS, LOGINS, openTestDatabase, testApp } from './web-harness.js';

const SEED = 20261206;
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 3000);

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick };
}

/** The running election most often: that is where the forms do something. */
const ELECTIONS = [...Array<string>(6).fill(KEYS.running), ...Object.values(KEYS), 'board---nope', '..%2F..%2Fetc', '%00', '%F0%9F%97%B3'];
const IDS = ['1', '2', '0', '-1', '2147483647', '2147483648', '9223372036854775808', '99999999999999999999', '1e3', '0x10', '%00', 'abc', ''];
const FIELDS = ['rank:ada', 'rank:grace', 'rank:linus', 'rank:nobody', 'passphrase', 'passphrase_confirmation', 'confirm', 'action', 'reviewed', 'return', 'username', 'next', 'name', 'email', 'chat', 'description', 'comments', '__proto__', 'constructor'];
const VALUES = [
  '1', '2', '3', '', '0', '-1', '99999999999', '1e309', 'NaN', 'true', 'false', 'form', 'change', 'withdraw', 'console', 'empty', 'all-tied',
  'carol', 'alice', 'a@b.co', '/app', '//evil.example', 'javascript:alert(1)', "' OR 1=1 --", '<script>alert(1)</script>',
  'nul\u0000byte', 'half\uD800pair', '\uDC00lone', 'Дмитрий 李小龍 🗳️', 'é'.repeat(300), 'x'.repeat(6000), 'secret passphrase',
];

/** `encodeURIComponent`, except that a lone surrogate (which UTF-8 cannot encode) is sent as its CESU-8 bytes. */
function encode(text: string): string {
  return [...text].map((char) => (/^[\uD800-\uDFFF]$/.test(char) ? `%ED%${(0xa0 + ((char.charCodeAt(0) >> 6) & 0x1f)).toString(16).toUpperCase()}%80` : encodeURIComponent(char))).join('');
}

/** A complete exception request (or ballot) with one hostile value: it passes the form's own checks up to the database. */
function almostValidBody(random: ReturnType<typeof generator>): string {
  const fields: Record<string, string> = {
    name: 'Mallory', email: 'm@example.org', chat: '', description: 'Reviews', comments: '',
    'rank:ada': '1', 'rank:grace': '2', 'rank:linus': '3', passphrase: '', passphrase_confirmation: '',
  };
  fields[random.pick(Object.keys(fields))] = random.pick(VALUES);
  return Object.entries(fields).map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&');
}

function formBody(random: ReturnType<typeof generator>): string {
  if (random.next() < 0.3) return almostValidBody(random);
  const parts: string[] = [];
  const count = Math.floor(random.next() * 6);
  for (let i = 0; i < count; i++) {
    const name = random.pick(FIELDS);
    const value = random.pick(VALUES);
    parts.push(`${encode(name)}=${random.next() < 0.05 ? '%E0%A4%A' : encode(value)}`);
    if (random.next() < 0.1) parts.push(`${encode(name)}=${encode(random.pick(VALUES))}`);
  }
  return parts.join('&');
}

/** Mostly forms, so that most requests reach the routes' own checks. */
const CONTENT_TYPES = [
  ...Array<string>(12).fill('application/x-www-form-urlencoded'), 'application/x-www-form-urlencoded; charset=utf-8', 'APPLICATION/X-WWW-FORM-URLENCODED',
  'application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/xml', '', 'garbage/\u00e9',
];

function requestFor(random: ReturnType<typeof generator>) {
  const eid = random.pick(ELECTIONS);
  const rid = random.pick(IDS);
  const election = `/app/elections/${eid}`;
  const gets = [
    `/elections/${eid}`, `/elections/${eid}/candidates/${random.pick(['ada', 'nobody', '%00', '..'])}`, `/elections?status=${encode(random.pick(VALUES))}`,
    `/elections?status=running&status=upcoming`, `/login?next=${encode(random.pick(VALUES))}`, `/app/elections?status=${random.pick(['%00', '%uD800', 'running'])}`,
    election, `${election}/vote`, `${election}/confirmation`, `${election}/results`, `${election}/exception`, `${election}/admin`,
    `${election}/admin/exception/${rid}`, `${election}/admin/results`, `${election}/admin/download`, `${election}/admin/guardrail/${rid}`,
  ];
  const posts = [
    // Not /logout: it would end the sessions the other requests use.
    '/login/development', '/oauth/github/login', `${election}/vote`, `${election}/vote/view`, `${election}/vote/edit`,
    `${election}/exception`, `${election}/admin/exception/${rid}`, `${election}/admin/results`, `${election}/admin/guardrail/${rid}`,
  ];
  if (random.next() < 0.35) return { method: 'GET' as const, url: random.pick(gets) };
  const json = random.next() < 0.1 ? JSON.stringify({ 'rank:ada': { $gt: 1 }, passphrase: ['a', 'b'], name: '\u0000' }) : null;
  return { method: 'POST' as const, url: random.pick(posts), contentType: random.pick(CONTENT_TYPES), body: json ?? formBody(random) };
}

describeEachDialect('hostile input (seeded fuzz)', (dialect) => {
  let app: FastifyInstance;
  let db: Kysely<Database>;
  let close: () => Promise<void>;
  const clients: { client: Client; csrf: string }[] = [];
  /** An outsider of the fuzz's own, who may still request an exception. */
  let outsider: Client;

  before(async () => {
    const opened = await openTestDatabase(dialect);
    ({ db, close } = opened);
    ({ app } = await testApp(db));
    for (const login of [null, LOGINS.voter, LOGINS.voter2, LOGINS.officer, LOGINS.outsider]) {
      const client = await Client.as(app, login);
      clients.push({ client, csrf: await client.csrfToken() });
    }
    outsider = await Client.as(app, 'oscar');
  });
  after(async () => {
    await app?.close();
    await close?.();
  });

  it('refuses each hostile input the issue found with its 4xx, before the database', async () => {
    const running = `/app/elections/${KEYS.running}`;
    const officer = clients[3]!.client;
    const exception = { name: 'Oscar', email: 'o@example.org', description: 'Reviews' };
    const json = (client: Client, url: string, payload: object) =>
      app.inject({ method: 'POST', url, headers: { cookie: client.cookieHeader, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
    const cases: [string, () => ReturnType<Client['get']>, number][] = [
      ['a JSON object as a rank', () => json(clients[1]!.client, `${running}/vote`, { _csrf: clients[1]!.csrf, 'rank:ada': { a: 1 } }), 415],
      ['a repeated rank', () => clients[1]!.client.postForm(`${running}/vote`, new URLSearchParams([['rank:ada', '1'], ['rank:ada', '2']])), 400],
      ['a NUL byte in an exception request', () => outsider.postForm(`${running}/exception`, { ...exception, name: 'Os\u0000car' }), 422],
      // A form body cannot carry an unpaired surrogate (its %-escapes stay undecoded); JSON could.
      ['an unpaired surrogate in JSON', () => json(outsider, `${running}/exception`, { ...exception, comments: 'x\uD800' }), 415],
      ['an id beyond INTEGER', () => officer.get(`${running}/admin/exception/2147483648`), 404],
      ['a review of an id beyond INTEGER', () => officer.postForm(`${running}/admin/exception/9999999999`, { reviewed: 'true' }), 404],
    ];
    const before = await countRows(db);
    for (const [what, send, status] of cases) assert.equal((await send()).statusCode, status, what);
    assert.deepEqual(await countRows(db), before);
    // Text any language writes is stored (utf8mb4 on MySQL).
    assert.equal((await outsider.postForm(`${running}/exception`, { ...exception, name: 'Дмитрий 李小龍 🗳️' })).statusCode, 201);
    assert.equal((await countRows(db)).request, before.request + 1);
  });

  it(`answers ${REQUESTS} generated requests without a 5xx, and a refused POST writes no row`, async (t) => {
    const random = generator(SEED);
    const statuses = new Map<number, number>();
    let fiveHundreds = 0;
    for (let i = 0; i < REQUESTS; i++) {
      const request = requestFor(random);
      const { client, csrf } = random.pick(clients);
      const before = request.method === 'POST' ? await countRows(db) : null;
      const body = request.method === 'POST' && random.next() < 0.9 ? `_csrf=${csrf}&${request.body}` : request.method === 'POST' ? request.body : undefined;
      const response = await app.inject({
        method: request.method,
        url: request.url,
        headers: { cookie: client.cookieHeader, ...(request.method === 'POST' && request.contentType ? { 'content-type': request.contentType } : {}) },
        ...(body !== undefined && { payload: body }),
      });
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      if (response.statusCode >= 500) fiveHundreds++;
      assert.ok(response.statusCode < 500, `${request.method} ${request.url} (${JSON.stringify(body?.slice(0, 200))}) → ${response.statusCode}: ${response.body.slice(0, 300)}`);
      if (before && response.statusCode >= 400) assert.deepEqual(await countRows(db), before, `${request.method} ${request.url} → ${response.statusCode} wrote a row`);
    }
    t.diagnostic(`${dialect}: ${REQUESTS} requests, ${fiveHundreds} 5xx; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
  });

});
