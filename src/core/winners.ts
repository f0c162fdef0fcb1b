import type { CandidateId } from './ballot.js';

/** The seats were filled without splitting a tie group. */
export interface ClearWinners {
  readonly tieAtCutoff: false;
  /** Seats asked for. More than the candidates is legal: then everyone is elected. */
  readonly seats: number;
  /** Elected candidates in ranking order: `min(seats, candidates)` of them. */
  readonly elected: readonly CandidateId[];
}

/**
 * The last seat(s) fall inside a tie group: the count does not pick among its members, the
 * officers must (SPEC §7 step 4, "tie for the last seat").
 */
export interface TieAtCutoff {
  readonly tieAtCutoff: true;
  readonly seats: number;
  /** Candidates elected outright, in ranking order: fewer than `seats`. */
  readonly elected: readonly CandidateId[];
  /** The tie group contending for the remaining seats, sorted by ID; longer than `openSeats`. */
  readonly tied: readonly CandidateId[];
  /** Seats left for the tied candidates: `seats - elected.length`. */
  readonly openSeats: number;
}

/** Who fills the seats, or which tie the officers must break. */
export type Winners = ClearWinners | TieAtCutoff;

/**
 * The first `seats` candidates of a Schulze ranking (groups of tied candidates, best first).
 * When the cut falls inside a group, no one of that group is picked: the result names the
 * group and the seats it contends for instead.
 *
 * @throws RangeError when `seats` is not a whole number ≥ 0 (configuration is validated before).
 */
export function selectWinners(ranking: readonly (readonly CandidateId[])[], seats: number): Winners {
  if (!Number.isSafeInteger(seats) || seats < 0) throw new RangeError(`selectWinners: invalid seats ${seats}`);
  const elected: CandidateId[] = [];
  for (const group of ranking) {
    const openSeats = seats - elected.length;
    if (group.length > openSeats) {
      return openSeats === 0
        ? { tieAtCutoff: false, seats, elected }
        : { tieAtCutoff: true, seats, elected, tied: group, openSeats };
    }
    elected.push(...group);
  }
  return { tieAtCutoff: false, seats, elected };
}
