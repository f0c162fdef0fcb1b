import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ballotWarning, parseBallotInput } from '../../src/core/ballot-input.js';

const rules = { candidates: ['ada', 'bob', 'cy'], allowNoOpinion: true };
const answers = (entries: Record<string, string>) => new Map(Object.entries(entries));

test('a complete ballot parses into ranks, with No opinion left out', () => {
  const result = parseBallotInput(answers({ ada: '1', bob: '', cy: '2' }), rules);
  assert.ok(result.ok);
  assert.deepEqual([...result.value], [['ada', 1], ['cy', 2]]);
});

test('equal ranks are allowed', () => {
  const result = parseBallotInput(answers({ ada: '1', bob: '1', cy: '3' }), rules);
  assert.ok(result.ok);
});

test('an unknown candidate, a missing candidate and a rank out of range are all reported at once', () => {
  const result = parseBallotInput(answers({ ada: '4', bob: '1', zed: '1' }), rules);
  assert.ok(!result.ok);
  assert.deepEqual(result.error.map((e) => [e.kind, e.candidate]), [
    ['unknown-candidate', 'zed'],
    ['rank-out-of-range', 'ada'],
    ['missing-candidate', 'cy'],
  ]);
});

test('ranks must be whole numbers from 1 to the number of candidates', () => {
  for (const bad of ['0', '-1', '1.5', 'abc', '1e1', '4', ' 2x']) {
    const result = parseBallotInput(answers({ ada: bad, bob: '', cy: '' }), rules);
    assert.ok(!result.ok, `rank '${bad}' should be refused`);
    assert.equal(result.error[0]?.kind, 'rank-out-of-range');
  }
});

test('when allow_no_opinion is false every candidate must be ranked', () => {
  const result = parseBallotInput(answers({ ada: '1', bob: '', cy: '2' }), { ...rules, allowNoOpinion: false });
  assert.ok(!result.ok);
  assert.deepEqual(result.error.map((e) => e.kind), ['rank-required']);
  assert.match(result.error[0]!.message, /rank every candidate/);
});

test('empty and all-tied ballots ask for confirmation; others do not', () => {
  assert.equal(ballotWarning(new Map()), 'empty');
  assert.equal(ballotWarning(new Map([['ada', 2], ['bob', 2]])), 'all-tied');
  assert.equal(ballotWarning(new Map([['ada', 1]])), 'all-tied');
  assert.equal(ballotWarning(new Map([['ada', 1], ['bob', 2]])), undefined);
});

test('with strictOrder (STV), equal ranks and gaps are refused, each naming the candidates', () => {
  const rules = { candidates: ['a', 'b', 'c', 'd'], allowNoOpinion: true, strictOrder: true };
  const parse = (answers: Record<string, string>) => parseBallotInput(new Map(Object.entries(answers)), rules);
  assert.ok(parse({ a: '2', b: '1', c: '', d: '3' }).ok);
  assert.ok(parse({ a: '', b: '', c: '', d: '' }).ok, 'ranking nobody is allowed');
  const tied = parse({ a: '1', b: '1', c: '1', d: '2' });
  assert.ok(!tied.ok);
  assert.deepEqual(tied.error.map((e) => [e.kind, e.candidate]), [['equal-ranks', 'b']]);
  assert.match(tied.error[0]!.message, /^a, b and c all have rank 1\. In this election each rank is used once/);
  const gap = parse({ a: '1', b: '3', c: '', d: '4' });
  assert.ok(!gap.ok);
  assert.deepEqual(gap.error.map((e) => [e.kind, e.candidate]), [['rank-gap', 'b']]);
  assert.equal(gap.error[0]!.message, 'Rank 2 is missing: number the candidates you rank 1, 2, 3… without a gap (b has rank 3).');
  assert.ok(parseBallotInput(new Map(Object.entries({ a: '1', b: '1', c: '3', d: '' })), { ...rules, strictOrder: false }).ok, 'Schulze allows both');
});

test('an STV ballot ranking one candidate needs no confirmation; an empty one still does', () => {
  assert.equal(ballotWarning(new Map([['a', 1]]), true), undefined);
  assert.equal(ballotWarning(new Map([['a', 1]])), 'all-tied');
  assert.equal(ballotWarning(new Map(), true), 'empty');
});
