import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appKeyWeakness, DEVELOPMENT_APP_KEY, generateAppKey } from '../../src/config/app-key.js';

test('known placeholders are weak whatever their case or length', () => {
  for (const key of ['test', 'TEST', 'changeme', 'your-secret-key', DEVELOPMENT_APP_KEY, ` ${DEVELOPMENT_APP_KEY} `]) {
    assert.equal(appKeyWeakness(key), 'is a well-known placeholder', key);
  }
});

test('keys under 32 characters are weak', () => {
  assert.equal(appKeyWeakness('Zb3x9Qp2Lm7Tr5Vw8Yk1Nc4Hd6Jf0S'), 'is only 30 characters long');
});

test('long keys made of few characters are weak', () => {
  assert.match(appKeyWeakness('0123456780123456780123456780123456') ?? '', /too few different characters/);
});

test('generated keys and Elekto 0.6 hexadecimal keys are strong', () => {
  assert.equal(appKeyWeakness(generateAppKey()), undefined);
  assert.equal(appKeyWeakness('9e107d9d372bb6826bd81d3542a419d6e4ab1f4d02c0d4a3b7c8e9f0a1b2c3d4'), undefined);
});
