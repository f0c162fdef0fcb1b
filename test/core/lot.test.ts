import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Lot, lotSeed } from '../../src/core/lot.js';

test('the lot is a function of the ballot file: same file, same draws; any order of the tied', () => {
  const seed = lotSeed('2 1\n1 1 0\n0\n"a"\n"t"\n');
  const draws = (order: string[]) => {
    const lot = new Lot(seed);
    return Array.from({ length: 20 }, () => lot.draw(1, 'test', order));
  };
  assert.deepEqual(draws(['x', 'y', 'z']), draws(['z', 'x', 'y']));
  assert.deepEqual(new Set(draws(['x', 'y', 'z'])), new Set(['x', 'y', 'z']));
  assert.notDeepEqual(draws(['x', 'y', 'z']), (() => {
    const lot = new Lot(lotSeed('another file'));
    return Array.from({ length: 20 }, () => lot.draw(1, 'test', ['x', 'y', 'z']));
  })());
});

test('every tie drawn is recorded with its stage, decision and candidates', () => {
  const lot = new Lot(new Uint8Array(32));
  const chosen = lot.draw(4, 'exclusion', ['b', 'a']);
  assert.deepEqual(lot.ties, [{ stage: 4, decision: 'exclusion', candidates: ['a', 'b'], chosen }]);
});

test('an explicit order replaces the draw', () => {
  const lot = new Lot(new Uint8Array(32), ['c', 'b', 'a']);
  assert.equal(lot.draw(1, 'exclusion', ['a', 'b']), 'b');
});
