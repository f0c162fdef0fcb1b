// Argon2i at Elekto 0.6's parameters (8 passes, 512 MiB): the cost of every ballot passphrase.
// Each measurement runs in a fresh Node process on the built `dist/crypto`, so that its peak
// memory (maxRSS) is its own and not what earlier benchmarks left behind.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Benchmark, BenchContext, BenchResult } from './benchmark.js';

/** Derivations per throughput run: enough for a steady state, few enough to stay under a minute. */
const JOBS = 6;

interface Measurement {
  /** Wall-clock milliseconds for all jobs. */
  readonly totalMs: number;
  /** Longest delay of a 10 ms timer during the run: how long the event loop was blocked. */
  readonly maxLoopDelayMs: number;
  /** Peak resident memory of the process, MiB. */
  readonly maxRssMiB: number;
}

export const kdfBenchmark: Benchmark = {
  name: 'kdf',
  async run(context) {
    const single = measure(context, 1, 1);
    const serial = measure(context, 1, JOBS);
    const parallel = measure(context, 2, JOBS);
    const pooled = measure(context, 2, JOBS, true);
    const results: BenchResult[] = [
      { name: 'Argon2i 512 MiB: one derivation', value: single.totalMs, unit: 'ms', target: 4_000 },
      { name: 'Argon2i 512 MiB: peak memory of a process doing one', value: single.maxRssMiB, unit: 'MiB', target: 640 },
      { name: `KdfQueue concurrency 1: time per derivation (${JOBS} queued)`, value: serial.totalMs / JOBS, unit: 'ms', target: 4_000 },
      { name: `KdfQueue concurrency 2: time per derivation (${JOBS} queued)`, value: parallel.totalMs / JOBS, unit: 'ms', target: 2_500 },
      { name: 'KdfQueue concurrency 2: peak memory', value: parallel.maxRssMiB, unit: 'MiB', target: 1_200 },
      // The server derives in child processes (KdfProcessPool): in-process, each 512 MiB
      // derivation stalls the event loop for 100-250 ms, which this row would show.
      { name: `KdfProcessPool concurrency 2 (as the server runs): time per derivation (${JOBS} queued)`, value: pooled.totalMs / JOBS, unit: 'ms', target: 2_500 },
      { name: 'KdfProcessPool concurrency 2: longest event-loop stall of the server process', value: pooled.maxLoopDelayMs, unit: 'ms', target: 50 },
    ];
    return results;
  },
};

/**
 * Runs `jobs` derivations through a `KdfQueue` of `concurrency` in a child process, deriving
 * in that process's thread pool or, when `pooled`, in a `KdfProcessPool` of its own children.
 */
function measure({ bin }: BenchContext, concurrency: number, jobs: number, pooled = false): Measurement {
  const dist = dirname(dirname(bin));
  const module = (path: string) => JSON.stringify(pathToFileURL(join(dist, path)).href);
  const script = `
    import { KdfQueue } from ${module('crypto/kdf-queue.js')};
    import { ELEKTO_0_6_KDF } from ${module('crypto/kdf-params.js')};
    import { KdfProcessPool } from ${module('crypto/kdf-process-pool.js')};
    const pool = ${pooled} ? new KdfProcessPool(${concurrency}) : undefined;
    const queue = new KdfQueue({ concurrency: ${concurrency}, maxWaiting: ${jobs}, derive: pool?.deriveKey });
    let last = performance.now();
    let maxLoopDelayMs = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      maxLoopDelayMs = Math.max(maxLoopDelayMs, now - last - 10);
      last = now;
    }, 10);
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: ${jobs} }, (_, i) => queue.deriveKey('passphrase ' + i, new Uint8Array(16), ELEKTO_0_6_KDF)),
    );
    const totalMs = performance.now() - started;
    clearInterval(timer);
    pool?.close();
    if (!results.every((r) => r.ok)) throw new Error(JSON.stringify(results.filter((r) => !r.ok)));
    const maxRssMiB = process.resourceUsage().maxRSS / 1024;
    console.log(JSON.stringify({ totalMs, maxLoopDelayMs, maxRssMiB }));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '--eval', script], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`the key-derivation benchmark failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as Measurement;
}
