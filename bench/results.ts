// Computing an election's results in the officer console: reading 10,000 stored ballots of
// 20 candidates (200,000 ballot rows) from each database, counting them and storing the
// result, as `POST /app/elections/:eid/admin/results` does — with Schulze, and with each STV
// method on strict-order ballots (SPEC §13).
import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import { computeResults } from '../src/app/compute-results.js';
import { NO_OPINION } from '../src/core/ballot-table.js';
import type { ElectionMethod } from '../src/core/election-method.js';
import { DIALECTS, type Dialect } from '../src/storage/database-target.js';
import { migrateDatabase } from '../src/storage/migrate-database.js';
import { openDatabase } from '../src/storage/open-database.js';
import { NO_OPINION_RANK } from '../src/storage/repositories/ballot-rows.js';
import { findElectionByKey, syncElectionRows } from '../src/storage/repositories/election-repository.js';
import type { BallotTable as BallotRows, Database } from '../src/storage/schema.js';
import { createFreshDatabase } from '../test/storage/test-databases.js';
import type { Benchmark, BenchResult } from './benchmark.js';
import { generateBallots } from './tally.js';

const BALLOTS = 10_000;
const CANDIDATES = 20;
const SEED = 20_250_602;
const RUNS = 3;
const TARGET_MS = 2_000;
/** Rows per INSERT: 5 parameters each stays far below every database's limit. */
const CHUNK = 2_000;

export const resultsBenchmark: Benchmark = {
  name: 'results',
  async run() {
    const results: BenchResult[] = [];
    for (const dialect of DIALECTS) {
      for (const [method, ms] of await medianComputeMs(dialect)) {
        results.push({
          name: `compute results (${method}): ${BALLOTS.toLocaleString('en')} stored ballots × ${CANDIDATES} candidates (${dialect})`,
          value: ms,
          unit: 'ms',
          target: TARGET_MS,
        });
      }
    }
    return results;
  },
};

/** The elections of the benchmark: Schulze ballots have equal ranks, STV ballots are strict orders. */
const CASES: readonly { method: ElectionMethod; election: string; equalRanks: boolean }[] = [
  { method: 'schulze', election: 'bench', equalRanks: true },
  { method: 'scottish-stv', election: 'bench-stv', equalRanks: false },
  { method: 'meek-stv', election: 'bench-stv', equalRanks: false },
];

/**
 * Median milliseconds of `computeResults` (read every ballot row, count, store the result) for
 * each method on a fresh database of `dialect` holding the ballots; the stored result is
 * deleted between runs.
 */
async function medianComputeMs(dialect: Dialect): Promise<Map<ElectionMethod, number>> {
  const fresh = await createFreshDatabase(dialect);
  const db = openDatabase(fresh.target);
  try {
    const migrated = await migrateDatabase(db, dialect);
    if (!migrated.ok) throw new Error(`migrating a fresh ${dialect} database was refused: ${migrated.error.kind}`);
    const now = new Date('2026-06-15T12:00:00Z');
    const medians = new Map<ElectionMethod, number>();
    const stored = new Map<string, { id: number; candidates: readonly string[] }>();
    for (const { method, election: key, equalRanks } of CASES) {
      if (!stored.has(key)) {
        await syncElectionRows(db, [{ key, name: `Benchmark election ${key}` }], now);
        const election = await findElectionByKey(db, key);
        if (!election) throw new Error(`the benchmark election ${key} was not stored`);
        stored.set(key, { id: election.id, candidates: await insertBallots(db, election.id, equalRanks) });
      }
      const { id, candidates } = stored.get(key)!;
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        await db.deleteFrom('election_result').where('election_id', '=', id).execute();
        const started = process.hrtime.bigint();
        const { report } = await computeResults(db, { electionId: id, candidates, seats: 3, method, deleteAfter: true, officer: 'bench', now });
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
        if (report.ballots !== BALLOTS || report.method !== method) throw new Error(`counted ${report.ballots} ballots with ${report.method}, expected ${BALLOTS} with ${method}`);
      }
      times.sort((a, b) => a - b);
      medians.set(method, times[RUNS >> 1]!);
    }
    return medians;
  } finally {
    await db.destroy();
    await fresh.drop();
  }
}

/** Stores the generated ballots as Elekto stores them (one row per candidate), in bulk. */
async function insertBallots(db: Kysely<Database>, electionId: number, equalRanks: boolean): Promise<readonly string[]> {
  const table = generateBallots(BALLOTS, CANDIDATES, SEED, equalRanks);
  const rows: Insertable<BallotRows>[] = [];
  for (let ballot = 0; ballot < table.ballotCount; ballot++) {
    const group = randomUUID();
    table.candidates.forEach((candidate, column) => {
      const rank = table.ranks[ballot * CANDIDATES + column]!;
      rows.push({ id: randomUUID().replaceAll('-', ''), election_id: electionId, rank: rank === NO_OPINION ? NO_OPINION_RANK : rank, candidate, voter: group });
    });
  }
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < rows.length; start += CHUNK) {
      await trx.insertInto('ballot').values(rows.slice(start, start + CHUNK)).execute();
    }
  });
  return table.candidates;
}
