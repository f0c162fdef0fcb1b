import type { ElectionMethod } from '../../core/election-method.js';

/**
 * What leaving a candidate unranked ("No opinion") means for the counting method in use,
 * told to the voter before they rank (SPEC §6, §7, §13). One entry per method, so a new
 * method has to say its own consequence here.
 */
const UNRANKED_MEANING: Record<ElectionMethod, string> = {
  // SPEC §7 step 1: an unranked candidate takes part in no comparison on that ballot.
  schulze: 'A candidate left at “No opinion” is not compared with anyone on your ballot.',
  // SPEC §13: a ballot whose ranked candidates are all elected or excluded stops there.
  'scottish-stv': 'Your ballot never goes to a candidate left at “No opinion”: once your ranked candidates are elected or excluded, your ballot stops there.',
  'meek-stv': 'Your ballot never goes to a candidate left at “No opinion”: once your ranked candidates are elected or excluded, your ballot stops there.',
};

/** The sentence for `method` (elections without an `election_method` are counted by Schulze). */
export function unrankedMeaning(method: ElectionMethod = 'schulze'): string {
  return UNRANKED_MEANING[method];
}
