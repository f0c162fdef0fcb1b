/**
 * What leaving a candidate unranked ("No opinion") means for the counting method in use,
 * told to the voter before they rank (SPEC §6, §7). One entry per method, so a new method
 * says its own consequence here (the single transferable vote: "your ballot stops there").
 */
export type CountingMethodName = 'schulze';

const UNRANKED_MEANING: Record<CountingMethodName, string> = {
  // SPEC §7 step 1: an unranked candidate takes part in no comparison on that ballot.
  schulze:
    'A candidate left at “No opinion” is not compared with anyone on your ballot.',
};

/** The sentence for `method`; elections without an `election_method` are counted by Schulze. */
export function unrankedMeaning(method: CountingMethodName = 'schulze'): string {
  return UNRANKED_MEANING[method];
}
