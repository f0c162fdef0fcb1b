// Links written by the Python Elekto 0.6 (PyNaCl) must open here, at the real parameters.
// Each derivation takes about 2-4 s and 512 MiB, so the tests of this file run one at a time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openBallotLink } from '../../src/crypto/ballot-link.js';
import { deriveKey } from '../../src/crypto/derive-key.js';
import type { DeriveKey } from '../../src/crypto/kdf-error.js';
import { ELEKTO_0_6_KDF } from '../../src/crypto/kdf-params.js';

interface Vector {
  readonly note: string;
  readonly salt_hex: string;
  readonly passcode: string;
  readonly plaintext: string;
  readonly derived_key_hex: string;
  readonly encrypted_hex: string;
}
interface VectorFile {
  readonly kdf: { readonly opslimit: number; readonly memlimit: number };
  readonly vectors: readonly Vector[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/elekto-crypto-vectors.json', import.meta.url), 'utf8'),
) as VectorFile;
const link = (vector: Vector) => ({
  salt: Buffer.from(vector.salt_hex, 'hex'),
  encrypted: Buffer.from(vector.encrypted_hex, 'hex'),
  kdf: ELEKTO_0_6_KDF,
});

test('the pinned Elekto 0.6 parameters are those the vectors were made with', () => {
  assert.equal(ELEKTO_0_6_KDF.algorithm, 'argon2i');
  assert.equal(ELEKTO_0_6_KDF.opslimit, fixture.kdf.opslimit);
  assert.equal(ELEKTO_0_6_KDF.memlimit, fixture.kdf.memlimit);
});

for (const [index, vector] of fixture.vectors.entries()) {
  test(`Elekto 0.6 vector ${index + 1} (${vector.note}) opens and reproduces the derived key`, async () => {
    let derivedHex = '';
    // Copies the key before openBallotLink wipes it, so one derivation checks both.
    const recording: DeriveKey = async (passphrase, salt, params) => {
      const derived = await deriveKey(passphrase, salt, params);
      if (derived.ok) derivedHex = Buffer.from(derived.value).toString('hex');
      return derived;
    };
    const opened = await openBallotLink(link(vector), vector.passcode, recording);
    assert.deepEqual(opened, { ok: true, value: vector.plaintext });
    assert.equal(derivedHex, vector.derived_key_hex);
  });
}

test('an Elekto 0.6 link refuses a wrong passphrase with an error value', async () => {
  const [vector] = fixture.vectors;
  assert.ok(vector);
  const opened = await openBallotLink(link(vector), `${vector.passcode}x`);
  assert.equal(opened.ok, false);
  assert.equal(!opened.ok && opened.error.kind, 'wrong-passphrase');
});
