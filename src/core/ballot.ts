/**
 * A candidate's ballot key: the `ID` from its `candidate-*.md` header (not the file name).
 * The same string heads its column in the ballot CSV.
 */
export type CandidateId = string;

/**
 * A rank on a ballot: a whole number from 1 (most preferred) upwards; equal ranks are allowed.
 * "No opinion" is not a rank: such a candidate is simply absent from the ballot.
 */
export type Rank = number;

/**
 * One voter's preferences: candidate → rank, lower is preferred. Candidates the voter left
 * unranked ("No opinion") are absent. An empty ballot is valid: it counts as cast and
 * changes no comparison.
 */
export type Ballot = ReadonlyMap<CandidateId, Rank>;

/** True for a valid rank: a whole number of at least 1. */
export function isRank(value: unknown): value is Rank {
  return Number.isSafeInteger(value) && (value as number) >= 1;
}
