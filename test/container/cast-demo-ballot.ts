// Used by scripts/test-container.sh: casts one ballot through a running Elekto demo the way a
// person does, over real HTTP with its forms and CSRF tokens — the development login as
// `alice`, the running election's ballot form — and checks the confirmation.
// Usage: node --import tsx test/container/cast-demo-ballot.ts BASE_URL
import assert from 'node:assert/strict';
import { DEMO_ELECTION_KEYS } from '../../src/demo/demo-elections.js';
import { HttpClient } from '../replicas/replica-processes.js';

const base = process.argv[2];
if (!base) throw new Error('usage: cast-demo-ballot.ts BASE_URL');
const election = `${base}/app/elections/${DEMO_ELECTION_KEYS.running}`;
const alice = new HttpClient();

const login = await alice.postForm(`${base}/login/development`, {
  username: 'alice',
  next: '/app',
  _csrf: await alice.csrfToken(`${base}/login`),
});
assert.equal(login.status, 303, `the development login answered ${login.status}`);

const page = await alice.get(`${election}/vote`);
assert.equal(page.status, 200, `the ballot page answered ${page.status}`);
const candidates = [...page.body.matchAll(/<select[^>]* name="rank:([^"]+)"/g)].map((m) => m[1] ?? '');
assert.ok(candidates.length >= 2, 'the ballot lists the candidates');
const ranks = Object.fromEntries(candidates.map((id, index) => [`rank:${id}`, String(index + 1)]));
const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
// No passphrase, chosen explicitly and confirmed, as the form asks of a voter (SPEC §5).
const cast = await alice.postForm(`${election}/vote`, { ...ranks, passphrase_choice: 'none', confirm_no_passphrase: 'yes', _csrf: token });
assert.equal(cast.status, 303, `casting the ballot answered ${cast.status}: ${cast.body.slice(0, 300)}`);

const confirmation = await alice.get(new URL(cast.headers.get('location') ?? '', base).toString());
assert.equal(confirmation.status, 200, `the confirmation page answered ${confirmation.status}`);
console.log(`cast a ballot ranking ${candidates.length} candidates in ${DEMO_ELECTION_KEYS.running}`);
