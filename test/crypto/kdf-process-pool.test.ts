import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { ELEKTO_0_6_KDF, type KdfParams } from '../../src/crypto/kdf-params.js';
import { KdfProcessPool } from '../../src/crypto/kdf-process-pool.js';
import { KdfQueue } from '../../src/crypto/kdf-queue.js';
import { deriveKey } from '../../src/crypto/derive-key.js';

const vectors = JSON.parse(readFileSync(new URL('../fixtures/elekto-crypto-vectors.json', import.meta.url), 'utf8')) as {
  vectors: { salt_hex: string; passcode: string; derived_key_hex: string }[];
};
const CHEAP: KdfParams = { algorithm: 'argon2i', opslimit: 3, memlimit: 8192 };
const salt = new Uint8Array(16).fill(7);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('the key-derivation process pool', () => {
  const pool = new KdfProcessPool(2);
  after(() => pool.close());

  it('derives the key of an Elekto 0.6 vector at the real parameters in a child process', async () => {
    const vector = vectors.vectors[2]!;
    const key = await pool.deriveKey(vector.passcode, Buffer.from(vector.salt_hex, 'hex'), ELEKTO_0_6_KDF);
    assert.ok(key.ok);
    assert.equal(hex(key.value), vector.derived_key_hex);
  });

  it('gives the same keys as deriving in this process, for concurrent jobs', async () => {
    const passphrases = ['one passphrase', 'two', 'pässwörd-🗳️', 'four', 'five'];
    const pooled = await Promise.all(passphrases.map((p) => pool.deriveKey(p, salt, CHEAP)));
    const local = await Promise.all(passphrases.map((p) => deriveKey(p, salt, CHEAP)));
    assert.deepEqual(pooled.map((r) => r.ok && hex(r.value)), local.map((r) => r.ok && hex(r.value)));
  });

  it('reports bad parameters as a failure value, as in-process derivation does', async () => {
    const result = await pool.deriveKey('x', salt, { algorithm: 'argon2i', opslimit: 1, memlimit: 8192 });
    assert.ok(!result.ok);
    assert.equal(result.error.kind, 'kdf-failed');
  });

  it('works behind a KdfQueue, which still bounds how many run', async () => {
    const queue = new KdfQueue({ concurrency: 2, maxWaiting: 1, derive: pool.deriveKey });
    const results = await Promise.all([1, 2, 3, 4].map((n) => queue.deriveKey(`p${n}`, salt, CHEAP)));
    assert.deepEqual(results.map((r) => (r.ok ? 'key' : r.error.kind)), ['key', 'key', 'key', 'busy']);
  });
});

it('fails the jobs of a child that dies, cleanly, and replaces the child', async () => {
  const pool = new KdfProcessPool(1);
  try {
    // Seconds of work, so it is surely still running when its process is killed 200 ms in.
    const slow = pool.deriveKey('slow', salt, { algorithm: 'argon2i', opslimit: 10, memlimit: 256 * 1024 * 1024 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    process.kill(Number(findChildPid()), 'SIGKILL');
    const result = await slow;
    assert.ok(!result.ok);
    assert.match(result.error.message, /key-derivation process stopped/);
    const next = await pool.deriveKey('next', salt, CHEAP);
    assert.ok(next.ok);
  } finally {
    pool.close();
  }
});

/** The newest child of this test process (the pool's worker). */
function findChildPid(): string {
  const children = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim().split(/\s+/);
  const pid = children.at(-1);
  if (!pid) throw new Error('no child process found');
  return pid;
}
