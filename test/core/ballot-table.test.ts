import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ballotTable, MAX_RANK, NO_OPINION } from '../../src/core/ballot-table.js';
import { ballots } from './count-helpers.js';

test('ballot maps become rows in the given column order, absent candidates as no opinion', () => {
  const table = ballotTable(['b', 'a', 'c'], ballots({ a: 1, b: 2 }, {}, { c: 3 }));
  assert.deepEqual(table.candidates, ['b', 'a', 'c']);
  assert.equal(table.ballotCount, 3);
  assert.deepEqual([...table.ranks], [2, 1, NO_OPINION, NO_OPINION, NO_OPINION, NO_OPINION, NO_OPINION, NO_OPINION, 3]);
});

test('ranks for candidates outside the list are ignored, as Elekto 0.6 counted only current candidates', () => {
  const table = ballotTable(['a'], ballots({ a: 2, withdrawn: 1 }));
  assert.deepEqual([...table.ranks], [2]);
});

test('duplicate candidates and invalid ranks are refused as programming errors', () => {
  assert.throws(() => ballotTable(['a', 'a'], []), RangeError);
  assert.throws(() => ballotTable(['a'], ballots({ a: 0 })), RangeError);
  assert.throws(() => ballotTable(['a'], ballots({ a: 1.5 })), RangeError);
  assert.throws(() => ballotTable(['a'], ballots({ a: MAX_RANK + 1 })), RangeError);
});
