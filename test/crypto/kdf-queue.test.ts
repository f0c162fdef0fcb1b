import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { KdfQueue } from '../../src/crypto/kdf-queue.js';
import type { KdfParams } from '../../src/crypto/kdf-params.js';

/** A job the test finishes by hand, recording when it started. */
function gate(log: string[], name: string) {
  let finish!: () => void;
  let fail!: (error: Error) => void;
  const done = new Promise<string>((resolve, reject) => {
    finish = () => resolve(name);
    fail = reject;
  });
  return { job: () => (log.push(name), done), finish, fail };
}

test('no more than `concurrency` jobs run at once', async () => {
  const queue = new KdfQueue({ concurrency: 2, maxWaiting: 10 });
  const log: string[] = [];
  const gates = ['a', 'b', 'c', 'd'].map((name) => gate(log, name));
  const results = gates.map((g) => queue.run(g.job));
  await nextTurn();
  assert.deepEqual(log, ['a', 'b']);
  assert.equal(queue.running, 2);
  assert.equal(queue.waiting, 2);
  gates[0]?.finish();
  await nextTurn();
  assert.deepEqual(log, ['a', 'b', 'c']);
  assert.equal(queue.running, 2);
  for (const g of gates) g.finish();
  assert.deepEqual(await Promise.all(results), ['a', 'b', 'c', 'd'].map((value) => ({ ok: true, value })));
  assert.equal(queue.running, 0);
  assert.equal(queue.waiting, 0);
});

test('waiting jobs start in the order they arrived', async () => {
  const queue = new KdfQueue({ concurrency: 1, maxWaiting: 10 });
  const log: string[] = [];
  const gates = ['1', '2', '3', '4', '5'].map((name) => gate(log, name));
  const results = gates.map((g) => queue.run(g.job));
  for (const g of [...gates].reverse()) g.finish(); // finishing order must not matter
  await Promise.all(results);
  assert.deepEqual(log, ['1', '2', '3', '4', '5']);
});

test('a full queue refuses at once with a busy error and a Retry-After estimate', async () => {
  const queue = new KdfQueue({ concurrency: 1, maxWaiting: 1, initialJobSeconds: 10 });
  const log: string[] = [];
  const [running, waiting] = [gate(log, 'running'), gate(log, 'waiting')];
  const results = [queue.run(running.job), queue.run(waiting.job)];
  const refused = await queue.run(async () => 'never');
  assert.equal(refused.ok, false);
  // Two jobs ahead on one slot at an assumed 10 s each.
  assert.deepEqual(!refused.ok && { kind: refused.error.kind, retryAfterSeconds: refused.error.retryAfterSeconds }, {
    kind: 'busy',
    retryAfterSeconds: 20,
  });
  assert.match(!refused.ok ? refused.error.message : '', /try again in 20 s/);
  running.finish();
  waiting.finish();
  await Promise.all(results);
  assert.deepEqual(log, ['running', 'waiting']);
});

test('the Retry-After estimate is never below one second', async () => {
  const queue = new KdfQueue({ concurrency: 1, maxWaiting: 0, initialJobSeconds: 0.01 });
  const g = gate([], 'only');
  const result = queue.run(g.job);
  const refused = await queue.run(async () => 'never');
  assert.equal(!refused.ok && refused.error.retryAfterSeconds, 1);
  g.finish();
  await result;
});

test('a failing job reaches its caller and frees its slot for the next one', async () => {
  const queue = new KdfQueue({ concurrency: 1, maxWaiting: 5 });
  const log: string[] = [];
  const [failing, next] = [gate(log, 'failing'), gate(log, 'next')];
  const failed = queue.run(failing.job);
  const following = queue.run(next.job);
  failing.fail(new Error('boom'));
  await assert.rejects(failed, /boom/);
  next.finish();
  assert.deepEqual(await following, { ok: true, value: 'next' });
  assert.equal(queue.running, 0);
});

test('a job that throws synchronously also frees its slot', async () => {
  const queue = new KdfQueue({ concurrency: 1, maxWaiting: 5 });
  await assert.rejects(
    queue.run(() => {
      throw new Error('sync boom');
    }),
    /sync boom/,
  );
  assert.deepEqual(await queue.run(async () => 'after'), { ok: true, value: 'after' });
});

test('the queue refuses a concurrency below one', () => {
  assert.throws(() => new KdfQueue({ concurrency: 0 }), RangeError);
  assert.throws(() => new KdfQueue({ concurrency: 1, maxWaiting: -1 }), RangeError);
});

// 128 MiB of Argon2i: a few hundred milliseconds per derivation, long enough to see the loop tick.
const medium: KdfParams = { algorithm: 'argon2i', opslimit: 3, memlimit: 128 * 1024 ** 2 };

test('the event loop keeps ticking while derivations run', async () => {
  const queue = new KdfQueue({ concurrency: 2 });
  let ticks = 0;
  const timer = setInterval(() => (ticks += 1), 5);
  const started = performance.now();
  const results = await Promise.all(
    ['a', 'b', 'c', 'd'].map((passphrase) => queue.deriveKey(passphrase, new Uint8Array(16), medium)),
  );
  const elapsed = performance.now() - started;
  clearInterval(timer);
  assert.ok(results.every((r) => r.ok && r.value.byteLength === 32));
  // A blocked loop would tick about once; a free one about every 5 ms. Allow 10× for a loaded machine.
  assert.ok(ticks >= Math.max(5, elapsed / 50), `${ticks} ticks in ${Math.round(elapsed)} ms`);
});

test('deriveKey through a full queue is refused as busy instead of allocating', async () => {
  const queue = new KdfQueue({ concurrency: 1, maxWaiting: 0 });
  const first = queue.deriveKey('a', new Uint8Array(16), medium);
  const second = await queue.deriveKey('b', new Uint8Array(16), medium);
  assert.equal(!second.ok && second.error.kind, 'busy');
  assert.ok((await first).ok);
});
