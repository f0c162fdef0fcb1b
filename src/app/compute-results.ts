import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CandidateId } from '../core/ballot.js';
import { formatBallotCsv } from '../core/ballot-csv.js';
import { ballotTable, type BallotTable } from '../core/ballot-table.js';
import { compareCandidateIds } from '../core/compare-candidate-ids.js';
import { schulze } from '../core/schulze.js';
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

/** A count with the exact input it was made from. */
export interface CountedBallots {
  readonly report: TallyReport;
  /** The anonymous ballot CSV that was counted (SPEC §7 export format). */
  readonly csv: string;
  /** SHA-256 (hex) of `csv` as UTF-8. */
  readonly inputHash: string;
}

/** Counts a ballot table with Schulze and fills `seats` (a tie at the cutoff is reported). */
export function countBallots(table: BallotTable, seats: number): CountedBallots {
  const csv = formatBallotCsv(table);
  const result = schulze(table);
  return {
    report: tallyReport(result, selectWinners(result.ranking, seats)),
    csv,
    inputHash: sha256Hex(csv),
  };
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
  /** `delete_after`: erase the voter↔ballot links in the same transaction as the result. */
  readonly deleteAfter: boolean;
  /** Login of the officer asking. */
  readonly officer: string;
  readonly now: Date;
}

/** The result stored for an election, with its count parsed. */
export interface ElectionResult {
  readonly stored: StoredElectionResult;
  readonly report: TallyReport;
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
  const counted = countBallots(table, request.seats);
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
export function parseStoredReport(stored: StoredElectionResult): TallyReport {
  const report: unknown = JSON.parse(stored.result);
  if (!isTallyReport(report)) throw new Error(`the stored result of election ${stored.electionId} is not a Schulze tally report`);
  return report;
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
