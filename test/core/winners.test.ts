import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectWinners } from '../../src/core/winners.js';

const ranking = [['a'], ['b', 'c'], ['d']];

test('the first N candidates of the ranking win when the cut falls between groups', () => {
  assert.deepEqual(selectWinners(ranking, 1), { tieAtCutoff: false, seats: 1, elected: ['a'] });
  assert.deepEqual(selectWinners(ranking, 3), { tieAtCutoff: false, seats: 3, elected: ['a', 'b', 'c'] });
});

test('a cut inside a tie group elects the candidates above it and names the tie', () => {
  assert.deepEqual(selectWinners(ranking, 2), {
    tieAtCutoff: true,
    seats: 2,
    elected: ['a'],
    tied: ['b', 'c'],
    openSeats: 1,
  });
});

test('a tie for first place with one seat elects no one outright', () => {
  assert.deepEqual(selectWinners([['x', 'y', 'z']], 2), {
    tieAtCutoff: true,
    seats: 2,
    elected: [],
    tied: ['x', 'y', 'z'],
    openSeats: 2,
  });
});

test('more seats than candidates elect everyone, ties included', () => {
  assert.deepEqual(selectWinners(ranking, 4), { tieAtCutoff: false, seats: 4, elected: ['a', 'b', 'c', 'd'] });
  assert.deepEqual(selectWinners(ranking, 9), { tieAtCutoff: false, seats: 9, elected: ['a', 'b', 'c', 'd'] });
});

test('zero seats elect no one and report no tie', () => {
  assert.deepEqual(selectWinners([['a', 'b']], 0), { tieAtCutoff: false, seats: 0, elected: [] });
});

test('a negative or fractional number of seats is a programming error', () => {
  assert.throws(() => selectWinners(ranking, -1), RangeError);
  assert.throws(() => selectWinners(ranking, 1.5), RangeError);
});
