// Issue 12: a log consumer that stops reading (a FIFO nobody drains) or is gone (a closed pipe)
// must neither stall the server, nor grow its memory, nor keep SIGTERM from ending it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { SHUTDOWN_GRACE_MS } from '../../src/web/server.js';
import { load, startServe, type ServeProcess } from './serve-process.js';

const METRICS_TOKEN = 'metrics-token-for-the-stalled-log-test';
// Debug level: every request writes a log line, so the pipe is full within a second.
const ENV = { APP_ENV: 'development', LOG_LEVEL: 'debug', METRICS_TOKEN };

/**
 * Memory the warm server may gain in 10 s of load with a stalled log reader, beyond what a
 * server with a reader that drains gains beside it under the same load. Before the fix the
 * stalled server gained 94 MiB in 10 s and kept growing, ~45 MiB more than a draining one. The
 * log buffer itself is bounded to 1 MiB (test/app/log-sink.test.ts).
 */
const RSS_EXTRA_GROWTH_BOUND_MIB = 32;
const WARM_UP_REQUESTS = 25_000;

/**
 * 10 s of load in five rounds, with the server's RSS after each, once the server is warm.
 * V8's heap grows for the first ~25,000 requests whatever the log reader does, so the warm-up
 * serves that many (at most 10 s on a busy machine). Growth is the mean of the last two samples:
 * RSS swings by tens of MiB with each major GC (seen: 194, 197, 238, 201, 209 MiB under steady
 * load), while a leak keeps rising through all of them.
 */
async function loadAndMeasure(server: ServeProcess): Promise<Awaited<ReturnType<typeof load>> & { growthMiB: number }> {
  const warming = performance.now(); // JIT, caches, the heap's own growth; the pipe fills
  for (let served = 0; served < WARM_UP_REQUESTS && performance.now() - warming < 10_000; ) served += (await load(server.url, '/elections', 16, 1)).count;
  const before = server.rssMiB();
  const rounds = [];
  const samples: number[] = [];
  for (let round = 0; round < 5; round++) {
    rounds.push(await load(server.url, '/elections', 16, 2));
    samples.push(server.rssMiB());
  }
  return {
    count: rounds.reduce((sum, r) => sum + r.count, 0),
    failures: rounds.reduce((sum, r) => sum + r.failures, 0),
    p99: Math.max(...rounds.map((r) => r.p99)),
    max: Math.max(...rounds.map((r) => r.max)),
    growthMiB: (samples.at(-1)! + samples.at(-2)!) / 2 - before,
  };
}

/**
 * A server whose log reader drains, loaded at the same time as `server` and in the same way:
 * its growth is the baseline. Side by side, a busy machine slows both alike (measured one after
 * the other, a test file running beside one of them changed its request count, and its growth,
 * by half).
 */
async function sideBySide(server: ServeProcess): Promise<{ stalled: Awaited<ReturnType<typeof loadAndMeasure>>; draining: Awaited<ReturnType<typeof loadAndMeasure>> }> {
  const cwd = mkdtempSync(join(tmpdir(), 'elekto-draining-log-'));
  const control = await startServe(cwd, ENV, ['ignore', 'pipe', 'pipe']);
  control.child.stdout?.resume();
  control.child.stderr?.resume();
  try {
    const [stalled, draining] = await Promise.all([loadAndMeasure(server), loadAndMeasure(control)]);
    return { stalled, draining };
  } finally {
    await control.stop('SIGTERM');
    rmSync(cwd, { recursive: true, force: true });
  }
}

const signed = (mib: number) => `${mib < 0 ? '' : '+'}${mib.toFixed(1)}`;

async function droppedLines(url: string): Promise<number> {
  const metrics = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  return Number(/^elekto_log_lines_dropped_total (\d+)/m.exec(metrics)?.[1]);
}

describe('elekto serve with stdout and stderr on a FIFO nobody reads', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'elekto-stalled-log-'));
  const fifo = join(cwd, 'log.fifo');
  let reader = -1;
  let server: ServeProcess;

  before(async () => {
    execFileSync('mkfifo', [fifo]);
    // Opened for reading (so writers do not get EPIPE) and never read: the pipe fills and stays full.
    reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY);
    try {
      server = await startServe(cwd, ENV, ['ignore', writer, writer]);
    } finally {
      closeSync(writer);
    }
  });

  after(() => {
    if (server?.child.exitCode === null) server.child.kill('SIGKILL');
    closeSync(reader);
    rmSync(cwd, { recursive: true, force: true });
  });

  it('keeps answering fast with bounded memory under 10 s of load, and counts the lines it drops', async (t) => {
    const { stalled: result, draining } = await sideBySide(server);
    const baseline = draining.growthMiB;
    const probe = performance.now();
    assert.equal((await fetch(`${server.url}/livez`)).status, 200);
    const probeMs = performance.now() - probe;
    t.diagnostic(
      `RSS ${signed(result.growthMiB)} MiB over 10 s of load, ${result.count} requests, p99 ${result.p99} ms, max ${result.max} ms ` +
        `(beside it, with a draining reader: ${signed(baseline)} MiB, ${draining.count} requests)`,
    );

    assert.equal(result.failures, 0);
    assert.ok(result.count > 100, `only ${result.count} requests answered in 10 s: the server stalled`);
    assert.ok(result.max < 2000, `a request took ${result.max} ms`);
    assert.ok(probeMs < 500, `/livez took ${probeMs} ms after the load`);
    assert.ok(result.growthMiB < baseline + RSS_EXTRA_GROWTH_BOUND_MIB, `RSS grew ${result.growthMiB.toFixed(1)} MiB, ${baseline.toFixed(1)} MiB with a draining reader`);

    // A busy machine answers fewer requests, so the 1 MiB buffer may not be full yet: keep
    // loading (bounded) until it overflows, then the dropped lines must show in /metrics.
    let dropped = await droppedLines(server.url);
    for (let round = 0; dropped === 0 && round < 15; round++) {
      await load(server.url, '/elections', 16, 2);
      dropped = await droppedLines(server.url);
    }
    assert.ok(dropped > 0, 'the lines that did not fit are counted in /metrics');
  });

  it('ends on SIGTERM well within the grace period, with the pipe still full', async (t) => {
    const { code, ms } = await server.stop('SIGTERM');
    t.diagnostic(`SIGTERM to exit with a stalled stdout: ${ms} ms`);
    assert.equal(code, 0);
    assert.ok(ms < SHUTDOWN_GRACE_MS / 4, `took ${ms} ms`);
  });
});

describe('elekto serve whose stdout and stderr were closed by the reader', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'elekto-closed-log-'));
  let server: ServeProcess;

  before(async () => {
    server = await startServe(cwd, ENV, ['ignore', 'pipe', 'pipe']);
    server.child.stdout?.destroy();
    server.child.stderr?.destroy();
  });

  after(() => {
    if (server?.child.exitCode === null) server.child.kill('SIGKILL');
    rmSync(cwd, { recursive: true, force: true });
  });

  it('keeps serving pages (every log write now fails with EPIPE)', async () => {
    const result = await load(server.url, '/elections', 4, 2);
    assert.equal(result.failures, 0);
    assert.ok(result.count > 10);
  });

  it('ends on SIGTERM well within the grace period', async (t) => {
    const { code, ms } = await server.stop('SIGTERM');
    t.diagnostic(`SIGTERM to exit with a closed stdout: ${ms} ms`);
    assert.equal(code, 0);
    assert.ok(ms < SHUTDOWN_GRACE_MS / 4, `took ${ms} ms`);
  });
});


describe('elekto serve shutting down while a request is still arriving', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'elekto-second-signal-'));
  let server: ServeProcess;

  before(async () => {
    server = await startServe(cwd, ENV, ['ignore', 'ignore', 'ignore']);
  });

  after(() => {
    if (server?.child.exitCode === null) server.child.kill('SIGKILL');
    rmSync(cwd, { recursive: true, force: true });
  });

  it('waits for it after the first SIGTERM, and exits at once on the second', async (t) => {
    // A form whose body never finishes arriving: the graceful close waits for it.
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    socket.write('POST /login/development HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nusername=');
    await sleep(300);
    server.child.kill('SIGTERM');
    await sleep(1500);
    assert.equal(server.child.exitCode, null, 'the first SIGTERM waits for the request in flight');
    const { code, ms } = await server.stop('SIGTERM');
    t.diagnostic(`second SIGTERM to exit: ${ms} ms`);
    socket.destroy();
    assert.equal(code, 1);
    assert.ok(ms < 1000, `took ${ms} ms`);
  });
});
