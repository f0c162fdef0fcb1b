import type { Ballot, CandidateId } from './ballot.js';
import { err, ok, type Result } from './result.js';

/** Why a submitted ballot was refused; each carries the sentence shown to the voter. */
export type BallotInputError =
  | { readonly kind: 'unknown-candidate'; readonly candidate: string; readonly message: string }
  | { readonly kind: 'missing-candidate'; readonly candidate: CandidateId; readonly message: string }
  | { readonly kind: 'rank-out-of-range'; readonly candidate: CandidateId; readonly message: string }
  | { readonly kind: 'rank-required'; readonly candidate: CandidateId; readonly message: string }
  | { readonly kind: 'equal-ranks'; readonly candidate: CandidateId; readonly message: string }
  | { readonly kind: 'rank-gap'; readonly candidate: CandidateId; readonly message: string };

/**
 * Ballots that count but express no preference between any two candidates, which the
 * voter is asked to confirm (SPEC §5): nothing ranked, or no two candidates ranked differently
 * (unranked candidates take part in no comparison, SPEC §7).
 */
export type BallotWarning = 'empty' | 'all-tied';

export interface BallotRules {
  /** The election's candidate IDs: every one must be answered, no other may appear. */
  readonly candidates: readonly CandidateId[];
  /** `allow_no_opinion` of election.yaml: may a candidate be left unranked? */
  readonly allowNoOpinion: boolean;
  /**
   * STV (SPEC §13): the ranks must form a strict order 1..k, no two equal and no gap.
   * Schulze (the default) allows both.
   */
  readonly strictOrder?: boolean;
}

/**
 * Parses the raw answers of a ballot form — candidate ID → the submitted text, where the
 * empty string means "No opinion" — into a `Ballot`, enforcing SPEC §5: every candidate
 * answered, no unknown candidate, ranks whole numbers 1..N (N = number of candidates), and
 * every candidate ranked when `allowNoOpinion` is false, and with `strictOrder` ranks 1..k
 * with no two equal and no gap. All problems are reported at once.
 */
export function parseBallotInput(
  answers: ReadonlyMap<string, string>,
  rules: BallotRules,
): Result<Ballot, readonly BallotInputError[]> {
  const known = new Set(rules.candidates);
  const errors: BallotInputError[] = [];
  for (const candidate of answers.keys()) {
    if (!known.has(candidate)) {
      errors.push({ kind: 'unknown-candidate', candidate, message: `"${candidate}" is not a candidate in this election.` });
    }
  }
  const ballot = new Map<CandidateId, number>();
  const max = rules.candidates.length;
  for (const candidate of rules.candidates) {
    const answer = answers.get(candidate);
    if (answer === undefined) {
      errors.push({ kind: 'missing-candidate', candidate, message: `The ballot has no answer for candidate ${candidate}.` });
    } else if (answer.trim() === '') {
      if (!rules.allowNoOpinion) {
        errors.push({ kind: 'rank-required', candidate, message: `Please rank ${candidate}: this election asks you to rank every candidate.` });
      }
    } else if (!/^\d+$/.test(answer.trim()) || Number(answer) < 1 || Number(answer) > max) {
      errors.push({ kind: 'rank-out-of-range', candidate, message: `The rank for ${candidate} must be a whole number from 1 to ${max}.` });
    } else {
      ballot.set(candidate, Number(answer));
    }
  }
  if (errors.length === 0 && rules.strictOrder) errors.push(...strictOrderErrors(ballot));
  return errors.length > 0 ? err(errors) : ok(ballot);
}

/** SPEC §13: an STV ballot ranks its candidates 1, 2, 3… each rank once. */
function strictOrderErrors(ballot: ReadonlyMap<CandidateId, number>): BallotInputError[] {
  const byRank = new Map<number, CandidateId[]>();
  for (const [candidate, rank] of ballot) byRank.set(rank, [...(byRank.get(rank) ?? []), candidate]);
  const errors: BallotInputError[] = [];
  for (const [rank, candidates] of [...byRank].sort(([a], [b]) => a - b)) {
    if (candidates.length > 1) {
      const names = `${candidates.slice(0, -1).join(', ')} and ${candidates.at(-1)!}`;
      const message = `${names} both have rank ${rank}. In this election each rank is used once: give each candidate you rank its own number.`;
      errors.push({ kind: 'equal-ranks', candidate: candidates[1]!, message: candidates.length > 2 ? message.replace(' both ', ' all ') : message });
    }
  }
  const ranks = [...byRank.keys()].sort((a, b) => a - b);
  const missing = ranks.findIndex((rank, i) => rank !== i + 1);
  if (missing >= 0) {
    const candidate = byRank.get(ranks[missing]!)![0]!;
    errors.push({ kind: 'rank-gap', candidate, message: `Rank ${missing + 1} is missing: number the candidates you rank 1, 2, 3… without a gap (${candidate} has rank ${ranks[missing]}).` });
  }
  return errors;
}

/**
 * Whether a valid ballot needs the voter's confirmation before it is accepted. Under
 * `strictOrder` (STV) a single ranked candidate is a full vote, not a tie: only an empty
 * ballot is asked about.
 */
export function ballotWarning(ballot: Ballot, strictOrder = false): BallotWarning | undefined {
  if (ballot.size === 0) return 'empty';
  return !strictOrder && new Set(ballot.values()).size === 1 ? 'all-tied' : undefined;
}
