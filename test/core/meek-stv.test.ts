import { test } from 'node:test';
import assert from 'node:assert/strict';
import { meekStv } from '../../src/core/meek-stv.js';
import { SEED, stvBallots } from './stv-helpers.js';

// Small counts worked out by hand from the Reference Meek Rule (step labels are its own).

test('B.2: keep factors iterate until the surplus passes on, rounded up to 9 places', () => {
  // 11 ballots, 2 seats: q = 11 ÷ 3 = 3.666666666 (truncated) + 0.000000001 = 3.666666667.
  // Round 1 elects A (6). Round 2, iteration 1: surplus 2.333333333; kf(A) = 1 × q ÷ 6 =
  // 0.6111111111… → 0.611111112 (up). Iteration 2: each "A B" ballot keeps 0.611111112 for A
  // (× 6 = 3.666666672) and passes 0.388888888 to B: B = 2 + 2.333333328 ≥ q, elected.
  const result = meekStv(stvBallots('ABC', ['6 A B', '2 B', '3 C']), { seats: 2, seed: SEED });
  assert.equal(result.quota, '3.666666667');
  assert.deepEqual(result.stages.map((s) => [s.action, s.elected]), [
    ['first preferences', []],
    ['election', ['A']],
    ['election', ['B']],
  ]);
  assert.deepEqual(result.stages[2]!.votes, { A: '3.666666672', B: '4.333333328', C: '3.000000000' });
  assert.deepEqual(result.stages[2]!.keep_factors, { A: '0.611111112', B: '1.000000000' });
});

test('B.3 and T: a tie for defeat goes to lot, then exhausted ballots lower the quota', () => {
  // 4 ballots, 1 seat: q = 2.000000001, nobody reaches it, surplus 0 < ω: B and C (1 each)
  // tie for defeat. The loser's ballot exhausts: 3 votes left, q = 1.500000001, A elected.
  const ballots = stvBallots('ABC', ['2 A', '1 B', '1 C']);
  const result = meekStv(ballots, { seats: 1, seed: SEED });
  assert.equal(result.ties_broken_by_lot.length, 1);
  const [tie] = result.ties_broken_by_lot;
  assert.deepEqual(tie!.candidates, ['B', 'C']);
  assert.deepEqual(result.stages[1]!.excluded, [tie!.chosen]);
  assert.deepEqual(result.elected, ['A']);
  assert.equal(result.stages[2]!.quota, '1.500000001');
  assert.equal(result.stages[2]!.non_transferable, '1.000000000');
});

test('C.1: the last hopefuls fill the remaining seats when they are no more than those seats', () => {
  // A is elected; its surplus exhausts and the quota sinks towards 2 but stays above it, so
  // B and C (2 each) never reach it. D is defeated, then B or C by lot; the other is the
  // last hopeful for the last seat.
  const result = meekStv(stvBallots('ABCD', ['3 A', '2 B', '2 C', '1 D']), { seats: 2, seed: SEED });
  assert.equal(result.ties_broken_by_lot.length, 1);
  const [tie] = result.ties_broken_by_lot;
  assert.deepEqual(result.stages.map((s) => s.excluded), [[], [], ['D'], [tie!.chosen]]);
  assert.deepEqual(result.elected, ['A', tie!.chosen === 'B' ? 'C' : 'B']);
  assert.match(result.stages.at(-1)!.notes!.at(-1)!, /step C\.1/);
});

test('a ballot keeps passing on past elected candidates: grouping by prefix changes nothing', () => {
  const many = meekStv(stvBallots('ABCD', ['5 A B C', '5 A B D', '3 C', '2 D']), { seats: 2, seed: SEED });
  const split = meekStv(stvBallots('ABCD', ['2 A B C', '3 A B C', '1 A B D', '4 A B D', '3 C', '2 D']), { seats: 2, seed: SEED });
  assert.deepEqual(split, many);
});
