// The limits on voting (SPEC §5, §11, §16): passphrase attempts counted in the database (so
// every replica shares the limit) before any key derivation, duplicate ballots refused before
// one, the per-voter vote rate limit, and MIN_PASSCODE_LENGTH as an inclusive minimum.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { newBallotBox } from '../../src/app/ballot-box.js';
import type { CatalogView } from '../../src/app/catalog-store.js';
import { deriveKey } from '../../src/crypto/derive-key.js';
import type { DeriveKey } from '../../src/crypto/kdf-error.js';
import { KdfQueue } from '../../src/crypto/kdf-queue.js';
import type { Database } from '../../src/storage/schema.js';
import { describeEachDialect } from '../storage/test-databases.js';
import { buildTestApp, Client, KEYS, NOW, openTestDatabase, rankFields, TEST_KDF, testAppOn, testRepositoryFiles } from './web-harness.js';

const running = `/app/elections/${KEYS.running}`;
/** A ballot the server accepts without asking for confirmation. */
const FULL = { ada: 1, grace: 2, linus: 3 };
const VOTERS = ['carol', 'dave', 'erin', 'frank', 'gina', 'hank'];

/** Real (cheap) derivations, counted; each waits for `gate` when one is set. */
class CountingDerive {
  count = 0;
  gate: Promise<void> | undefined;
  readonly derive: DeriveKey = async (passphrase, salt, params) => {
    this.count += 1;
    await this.gate;
    return deriveKey(passphrase, salt, params);
  };
}

describeEachDialect('voting limits', (dialect) => {
  let close: () => Promise<void>;
  let db: Kysely<Database>;
  let view: CatalogView;
  let app: FastifyInstance;
  let now = NOW;
  const kdf = new CountingDerive();
  const appWith = (options: Parameters<typeof buildTestApp>[2] = {}) =>
    buildTestApp(db, view, { clock: () => now, ballots: newBallotBox(db, new KdfQueue({ concurrency: 2, derive: kdf.derive }), TEST_KDF), ...options });

  before(async () => {
    ({ db, close } = await openTestDatabase(dialect));
    const voters = `eligible_voters:\n${VOTERS.map((login) => `  - ${login}\n`).join('')}`;
    ({ view } = await testAppOn(db, testRepositoryFiles({ 'elections/board/running/voters.yaml': voters })));
    app = await appWith();
  });

  after(async () => {
    await app?.close();
    await close?.();
  });

  it('refuses the 11th passphrase attempt in 10 minutes on any replica, before deriving a key, and admits one again later', async () => {
    const carol = await Client.as(app, 'carol');
    const passphrase = 'the right passphrase';
    assert.equal((await carol.postForm(`${running}/vote`, { ...rankFields(FULL), passphrase, passphrase_confirmation: passphrase })).statusCode, 303);
    const derivations = kdf.count;
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      assert.equal((await carol.postForm(`${running}/vote/view`, { passphrase: `wrong ${attempt}` })).statusCode, 403, `attempt ${attempt}`);
    }
    assert.equal(kdf.count, derivations + 10);

    // Another replica: the same database, its own process state.
    const replica = await appWith();
    try {
      const refused = await (await Client.as(replica, 'carol')).postForm(`${running}/vote/view`, { passphrase });
      assert.equal(refused.statusCode, 429, refused.body);
      assert.equal(refused.headers['retry-after'], '600');
      assert.match(refused.body, /Too many passphrase attempts/);
    } finally {
      await replica.close();
    }
    assert.equal((await carol.postForm(`${running}/vote/view`, { passphrase })).statusCode, 429, 'the right passphrase counts too');
    assert.equal(kdf.count, derivations + 10, 'refused attempts derive no key');

    now = new Date(NOW.getTime() + 10 * 60_000 + 1_000);
    assert.equal((await carol.postForm(`${running}/vote/view`, { passphrase })).statusCode, 200, '10 minutes later');
    now = NOW;
  });

  it('refuses a second submission of the same ballot while the first derives its key', async () => {
    const dave = await Client.as(app, 'dave');
    const passphrase = 'dave passphrase';
    const fields = { ...rankFields(FULL), passphrase, passphrase_confirmation: passphrase, _csrf: await dave.csrfToken() };
    let open = () => {};
    kdf.gate = new Promise((resolve) => (open = resolve));
    const before = kdf.count;
    try {
      const first = dave.postForm(`${running}/vote`, fields);
      while (kdf.count === before) await new Promise((resolve) => setImmediate(resolve));
      const second = await dave.postForm(`${running}/vote`, fields);
      assert.equal(second.statusCode, 409, second.body);
      assert.match(second.body, /already sent a ballot/);
      open();
      assert.equal((await first).statusCode, 303);
    } finally {
      open();
      kdf.gate = undefined;
    }
    assert.equal(kdf.count, before + 1, 'one key derivation for two submissions');
    assert.equal((await dave.postForm(`${running}/vote`, fields)).statusCode, 409, 'and after it was stored');
    assert.equal(kdf.count, before + 1);
  });

  it('limits ballot submissions to 20 a minute per voter', async () => {
    const erin = await Client.as(app, 'erin');
    const csrf = await erin.csrfToken();
    const statuses: number[] = [];
    // Refused ballots (rank 9 of 3) store nothing but count like any submission.
    for (let i = 0; i < 21; i += 1) statuses.push((await erin.postForm(`${running}/vote`, { ...rankFields({ ada: 9 }), _csrf: csrf })).statusCode);
    assert.deepEqual(statuses, [...Array<number>(20).fill(422), 429]);
    const frank = await Client.as(app, 'frank');
    assert.equal((await frank.postForm(`${running}/vote`, rankFields({ ada: 9 }))).statusCode, 422, 'per voter, not for everyone');
  });

  it('accepts a passphrase of exactly MIN_PASSCODE_LENGTH characters, counted as characters, and refuses one shorter', async () => {
    const strict = await appWith({ env: { MIN_PASSCODE_LENGTH: '8' } });
    try {
      const gina = await Client.as(strict, 'gina');
      const seven = 'ab€d🙂fg'; // 7 characters, 8 UTF-16 code units
      const short = await gina.postForm(`${running}/vote`, { ...rankFields(FULL), passphrase: seven, passphrase_confirmation: seven });
      assert.equal(short.statusCode, 422);
      assert.match(short.body, /at least 8 characters/);
      const eight = 'ab€d🙂fgh';
      const exact = await gina.postForm(`${running}/vote`, { ...rankFields(FULL), passphrase: eight, passphrase_confirmation: eight });
      assert.equal(exact.statusCode, 303, exact.body);
      assert.equal((await gina.postForm(`${running}/vote/view`, { passphrase: eight })).statusCode, 200);
    } finally {
      await strict.close();
    }
  });
});
