import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoundedLogSink } from '../../src/app/log-sink.js';

/** An output whose writes complete only when the test says so (a stalled log reader). */
function stalledOutput() {
  const written: string[] = [];
  const pending: Array<(error?: Error | null) => void> = [];
  return {
    written,
    output: { write: (data: string, done: (error?: Error | null) => void) => void (written.push(data), pending.push(done)) },
    /** The reader takes everything written so far. */
    drain: () => pending.splice(0).forEach((done) => done()),
    fail: () => pending.splice(0).forEach((done) => done(new Error('EPIPE'))),
  };
}

const line = (n: number) => `${JSON.stringify({ level: 20, msg: `line ${n}` })}\n`;

describe('BoundedLogSink', () => {
  it('holds at most its bound while the reader is stalled, and counts every line it drops', () => {
    const out = stalledOutput();
    const sink = new BoundedLogSink(out.output, { maxBufferedBytes: 1000 });
    for (let n = 0; n < 10_000; n += 1) sink.write(line(n));
    assert.ok(sink.bufferedBytes <= 1000, `${sink.bufferedBytes} bytes held`);
    const kept = out.written.join('').split('\n').length - 1; // the chunk in flight holds the first line
    assert.ok(sink.dropped > 9_900);
    assert.ok(kept >= 1);
  });

  it('writes one "N log lines dropped" record once the reader drains again, then no more', () => {
    let now = 0;
    const out = stalledOutput();
    const sink = new BoundedLogSink(out.output, { maxBufferedBytes: 200, reportIntervalMs: 10_000, clock: () => now });
    for (let n = 0; n < 50; n += 1) sink.write(line(n));
    const dropped = sink.dropped;
    assert.ok(dropped > 0);
    for (let round = 0; round < 5; round += 1) out.drain();
    const report = out.written.map((chunk) => chunk.split('\n')).flat().filter((l) => l.includes('log lines dropped'));
    assert.equal(report.length, 1);
    const record = JSON.parse(report[0]!) as { level: number; droppedLines: number };
    assert.equal(record.level, 40);
    assert.equal(record.droppedLines, dropped);
    // Within the interval, new drops wait for the next report, and are reported once it is due.
    for (let n = 0; n < 50; n += 1) sink.write(line(n));
    for (let round = 0; round < 5; round += 1) out.drain();
    now = 10_000;
    sink.tick();
    out.drain();
    assert.equal(out.written.join('').match(/log lines dropped/g)?.length, 2);
  });

  it('drops everything after the reader closed the pipe, without an error reaching the caller', () => {
    const out = stalledOutput();
    const sink = new BoundedLogSink(out.output);
    sink.write(line(1));
    sink.write(line(2));
    out.fail();
    assert.equal(sink.write(line(3)), false);
    assert.equal(sink.dropped, 2);
    assert.equal(sink.bufferedBytes, 0);
  });

  it('flush resolves when the buffer is written, or at its deadline when the reader never reads', async () => {
    const out = stalledOutput();
    const sink = new BoundedLogSink(out.output);
    sink.write(line(1));
    const started = performance.now();
    await sink.flush(50);
    assert.ok(performance.now() - started < 1000);
    const flushed = sink.flush(10_000);
    out.drain();
    await flushed;
    assert.equal(sink.bufferedBytes, 0);
  });
});
