import { spawnSync } from 'node:child_process';

/**
 * One measured number and its target: the most it may be (lower is better, the default), or
 * with `better: 'higher'` the least it must be (a throughput, say).
 */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly target: number;
  readonly better?: 'lower' | 'higher';
}

/** Whether `result` meets its target, in its direction. */
export function meetsTarget(result: BenchResult): boolean {
  return result.better === 'higher' ? result.value >= result.target : result.value <= result.target;
}

/** What `bench/run.ts` hands every benchmark: the built CLI, so each times the real binary. */
export interface BenchContext {
  /** Absolute path of the compiled `elekto` executable (`dist/cli/bin.js`). */
  readonly bin: string;
}

/** A group of related measurements; `bench/run.ts` lists every one. */
export interface Benchmark {
  readonly name: string;
  run(context: BenchContext): Promise<BenchResult[]>;
}

/**
 * Median wall-clock milliseconds of running `node BIN ARGS…` `runs` times, output discarded.
 * Throws if a run fails, so a broken command is never reported as fast.
 */
export function medianProcessMs(bin: string, args: readonly string[], runs: number): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (child.status !== 0) {
      throw new Error(`node ${bin} ${args.join(' ')} exited with ${child.status}: ${child.stderr.toString()}`);
    }
  }
  times.sort((a, b) => a - b);
  const middle = times.length >> 1;
  return times.length % 2 === 1 ? times[middle]! : (times[middle - 1]! + times[middle]!) / 2;
}
