// `elekto tally` on large generated ballot files: the whole process (start-up, reading,
// parsing, counting, printing), as an officer would run it.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatBallotCsv } from '../src/core/ballot-csv.js';
import type { BallotTable } from '../src/core/ballot-table.js';
import { medianProcessMs, type Benchmark, type BenchResult } from './benchmark.js';

const CANDIDATES = 20;
const SEED = 20_250_601;

/** File sizes and their wall-clock targets (SPEC §7 tally on a 2-core machine). */
const CASES = [
  { ballots: 100_000, targetMs: 1_000, runs: 5 },
  { ballots: 1_000_000, targetMs: 10_000, runs: 3 },
] as const;

export const tallyBenchmark: Benchmark = {
  name: 'tally',
  async run({ bin }) {
    const results: BenchResult[] = [];
    for (const { ballots, targetMs, runs } of CASES) {
      const file = join(tmpdir(), `elekto-bench-${ballots}x${CANDIDATES}.csv`);
      const csv = formatBallotCsv(generateBallots(ballots, CANDIDATES, SEED));
      writeFileSync(file, csv);
      const sizeMb = (Buffer.byteLength(csv) / 1e6).toFixed(0);
      results.push({
        name: `elekto tally: ${ballots.toLocaleString('en')} ballots × ${CANDIDATES} candidates (${sizeMb} MB)`,
        value: medianProcessMs(bin, ['tally', file, '--format', 'json'], runs),
        unit: 'ms',
        target: targetMs,
      });
    }
    return results;
  },
};

/**
 * Ballots shaped like real Elekto elections: candidates of uneven popularity; most voters
 * rank everyone, the others only their favourites (the rest "No opinion"); some equal
 * ranks (none when `equalRanks` is false: STV ballots). Deterministic for a given seed.
 */
export function generateBallots(ballotCount: number, candidateCount: number, seed: number, equalRanks = true): BallotTable {
  const random = mulberry32(seed);
  const candidates = Array.from({ length: candidateCount }, (_, i) => `candidate-${String(i + 1).padStart(2, '0')}`);
  const popularity = candidates.map(() => 0.2 + random());
  const ranks = new Int32Array(ballotCount * candidateCount); // 0: no opinion
  for (let ballot = 0; ballot < ballotCount; ballot++) {
    // Preference order: popularity times noise, best first.
    const order = popularity
      .map((weight, column) => ({ column, score: weight * random() }))
      .sort((a, b) => b.score - a.score);
    const ranked = random() < 0.7 ? candidateCount : Math.floor(random() * candidateCount);
    let rank = 0;
    order.forEach(({ column }, place) => {
      if (place >= ranked) return;
      if (place === 0 || random() >= 0.1 || !equalRanks) rank++; // one time in ten, tie with the previous
      ranks[ballot * candidateCount + column] = rank;
    });
  }
  return { candidates, ballotCount, ranks };
}

/** A small, well-known seeded PRNG (uniform in [0, 1)), so every run counts the same files. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
