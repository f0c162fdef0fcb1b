import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CandidateId } from '../core/ballot.js';
import { formatBallotCsv } from '../core/ballot-csv.js';
import { ballotTable, type BallotTable } from '../core/ballot-table.js';
import { compareCandidateIds } from '../core/compare-candidate-ids.js';
import { countStv, type ElectionMethod } from '../core/election-method.js';
import { lotSeed } from '../core/lot.js';
import { rankedBallotsFromTable } from '../core/ranked-ballots.js';
import { schulze } from '../core/schulze.js';
import { STV_METHODS, type StvResult } from '../core/stv-result.js';
import { tallyReport, type TallyReport } from '../core/tally-report.js';
import { selectWinners } from '../core/winners.js';
import { readElectionBallots } from '../storage/repositories/ballot-repository.js';
import { findElectionResult, storeElectionResult, type StoredElectionResult } from '../storage/repositories/election-result-repository.js';
import type { Database } from '../storage/schema.js';

/**
 * Counting an election's stored ballots (SPEC §7, §9): the one place where the web console,
 * the benchmark and the tests turn database rows into a result. The count's input is the
 * anonymous ballot CSV of §7 (sorted columns, rows in random-id order), and the SHA-256 of
 * exactly those bytes is stored with the result, so anyone holding the downloaded CSV can
 * check that it is what was counted (`sha256sum` gives the same hash).
 */

/**
 * The anonymous ballots of an election as a table whose columns are `candidates` sorted by
 * ID; without `candidates`, every candidate found on the stored ballots. Ranks for IDs
 * outside `candidates` are ignored (a candidate who withdrew), as Elekto 0.6 counted only
 * the election's current candidates.
 */
export async function readBallotTable(
  db: Kysely<Database>,
  electionId: number,
  candidates?: readonly CandidateId[],
): Promise<BallotTable> {
  const stored = await readElectionBallots(db, electionId);
  const columns = [...(candidates ?? stored.candidates)].sort(compareCandidateIds);
  return ballotTable(columns, stored.ballots);
}

/** What a count stores: the Schulze report of §7 or the STV result of §13, each naming its method. */
export type CountReport = TallyReport | StvResult;

/** Stored ballots that the election's method cannot count (an STV ballot with equal ranks). */
export class UncountableBallots extends Error {
  override readonly name = 'UncountableBallots';
}

/** A count with the exact input it was made from. */
export interface CountedBallots {
  readonly report: CountReport;
  /** The anonymous ballot CSV that was counted (SPEC §7 export format). */
  readonly csv: string;
  /** SHA-256 (hex) of `csv` as UTF-8. */
  readonly inputHash: string;
}

/**
 * Counts a ballot table with the election's method and fills `seats`. Schulze reports a tie
 * at the cutoff; STV draws its lots from the SHA-256 of the ballot CSV, the counted file
 * (SPEC §13), so anyone with the download reproduces the count.
 *
 * @throws UncountableBallots when an STV election holds a ballot that is not a strict order
 */
export function countBallots(table: BallotTable, seats: number, method: ElectionMethod = 'schulze'): CountedBallots {
  const csv = formatBallotCsv(table);
  return { report: countReport(table, seats, method, csv), csv, inputHash: sha256Hex(csv) };
}

function countReport(table: BallotTable, seats: number, method: ElectionMethod, csv: string): CountReport {
  if (method === 'schulze') {
    const result = schulze(table);
    return tallyReport(result, selectWinners(result.ranking, seats));
  }
  const ranked = rankedBallotsFromTable(table);
  if (!ranked.ok) throw new UncountableBallots(`ballot ${ranked.error.row + 1} of the download cannot be counted with ${method}: ${ranked.error.message}`);
  return countStv(method, ranked.value, { seats, seed: lotSeed(csv) });
}

/** SHA-256 of `text` as UTF-8, in lowercase hex (what `sha256sum` prints for the file). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export interface ComputeResultsRequest {
  readonly electionId: number;
  /** The election's current candidate IDs (any order). */
  readonly candidates: readonly CandidateId[];
  /** `no_winners`. */
  readonly seats: number;
  /** `election_method` (default `schulze`). */
  readonly method?: ElectionMethod;
  /** `delete_after`: erase the voter↔ballot links in the same transaction as the result. */
  readonly deleteAfter: boolean;
  /** Login of the officer asking. */
  readonly officer: string;
  readonly now: Date;
}

/** The result stored for an election, with its count parsed. */
export interface ElectionResult {
  readonly stored: StoredElectionResult;
  readonly report: CountReport;
}

/**
 * Computes an election's result once: counts its stored ballots, stores the report with the
 * hash of its input (which freezes the election as completed), and, with `deleteAfter`,
 * erases the ballot links in the same transaction. When a result is already stored (computed
 * earlier, or a moment ago by another officer on another replica) that result is returned
 * unchanged and nothing is counted or erased again: computing twice is harmless.
 *
 * The caller has checked that voting has ended (policy `compute-results`).
 */
export async function computeResults(db: Kysely<Database>, request: ComputeResultsRequest): Promise<ElectionResult> {
  const existing = await findElectionResult(db, request.electionId);
  if (existing) return { stored: existing, report: parseStoredReport(existing) };
  const table = await readBallotTable(db, request.electionId, request.candidates);
  const counted = countBallots(table, request.seats, request.method);
  const stored = await storeElectionResult(
    db,
    {
      electionId: request.electionId,
      computedAt: request.now,
      computedBy: request.officer,
      inputHash: counted.inputHash,
      result: JSON.stringify(counted.report),
    },
    { eraseLinks: request.deleteAfter },
  );
  return { stored, report: parseStoredReport(stored) };
}

/** The stored result of an election, if it was computed. */
export async function findResult(db: Kysely<Database>, electionId: number): Promise<ElectionResult | undefined> {
  const stored = await findElectionResult(db, electionId);
  return stored && { stored, report: parseStoredReport(stored) };
}

/**
 * Reads the report stored with a result. Results are written only by `computeResults`, so a
 * report of another shape means a damaged row: an error, never a guess.
 */
export function parseStoredReport(stored: StoredElectionResult): CountReport {
  const report: unknown = JSON.parse(stored.result);
  if (!isTallyReport(report) && !isStvResult(report)) {
    throw new Error(`the stored result of election ${stored.electionId} is neither a Schulze tally report nor an STV result`);
  }
  return report;
}

function isStvResult(value: unknown): value is StvResult {
  if (typeof value !== 'object' || value === null) return false;
  const result = value as Partial<Record<keyof StvResult, unknown>>;
  return (
    (STV_METHODS as readonly unknown[]).includes(result.method) &&
    Array.isArray(result.candidates) &&
    Array.isArray(result.elected) &&
    Array.isArray(result.stages) &&
    typeof result.quota === 'string' &&
    typeof result.seats === 'number'
  );
}

function isTallyReport(value: unknown): value is TallyReport {
  if (typeof value !== 'object' || value === null) return false;
  const report = value as Partial<Record<keyof TallyReport, unknown>>;
  return (
    report.method === 'schulze' &&
    Array.isArray(report.candidates) &&
    Array.isArray(report.ranking) &&
    Array.isArray(report.winners) &&
    typeof report.ballots === 'number' &&
    typeof report.seats === 'number' &&
    typeof report.tie_at_cutoff === 'boolean' &&
    typeof report.pairwise === 'object' &&
    report.pairwise !== null &&
    typeof report.strongest_paths === 'object' &&
    report.strongest_paths !== null
  );
}
