import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedDecimal } from '../../src/core/fixed-decimal.js';

const five = fixedDecimal(5);
const nine = fixedDecimal(9);

test('values print and parse with exactly the rule\'s places', () => {
  assert.equal(five.format(64500000), '645.00000');
  assert.equal(five.format(-1), '-0.00001');
  assert.equal(nine.format(3666666667), '3.666666667');
  assert.equal(five.parse('139.17708'), 13917708);
  assert.equal(five.parse('1.123456'), undefined);
});

test('every operation rounds the way it is told, never silently', () => {
  // 3 ÷ 27 = 0.111111…: truncated 0.11111, rounded up 0.11112.
  assert.equal(five.div(five.fromInteger(3), five.fromInteger(27), 'down'), 11111);
  assert.equal(five.div(five.fromInteger(3), five.fromInteger(27), 'up'), 11112);
  assert.equal(nine.mul(999_999_999, 611_111_112, 'up'), 611_111_112);
  assert.equal(nine.mul(999_999_999, 611_111_112, 'down'), 611_111_111);
  assert.equal(five.mulDiv(7, 5, 2, 'down'), 17);
  assert.equal(five.mulDiv(-7, 5, 2, 'down'), -18);
});

test('products past 2^53 are exact (bigint), the same as the split multiplication', () => {
  let state = 12345;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31);
  for (let i = 0; i < 2000; i++) {
    const a = next() % 2_000_000_000;
    const b = next() * 7 % 3_000_000_000;
    for (const rounding of ['down', 'up'] as const) {
      const exact = BigInt(a) * BigInt(b);
      const q = exact / 1_000_000_000n + (rounding === 'up' && exact % 1_000_000_000n > 0n ? 1n : 0n);
      assert.equal(nine.mul(a, b, rounding), Number(q), `${a} × ${b} ${rounding}`);
      assert.equal(nine.mulDiv(a, b, 1_000_000_000, rounding), Number(q));
    }
  }
});

test('a result beyond exact integers is refused, not rounded', () => {
  assert.throws(() => nine.fromInteger(10_000_000), /out of range/);
});
