/** The states of a valid election, derived in exactly one place (`electionStatus`). */
export const ELECTION_STATUSES = ['upcoming', 'running', 'completed'] as const;
export type ElectionStatus = (typeof ELECTION_STATUSES)[number];

/** The voting window of an election, in UTC instants. */
export interface VotingWindow {
  readonly start: Date;
  readonly end: Date;
}

/**
 * The state of an election at `now` (SPEC §4): upcoming before the start, running from the
 * start to the end inclusive, completed after the end — or as soon as results were computed,
 * which freezes it: moving `end_datetime` later never reopens a counted election.
 */
export function electionStatus(window: VotingWindow, now: Date, resultsComputed: boolean): ElectionStatus {
  if (resultsComputed) return 'completed';
  const t = now.getTime();
  if (t < window.start.getTime()) return 'upcoming';
  if (t <= window.end.getTime()) return 'running';
  return 'completed';
}

/** True when `value` names a status; used to read `?status=` filters. */
export function isElectionStatus(value: unknown): value is ElectionStatus {
  return (ELECTION_STATUSES as readonly unknown[]).includes(value);
}
