import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateState } from '../../src/auth/oauth-state.js';
import { secretsMatch } from '../../src/auth/secrets-match.js';

test('a state is 32 random bytes in base64url', () => {
  const state = generateState();
  assert.match(state, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(Buffer.from(state, 'base64url').length, 32);
});

test('no two states are alike', () => {
  const states = new Set(Array.from({ length: 1000 }, generateState));
  assert.equal(states.size, 1000);
});

test('equal states match', () => {
  const state = generateState();
  assert.equal(secretsMatch(state, `${state}`), true);
});

const mismatches: [string, string | undefined, string | undefined][] = [
  ['different states', 'abc', 'abd'],
  ['a prefix', 'abcdef', 'abc'],
  ['a different case', 'abc', 'ABC'],
  ['no saved state', undefined, 'abc'],
  ['no returned state', 'abc', undefined],
  ['two empty states', '', ''],
  ['neither state', undefined, undefined],
];
for (const [what, expected, received] of mismatches) {
  test(`${what} do not match`, () => {
    assert.equal(secretsMatch(expected, received), false);
  });
}
