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
