import { test } from 'node:test';
import assert from 'node:assert/strict';
import { candidateOrder } from '../../src/core/candidate-order.js';

const candidates = 'abcdefgh'.split('').map((id) => ({ id }));

test('the same voter always sees the same order', () => {
  const first = candidateOrder(candidates, 'steering---2025:alice');
  assert.deepEqual(candidateOrder(candidates, 'steering---2025:alice'), first);
  assert.deepEqual(candidateOrder([...candidates].reverse(), 'steering---2025:alice'), first);
});

test('the order is a permutation of the candidates', () => {
  const order = candidateOrder(candidates, 'x');
  assert.deepEqual(order.map((c) => c.id).sort(), candidates.map((c) => c.id));
});

test('across voters every candidate is listed first about equally often', () => {
  const firsts = new Map<string, number>();
  for (let voter = 0; voter < 8000; voter++) {
    const id = candidateOrder(candidates, `e:voter${voter}`)[0]!.id;
    firsts.set(id, (firsts.get(id) ?? 0) + 1);
  }
  for (const [id, count] of firsts) assert.ok(count > 850 && count < 1150, `${id} first ${count} times of 8000`);
});
