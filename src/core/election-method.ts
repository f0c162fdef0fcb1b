import { meekStv } from './meek-stv.js';
import type { RankedBallots } from './ranked-ballots.js';
import { scottishStv } from './scottish-stv.js';
import type { StvMethod, StvOptions, StvResult } from './stv-result.js';

/** The counting methods an election may choose in `election_method` (SPEC §13). */
export const ELECTION_METHODS = ['schulze', 'scottish-stv', 'meek-stv'] as const;
export type ElectionMethod = (typeof ELECTION_METHODS)[number];

export const DEFAULT_ELECTION_METHOD: ElectionMethod = 'schulze';

/** Each method in words, for pages and reports. */
export const METHOD_NAMES: Readonly<Record<ElectionMethod, string>> = {
  schulze: 'the Schulze method',
  'scottish-stv': 'Scottish STV',
  'meek-stv': 'Meek STV',
};

export function isElectionMethod(value: unknown): value is ElectionMethod {
  return (ELECTION_METHODS as readonly unknown[]).includes(value);
}

export function isStvMethod(method: ElectionMethod): method is StvMethod {
  return method !== 'schulze';
}

/** Counts STV ballots with the method's own rules. */
export function countStv(method: StvMethod, ballots: RankedBallots, options: StvOptions): StvResult {
  return method === 'scottish-stv' ? scottishStv(ballots, options) : meekStv(ballots, options);
}
