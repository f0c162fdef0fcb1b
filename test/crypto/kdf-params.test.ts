import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ELEKTO_0_6_KDF,
  formatKdfParams,
  kdfParamsColumn,
  parseKdfParams,
  type KdfParams,
} from '../../src/crypto/kdf-params.js';

test('the Elekto 0.6 set is written as the PHC parameter string Argon2 tools use', () => {
  assert.equal(formatKdfParams(ELEKTO_0_6_KDF), '$argon2i$v=19$m=524288,t=8,p=1');
});

test('a missing parameter column means the Elekto 0.6 set', () => {
  assert.deepEqual(parseKdfParams(null), { ok: true, value: ELEKTO_0_6_KDF });
  assert.deepEqual(parseKdfParams(undefined), { ok: true, value: ELEKTO_0_6_KDF });
});

test('the Elekto 0.6 set is stored as NULL, any other set as its string', () => {
  assert.equal(kdfParamsColumn({ ...ELEKTO_0_6_KDF }), null);
  const cheap: KdfParams = { algorithm: 'argon2i', opslimit: 3, memlimit: 8192 };
  assert.equal(kdfParamsColumn(cheap), '$argon2i$v=19$m=8,t=3,p=1');
  const stronger: KdfParams = { algorithm: 'argon2id', opslimit: 4, memlimit: 1024 ** 3 };
  assert.equal(kdfParamsColumn(stronger), '$argon2id$v=19$m=1048576,t=4,p=1');
});

test('every valid parameter set survives a round trip through its string', () => {
  const sets: KdfParams[] = [
    ELEKTO_0_6_KDF,
    { algorithm: 'argon2i', opslimit: 3, memlimit: 8192 },
    { algorithm: 'argon2id', opslimit: 1, memlimit: 64 * 1024 ** 2 },
    { algorithm: 'argon2id', opslimit: 32, memlimit: 2 * 1024 ** 3 },
  ];
  for (const params of sets) assert.deepEqual(parseKdfParams(formatKdfParams(params)), { ok: true, value: params });
});

test('malformed or out-of-bounds parameter strings are refused with a reason', () => {
  const cases: [string, RegExp][] = [
    ['argon2i', /not a key-derivation parameter string/],
    ['$argon2i$v=16$m=8,t=3,p=1', /not a key-derivation parameter string/],
    ['$argon2i$v=19$m=8,t=3,p=4', /not a key-derivation parameter string/],
    ['$scrypt$v=19$m=8,t=3,p=1', /not a key-derivation parameter string/],
    ['$argon2i$v=19$m=8,t=2,p=1', /argon2i needs between 3 and 32 passes, got 2/],
    ['$argon2id$v=19$m=8,t=33,p=1', /between 1 and 32 passes, got 33/],
    ['$argon2i$v=19$m=4,t=3,p=1', /memory must be .* from 8 KiB to 2 GiB/],
    ['$argon2i$v=19$m=4194304,t=3,p=1', /memory must be .* to 2 GiB/],
  ];
  for (const [text, reason] of cases) {
    const parsed = parseKdfParams(text);
    assert.equal(parsed.ok, false, text);
    assert.match(parsed.ok ? '' : parsed.error, reason, text);
  }
});

test('parsed parameters are frozen', () => {
  const parsed = parseKdfParams('$argon2i$v=19$m=8,t=3,p=1');
  assert.ok(parsed.ok && Object.isFrozen(parsed.value));
  assert.ok(Object.isFrozen(ELEKTO_0_6_KDF));
});
