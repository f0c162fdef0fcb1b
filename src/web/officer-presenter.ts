import type { CandidateId } from '../core/ballot.js';
import type { PairMatrix } from '../core/schulze.js';
import type { TallyReport } from '../core/tally-report.js';
import type { Election } from '../meta/index.js';
import type { StoredElectionResult } from '../storage/repositories/election-result-repository.js';
import type { BallotsPerPeriod, NamedCandidate, RankingGroup, ResultView, SeatOutcome, Turnout } from './views/officer-view-models.js';

/** Turns what the officer console reads into what its views show (pure functions). */

const DAY_MS = 86_400_000;
/** Above this many days, the chart counts ballots per week instead of per day. */
const MAX_DAYS = 45;

/** Eligible voters (from `voters.yaml`), ballots cast and the turnout to one decimal. */
export function turnout(election: Election, cast: number): Turnout {
  const eligible = election.valid ? election.voters.size : null;
  const percent = eligible ? Math.round((cast / eligible) * 1000) / 10 : null;
  return { eligible, cast, percent };
}

/**
 * Ballots cast per UTC day, from the voting window's first day to its last (or to today while
 * voting runs), widened to any vote outside it; per week (from Mondays) when that spans more
 * than 45 days. Days without ballots are kept, as zeros.
 */
export function ballotsPerPeriod(
  votedAts: readonly (Date | null)[],
  window: { readonly start: Date; readonly end: Date } | null,
  now: Date,
): BallotsPerPeriod {
  const days = votedAts.filter((at): at is Date => at !== null).map(dayNumber);
  const undated = votedAts.length - days.length;
  let first = window ? dayNumber(window.start) : Infinity;
  let last = window ? dayNumber(new Date(Math.min(window.end.getTime(), now.getTime()))) : -Infinity;
  for (const day of days) {
    first = Math.min(first, day);
    last = Math.max(last, day);
  }
  if (!Number.isFinite(first) || last < first) return { unit: 'day', periods: [], undated };

  const weekly = last - first + 1 > MAX_DAYS;
  const bucketOf = (day: number) => (weekly ? day - mondayOffset(day) : day);
  const counts = new Map<number, number>();
  for (const day of days) counts.set(bucketOf(day), (counts.get(bucketOf(day)) ?? 0) + 1);
  const periods = [];
  for (let bucket = bucketOf(first); bucket <= last; bucket += weekly ? 7 : 1) {
    const date = new Date(bucket * DAY_MS).toISOString().slice(0, 10);
    periods.push({ label: date.slice(5), longLabel: weekly ? `Week of ${date}` : date, count: counts.get(bucket) ?? 0 });
  }
  return { unit: weekly ? 'week' : 'day', periods, undated };
}

function dayNumber(at: Date): number {
  return Math.floor(at.getTime() / DAY_MS);
}

/** Days since the Monday of that day's week (day 0, 1970-01-01, was a Thursday). */
function mondayOffset(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** The display name of every candidate ID: the catalog's name, or the ID itself. */
export function candidateNames(election: Election): (id: CandidateId) => string {
  const names = new Map(election.valid ? election.candidates.map((c) => [c.id, c.name]) : []);
  return (id) => names.get(id) ?? id;
}

/** A stored result as the results page shows it. */
export function resultView(stored: StoredElectionResult, report: TallyReport, nameOf: (id: CandidateId) => string): ResultView {
  const named = (id: CandidateId): NamedCandidate => ({ id, name: nameOf(id) });
  const elected = new Set(report.winners);
  const tied = new Set(report.tied_for_last_seats?.candidates ?? []);
  const outcome = (id: CandidateId): SeatOutcome => (elected.has(id) ? 'elected' : tied.has(id) ? 'tied-for-last-seat' : 'not-elected');
  const paths = report.strongest_paths;
  const beats = (x: CandidateId, y: CandidateId) => (paths[x]?.[y] ?? 0) > (paths[y]?.[x] ?? 0);
  const ranking: RankingGroup[] = [];
  let place = 1;
  for (const group of report.ranking) {
    ranking.push({
      place,
      members: group.map((id) => ({
        ...named(id),
        wins: report.candidates.filter((y) => y !== id && beats(id, y)).length,
        defeats: report.candidates.filter((y) => y !== id && beats(y, id)).length,
        outcome: outcome(id),
      })),
    });
    place += group.length;
  }
  return {
    ballots: report.ballots,
    seats: report.seats,
    computedAt: stored.computedAt,
    computedBy: stored.computedBy,
    inputHash: stored.inputHash,
    ranking,
    winners: report.winners.map(named),
    tie: report.tied_for_last_seats && { candidates: report.tied_for_last_seats.candidates.map(named), seats: report.tied_for_last_seats.seats },
    // Matrices follow the ranking, best first, so the winners' rows and columns come first.
    candidates: report.ranking.flat().map(named),
    pairwise: matrix(report.ranking.flat(), report.pairwise),
    strongestPaths: matrix(report.ranking.flat(), report.strongest_paths),
  };
}

function matrix(candidates: readonly CandidateId[], values: PairMatrix): (number | null)[][] {
  return candidates.map((x) => candidates.map((y) => (x === y ? null : (values[x]?.[y] ?? 0))));
}

/** A file name safe in a `Content-Disposition` header: the key with anything unusual as `_`. */
export function ballotsFileName(electionKey: string): string {
  return `${electionKey.replace(/[^A-Za-z0-9._-]/g, '_')}-ballots.csv`;
}
