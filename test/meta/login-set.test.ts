import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoginSet } from '../../src/meta/login-set.js';

test('logins match case-insensitively, as GitHub logins do', () => {
  const logins = new LoginSet(['BenTheElder', 'cblecker']);
  assert.ok(logins.has('bentheelder'));
  assert.ok(logins.has('CBLECKER'));
  assert.ok(!logins.has('dims'));
});

test('logins are trimmed and a leading @ is dropped, on both sides of a match', () => {
  const logins = new LoginSet(['  @jberkus ', 'dims']);
  assert.deepEqual(logins.logins, ['jberkus', 'dims']);
  assert.ok(logins.has('@JBerkus'));
  assert.ok(logins.has(' dims '));
});

test('duplicates ignoring case are kept once, in their first spelling, and empty logins are dropped', () => {
  const logins = new LoginSet(['Alice', 'alice', 'ALICE', '', ' ', '@', 'bob']);
  assert.deepEqual(logins.logins, ['Alice', 'bob']);
  assert.equal(logins.size, 2);
});

test('an empty login is never a member', () => {
  assert.ok(!new LoginSet(['alice']).has(''));
});
