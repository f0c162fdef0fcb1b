import type { Ballot } from '../core/ballot.js';
import { DEMO_ELECTION_KEYS } from './demo-elections.js';

/** What the demo seeds into the database for its completed election. */
export interface DemoBallots {
  /** The completed demo election (`tech-oversight---term-2`). */
  readonly electionKey: string;
  /**
   * Logins recorded as having voted, sorted. The list says nothing about which ballot is
   * whose: ballots are anonymous, and the two lists are only of equal length.
   */
  readonly voters: readonly string[];
  /** The ballots cast, one per voter: candidate ID → rank, unranked candidates absent. */
  readonly ballots: readonly Ballot[];
}

/**
 * Each ballot as a row of candidate → rank. Counted with Schulze they rank nadia-f, rajiv-s,
 * amara-o, then lmercier and oskar-b tied — as the election's `results.md` says. They show
 * what real ballots look like: full rankings, partial ones, equal ranks, and one ballot that
 * ranks nobody.
 */
const ROWS: readonly Readonly<Record<string, number>>[] = [
  { 'nadia-f': 1, 'rajiv-s': 2, 'amara-o': 3, lmercier: 4, 'oskar-b': 5 },
  { 'nadia-f': 1, 'amara-o': 2, 'rajiv-s': 3, 'oskar-b': 4, lmercier: 5 },
  { 'rajiv-s': 1, 'nadia-f': 2, lmercier: 3, 'amara-o': 4 },
  { 'nadia-f': 1, 'rajiv-s': 1, 'amara-o': 2 },
  { 'amara-o': 1, 'nadia-f': 2, 'oskar-b': 3, 'rajiv-s': 4, lmercier: 5 },
  { 'rajiv-s': 1, 'nadia-f': 2, 'amara-o': 3, lmercier: 4, 'oskar-b': 4 },
  { lmercier: 1, 'nadia-f': 2, 'rajiv-s': 3, 'amara-o': 4, 'oskar-b': 5 },
  { 'oskar-b': 1, 'rajiv-s': 2, 'nadia-f': 3, 'amara-o': 4, lmercier: 5 },
  { 'nadia-f': 1, 'amara-o': 2 },
  { 'nadia-f': 1, 'rajiv-s': 2, 'oskar-b': 3, 'amara-o': 4, lmercier: 5 },
  { 'rajiv-s': 1, 'amara-o': 2, 'nadia-f': 3, lmercier: 4, 'oskar-b': 5 },
  { 'amara-o': 1, 'rajiv-s': 2, lmercier: 3, 'nadia-f': 4, 'oskar-b': 4 },
  {},
  { 'nadia-f': 1, 'rajiv-s': 2, 'amara-o': 2, 'oskar-b': 3, lmercier: 3 },
];

/** Eligible voters of the completed election (its `voters.yaml`) who cast the ballots above. */
const VOTERS: readonly string[] = [
  'aditi-rao', 'alice', 'amara-o', 'bob', 'chen-yu', 'dkowalczyk', 'gbianchi',
  'hkoivisto', 'jmoreau', 'nadia-f', 'praman', 'rajiv-s', 'tnguyen', 'yusuf-k',
];

/**
 * The ballots of the completed demo election, so that a fresh demo has results to compute
 * and show. Returns new `Map`s on every call; the same ballots every time.
 */
export function demoBallots(): DemoBallots {
  return {
    electionKey: DEMO_ELECTION_KEYS.completed,
    voters: [...VOTERS],
    ballots: ROWS.map((row) => new Map(Object.entries(row))),
  };
}
