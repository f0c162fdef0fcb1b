/**
 * What the officer pages are given: plain, precomputed facts (built by `officer-presenter.ts`).
 * Nothing here can reveal a ballot's voter: turnout and timing come from voter records, the
 * count from anonymous ballots, and the two never meet.
 */

/** Eligible voters, ballots cast and their ratio. */
export interface Turnout {
  /** Logins in `voters.yaml`; null when the election's files are broken. */
  readonly eligible: number | null;
  readonly cast: number;
  /** Whole-percent-and-one-decimal turnout, or null without an eligible count. */
  readonly percent: number | null;
}

/** Ballots cast in one period (a UTC day, or a week for long elections). */
export interface PeriodCount {
  /** Short label for the chart axis (`06-14`). */
  readonly label: string;
  /** Full label for tables and screen readers (`2026-06-14`, `Week of 2026-06-08`). */
  readonly longLabel: string;
  readonly count: number;
}

export interface BallotsPerPeriod {
  readonly unit: 'day' | 'week';
  readonly periods: readonly PeriodCount[];
  /** Voter records without a time (possible in databases adopted from Elekto 0.6). */
  readonly undated: number;
}

/** One exception request in the console's list. */
export interface RequestSummary {
  readonly id: number;
  readonly login: string;
  readonly name: string;
  readonly reviewed: boolean;
  readonly createdAt: Date | null;
  readonly href: string;
}

/** A candidate as the results pages name them. */
export interface NamedCandidate {
  readonly id: string;
  readonly name: string;
}

/** Where a ranked candidate stands with regard to the seats. */
export type SeatOutcome = 'elected' | 'tied-for-last-seat' | 'not-elected';

/** One tie group of the Schulze ranking. */
export interface RankingGroup {
  /** 1 for the first group; the members of a group share it. */
  readonly place: number;
  readonly members: readonly (NamedCandidate & {
    /** Candidates this one defeats (strongest paths). */
    readonly wins: number;
    /** Candidates that defeat this one. */
    readonly defeats: number;
    readonly outcome: SeatOutcome;
  })[];
}

/** A stored result, ready to show. */
export interface ResultView {
  readonly ballots: number;
  readonly seats: number;
  readonly computedAt: Date;
  readonly computedBy: string;
  readonly inputHash: string;
  readonly ranking: readonly RankingGroup[];
  readonly winners: readonly NamedCandidate[];
  /** The tie group the last seat(s) fall in, and how many seats it contends for. */
  readonly tie: { readonly candidates: readonly NamedCandidate[]; readonly seats: number } | null;
  /** Matrix order: the ranking's, best first (tie groups by ID). */
  readonly candidates: readonly NamedCandidate[];
  /** `pairwise[i][j]`: ballots ranking candidate i above candidate j; null on the diagonal. */
  readonly pairwise: readonly (readonly (number | null)[])[];
  readonly strongestPaths: readonly (readonly (number | null)[])[];
}
