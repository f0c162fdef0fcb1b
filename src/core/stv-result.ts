import type { CandidateId } from './ballot.js';
import type { TieByLot } from './lot.js';

/** The STV counting methods (SPEC §13); `schulze` is the third method, counted by §7. */
export const STV_METHODS = ['scottish-stv', 'meek-stv'] as const;
export type StvMethod = (typeof STV_METHODS)[number];

/** What a stage did. */
export type StageAction = 'first preferences' | 'surplus' | 'exclusion' | 'election';

/**
 * One stage of an STV count. Values are decimal strings with the method's places, exactly
 * as the rules computed them.
 */
export interface StvStage {
  readonly stage: number;
  readonly action: StageAction;
  /** Whose surplus was transferred or who was excluded; null for first preferences and Meek elections. */
  readonly candidate: CandidateId | null;
  /** Every candidate's votes at the end of the stage. */
  readonly votes: Readonly<Record<CandidateId, string>>;
  /** The change in each candidate's votes during this stage (absent at stage 1). */
  readonly transfers?: Readonly<Record<CandidateId, string>>;
  /** Votes no longer with any candidate: exhausted ballots and fractions lost to rounding, cumulative. */
  readonly non_transferable: string;
  /** Candidates elected at this stage, in order. */
  readonly elected: readonly CandidateId[];
  /** Candidates excluded at this stage. */
  readonly excluded: readonly CandidateId[];
  /** Meek: the quota of this stage (it falls as ballots exhaust). */
  readonly quota?: string;
  /** Meek: each elected candidate's keep factor at the end of the stage. */
  readonly keep_factors?: Readonly<Record<CandidateId, string>>;
  /** Why something happened that the action alone does not say, with the rule. */
  readonly notes?: readonly string[];
}

/** An STV count: the JSON of SPEC §13. */
export interface StvResult {
  readonly method: StvMethod;
  /** The rule set and arithmetic, so a published count can be re-run exactly. */
  readonly rules: string;
  readonly seats: number;
  readonly candidates: readonly CandidateId[];
  readonly withdrawn: readonly CandidateId[];
  /** Ballots cast, including those that rank nobody. */
  readonly ballots: number;
  /** Ballots ranking at least one candidate who stands: the basis of the quota. */
  readonly valid_ballots: number;
  /** The quota at the start (Meek lowers it stage by stage; see each stage). */
  readonly quota: string;
  /** Elected candidates in order of election. */
  readonly elected: readonly CandidateId[];
  readonly stages: readonly StvStage[];
  readonly ties_broken_by_lot: readonly TieByLot[];
}

/** Options every STV count takes. */
export interface StvOptions {
  readonly seats: number;
  /** The lot's seed: SHA-256 of the counted ballot file (see `lotSeed`). */
  readonly seed: Uint8Array;
  /** Instead of drawing lots, choose the tied candidate listed first (see `Lot`). */
  readonly tieOrder?: readonly CandidateId[];
}
