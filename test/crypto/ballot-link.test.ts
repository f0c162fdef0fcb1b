import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { openBallotLink, sealBallotLink, type BallotLink } from '../../src/crypto/ballot-link.js';
import { deriveKey } from '../../src/crypto/derive-key.js';
import type { KdfParams } from '../../src/crypto/kdf-params.js';

// libsodium's minimum for Argon2i: fast enough for unit tests, never for real links.
const cheap: KdfParams = { algorithm: 'argon2i', opslimit: 3, memlimit: 8192 };

async function sealed(id: string, passphrase: string): Promise<BallotLink> {
  const result = await sealBallotLink(id, passphrase, cheap);
  assert.ok(result.ok);
  return result.value;
}

test('a sealed link opens with its passphrase and gives the ballot id back', async () => {
  const id = randomUUID();
  const link = await sealed(id, 'correct horse');
  assert.equal(link.salt.byteLength, 16);
  assert.equal(link.encrypted.byteLength, 24 + 16 + id.length);
  assert.deepEqual(link.kdf, cheap);
  assert.deepEqual(await openBallotLink(link, 'correct horse'), { ok: true, value: id });
});

test('a non-ASCII passphrase is used as its UTF-8 bytes', async () => {
  const id = randomUUID();
  const link = await sealed(id, 'pässwörd-🗳️-密码');
  assert.deepEqual(await openBallotLink(link, 'pässwörd-🗳️-密码'), { ok: true, value: id });
});

test('sealing twice with the same passphrase gives different salts and nonces', async () => {
  const id = randomUUID();
  const [a, b] = [await sealed(id, 'same'), await sealed(id, 'same')];
  assert.notDeepEqual(a.salt, b.salt);
  assert.notDeepEqual(a.encrypted.subarray(0, 24), b.encrypted.subarray(0, 24));
});

test('a wrong passphrase is an error value, not an exception', async () => {
  const link = await sealed(randomUUID(), 'right');
  const opened = await openBallotLink(link, 'wrong');
  assert.equal(opened.ok, false);
  assert.equal(!opened.ok && opened.error.kind, 'wrong-passphrase');
});

test('any altered byte of the stored link makes it refuse to open', async () => {
  const link = await sealed(randomUUID(), 'right');
  for (const position of [0, 23, 24, 39, 40, link.encrypted.byteLength - 1]) {
    const encrypted = Uint8Array.from(link.encrypted);
    encrypted[position] = (encrypted[position] ?? 0) ^ 0x01;
    const opened = await openBallotLink({ ...link, encrypted }, 'right');
    assert.equal(!opened.ok && opened.error.kind, 'wrong-passphrase', `byte ${position}`);
  }
  const salt = Uint8Array.from(link.salt);
  salt[0] = (salt[0] ?? 0) ^ 0x01;
  const opened = await openBallotLink({ ...link, salt }, 'right');
  assert.equal(!opened.ok && opened.error.kind, 'wrong-passphrase', 'salt');
});

test('a link of impossible shape is reported as malformed without deriving a key', async () => {
  const link = await sealed(randomUUID(), 'right');
  const short = await openBallotLink({ ...link, encrypted: link.encrypted.subarray(0, 39) }, 'right');
  assert.equal(!short.ok && short.error.kind, 'malformed-link');
  const badSalt = await openBallotLink({ ...link, salt: new Uint8Array(8) }, 'right');
  assert.equal(!badSalt.ok && badSalt.error.kind, 'malformed-link');
});

test('parameters out of bounds make the derivation fail cleanly', async () => {
  const derived = await deriveKey('x', new Uint8Array(16), { algorithm: 'argon2i', opslimit: 1, memlimit: 8192 });
  assert.equal(!derived.ok && derived.error.kind, 'kdf-failed');
  assert.match(!derived.ok ? derived.error.message : '', /argon2i needs between 3 and 32 passes/);
});

test('a derivation error from the key source is passed through unchanged', async () => {
  const busy = { kind: 'busy', retryAfterSeconds: 7, message: 'busy' } as const;
  const sealedResult = await sealBallotLink(randomUUID(), 'p', cheap, async () => ({ ok: false, error: busy }));
  assert.deepEqual(sealedResult, { ok: false, error: busy });
  const link = await sealed(randomUUID(), 'p');
  const opened = await openBallotLink(link, 'p', async () => ({ ok: false, error: busy }));
  assert.deepEqual(opened, { ok: false, error: busy });
});
