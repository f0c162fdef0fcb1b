import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseBallotCsv } from '../../src/core/ballot-csv.js';
import { schulze } from '../../src/core/schulze.js';
import { count, times, type BallotLiteral } from './count-helpers.js';

const vectors = new URL('../fixtures/schulze-vectors/', import.meta.url);

interface Vector {
  readonly title: string;
  readonly csv: string;
  readonly ballots: number;
  readonly pairwise: Record<string, Record<string, number>>;
  readonly strongest_paths: Record<string, Record<string, number>>;
  readonly elekto_ranking: string[][];
}

const expected = JSON.parse(readFileSync(new URL('expected.json', vectors), 'utf8')) as Record<string, Vector>;

for (const [name, vector] of Object.entries(expected)) {
  test(`published vector ${vector.title} reproduces its pairwise counts, strongest paths and ranking`, () => {
    const table = parseBallotCsv(vector.csv, readFileSync(new URL(vector.csv, vectors)));
    assert.ok(table.ok, `${name}: ${JSON.stringify(table)}`);
    const result = schulze(table.value);
    assert.equal(result.ballots, vector.ballots);
    assert.deepEqual(result.pairwise, vector.pairwise);
    assert.deepEqual(result.strongestPaths, vector.strongest_paths);
    assert.deepEqual(result.ranking, vector.elekto_ranking);
  });
}

test('the Elekto 0.6 database scenario ties dims and paris ahead of aaron', () => {
  // The three ballots seeded in test/fixtures/elekto-v2-database (voter: ballot).
  const result = count(['aaron', 'dims', 'paris'], [
    { aaron: 2, dims: 3, paris: 1 }, // dims
    { aaron: 1, paris: 2 }, // jberkus: no opinion on dims
    { aaron: 3, dims: 1, paris: 2 }, // paris
  ]);
  assert.deepEqual(result.ranking, [['dims', 'paris'], ['aaron']]);
  assert.deepEqual(result.pairwise, {
    aaron: { dims: 1, paris: 1 },
    dims: { aaron: 1, paris: 1 },
    paris: { aaron: 2, dims: 1 },
  });
  assert.deepEqual(result.defeatedBy, { aaron: 1, dims: 0, paris: 0 });
});

test('a ballot that ranks nobody counts as cast and changes no comparison', () => {
  const ranked: BallotLiteral[] = [{ a: 1, b: 2 }, { b: 1, c: 2 }];
  const without = count(['a', 'b', 'c'], ranked);
  const withEmpty = count(['a', 'b', 'c'], [...ranked, {}, {}]);
  assert.equal(withEmpty.ballots, without.ballots + 2);
  assert.deepEqual(withEmpty.pairwise, without.pairwise);
  assert.deepEqual(withEmpty.strongestPaths, without.strongestPaths);
  assert.deepEqual(withEmpty.ranking, without.ranking);
});

test('equal ranks count for neither candidate', () => {
  const result = count(['a', 'b', 'c'], [{ a: 1, b: 1, c: 2 }]);
  assert.equal(result.pairwise.a?.b, 0);
  assert.equal(result.pairwise.b?.a, 0);
  assert.equal(result.pairwise.a?.c, 1);
  assert.deepEqual(result.ranking, [['a', 'b'], ['c']]);
});

test('an unranked candidate takes part in no comparison on that ballot', () => {
  const result = count(['a', 'b', 'c'], [{ a: 1, c: 2 }]);
  assert.deepEqual(result.pairwise, { a: { b: 0, c: 1 }, b: { a: 0, c: 0 }, c: { a: 0, b: 0 } });
});

test('a candidate no ballot ranks still appears in every part of the result', () => {
  const result = count(['zoe', 'a', 'b'], times(3, { a: 1, b: 2 }));
  assert.deepEqual(result.candidates, ['a', 'b', 'zoe']);
  assert.deepEqual(result.pairwise.zoe, { a: 0, b: 0 });
  assert.deepEqual(result.ranking, [['a', 'zoe'], ['b']]);
});

test('the result does not depend on the order of the columns', () => {
  const records = [...times(5, { a: 1, c: 2, b: 3 }), ...times(4, { b: 1, a: 2 }), ...times(2, { c: 1, b: 2, a: 3 })];
  const forward = count(['a', 'b', 'c'], records);
  const backward = count(['c', 'b', 'a'], records);
  assert.deepEqual(backward, forward);
  assert.deepEqual(Object.keys(forward.pairwise), ['a', 'b', 'c']);
});

test('candidates are grouped by how many defeat them, not by how many they defeat', () => {
  // a defeats c; b is compared with no one. By wins, a (1) would stand alone ahead of b and
  // c (0 each); by defeats, a and b (0 each) tie ahead of c (1), as Elekto 0.6 ranks.
  const result = count(['a', 'b', 'c'], [{ a: 1, c: 2 }]);
  assert.deepEqual(result.ranking, [['a', 'b'], ['c']]);
  assert.deepEqual(result.defeatedBy, { a: 0, b: 0, c: 1 });
});

test('an ID that looks like an object property is kept as a plain key', () => {
  // A computed key: a literal `__proto__: 1` would set the prototype, not a property.
  const result = count(['__proto__', 'constructor'], [{ ['__proto__']: 1, constructor: 2 }]);
  assert.deepEqual(Object.keys(result.pairwise), ['__proto__', 'constructor']);
  assert.equal(result.pairwise.__proto__?.constructor, 1);
  assert.deepEqual(result.ranking, [['__proto__'], ['constructor']]);
});

test('no ballots and no candidates give an empty ranking, not an error', () => {
  assert.deepEqual(count([], []).ranking, []);
  assert.deepEqual(count(['a', 'b'], []).ranking, [['a', 'b']]);
});
