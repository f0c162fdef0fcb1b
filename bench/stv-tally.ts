// `elekto tally` with each STV method on a large generated ballot file: the whole process
// (start-up, reading, parsing, grouping, counting, printing), as an officer would run it.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatBallotCsv } from '../src/core/ballot-csv.js';
import { medianProcessMs, type Benchmark, type BenchResult } from './benchmark.js';
import { generateBallots } from './tally.js';

const BALLOTS = 100_000;
const CANDIDATES = 20;
const SEATS = 5;
const SEED = 20_261_206;
const TARGET_MS = 2_000; // SPEC §13
const RUNS = 5;

export const stvTallyBenchmark: Benchmark = {
  name: 'stv-tally',
  async run({ bin }) {
    const file = join(tmpdir(), `elekto-bench-stv-${BALLOTS}x${CANDIDATES}.csv`);
    writeFileSync(file, formatBallotCsv(generateBallots(BALLOTS, CANDIDATES, SEED, false)));
    const results: BenchResult[] = [];
    for (const method of ['scottish-stv', 'meek-stv']) {
      const args = ['tally', file, '--method', method, '--seats', String(SEATS), '--format', 'json'];
      results.push({
        name: `elekto tally --method ${method}: ${BALLOTS.toLocaleString('en')} ballots × ${CANDIDATES} candidates × ${SEATS} seats (${stageCount(bin, args)} stages)`,
        value: medianProcessMs(bin, args, RUNS),
        unit: 'ms',
        target: TARGET_MS,
      });
    }
    return results;
  },
};

function stageCount(bin: string, args: readonly string[]): number {
  const child = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (child.status !== 0) throw new Error(`elekto ${args.join(' ')} failed: ${child.stderr}`);
  return (JSON.parse(child.stdout) as { stages: unknown[] }).stages.length;
}
