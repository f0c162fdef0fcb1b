import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scottishStv } from '../../src/core/scottish-stv.js';
import { SEED, stvBallots } from './stv-helpers.js';

// Small counts worked out by hand from SSI 2007/42 Schedule 1, one rule at a time.

test('rules 46, 48 and 49: the largest surplus goes first, and a filled last seat stops the count', () => {
  // 100 papers, 3 seats: quota 100 ÷ 4 = 25, + 1 = 26. A (40) and B (30) are elected at
  // stage 1; A's surplus (14) goes before B's (4), at 14 × 1 ÷ 40 = 0.35 a paper: C gets
  // 40 × 0.35 = 14, reaches 30 and takes the last seat, so B's surplus is never transferred.
  const result = scottishStv(stvBallots('ABCD', ['40 A C', '30 B D', '16 C', '14 D']), { seats: 3, seed: SEED });
  assert.equal(result.quota, '26.00000');
  assert.deepEqual(result.elected, ['A', 'B', 'C']);
  assert.deepEqual(result.stages.map((s) => [s.action, s.candidate, s.elected]), [
    ['first preferences', null, ['A', 'B']],
    ['surplus', 'A', ['C']],
  ]);
  assert.deepEqual(result.stages[1]!.votes, { A: '26.00000', B: '30.00000', C: '30.00000', D: '14.00000' });
  assert.deepEqual(result.stages[1]!.transfers, { A: '-14.00000', B: '0.00000', C: '14.00000', D: '0.00000' });
});

test('rule 48(3): transfer values are truncated to 5 places; exhausted papers and rule 52 fill the last seat', () => {
  // 70 papers, 2 seats: quota 24. A's surplus 3 over 27 papers: 3 ÷ 27 = 0.111111… → 0.11111,
  // so B gains 27 × 0.11111 = 2.99997 and 0.00003 is lost. B (22.99997) trails C (23) and is
  // excluded; its papers have no further preference. C is the only continuing candidate for
  // the one vacancy left: elected at that stage (rule 52), although short of the quota.
  const result = scottishStv(stvBallots('ABC', ['27 A B', '20 B', '23 C']), { seats: 2, seed: SEED });
  assert.equal(result.quota, '24.00000');
  assert.equal(result.stages[1]!.votes.B, '22.99997');
  assert.equal(result.stages[1]!.non_transferable, '0.00003');
  assert.deepEqual(result.stages[2]!.excluded, ['B']);
  assert.deepEqual(result.stages[2]!.elected, ['C']);
  assert.equal(result.stages[2]!.non_transferable, '23.00000');
  assert.match(result.stages[2]!.notes![0]!, /rule 52/);
  assert.deepEqual(result.elected, ['A', 'C']);
});

test('rule 51(2)(a): equal lowest candidates are told apart by the latest stage at which they differed', () => {
  // 2 seats, quota 17 ÷ 3 + 1 = 6. Stage 2 transfers A's surplus (all exhausted), stage 3
  // excludes D, whose paper lifts C to 4, level with B. At stage 2 B had 4 and C 3: C goes.
  const result = scottishStv(stvBallots('ABCD', ['9 A', '4 B', '3 C B', '1 D C']), { seats: 2, seed: SEED });
  assert.deepEqual(result.stages.map((s) => s.excluded), [[], [], ['D'], ['C']]);
  assert.deepEqual(result.elected, ['A', 'B']);
  assert.deepEqual(result.ties_broken_by_lot, []);
});

test('rule 51(2)(b): candidates equal at every stage are separated by lot, named in the result', () => {
  const ballots = stvBallots('ABC', ['5 A', '2 B', '2 C']);
  const result = scottishStv(ballots, { seats: 2, seed: SEED });
  assert.equal(result.ties_broken_by_lot.length, 1);
  const [tie] = result.ties_broken_by_lot;
  assert.deepEqual({ ...tie, chosen: undefined }, { stage: 3, decision: 'exclusion (rule 51(2)(b))', candidates: ['B', 'C'], chosen: undefined });
  assert.deepEqual(result.stages[2]!.excluded, [tie!.chosen]);
  assert.deepEqual(scottishStv(ballots, { seats: 2, seed: SEED }), result, 'the same seed draws the same lot');
  const other = tie!.chosen === 'B' ? 'C' : 'B';
  assert.deepEqual(scottishStv(ballots, { seats: 2, seed: SEED, tieOrder: [other] }).elected, ['A', tie!.chosen]);
});

test('ballots ranking nobody count as cast but not towards the quota', () => {
  const result = scottishStv(stvBallots('AB', ['3 A', '2 B', '5']), { seats: 1, seed: SEED });
  assert.equal(result.ballots, 10);
  assert.equal(result.valid_ballots, 5);
  assert.equal(result.quota, '3.00000');
  assert.deepEqual(result.elected, ['A']);
});

test('as many candidates as seats: all elected at the first stage', () => {
  const result = scottishStv(stvBallots('AB', ['3 A', '1 B']), { seats: 2, seed: SEED });
  assert.deepEqual(result.elected, ['A', 'B']);
  assert.equal(result.stages.length, 1);
});
