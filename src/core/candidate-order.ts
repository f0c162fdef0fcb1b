/**
 * The order in which a voter sees the candidates on the ballot form: shuffled, so no
 * candidate gains from always being listed first, but stable for that voter (the same seed
 * gives the same order, so a reload never reshuffles the form; SPEC §5).
 *
 * Each candidate gets a 32-bit FNV-1a hash of `seed` + its ID; sorting by it is a fair shuffle
 * for any seed that identifies the voter and the election.
 */
export function candidateOrder<T extends { readonly id: string }>(candidates: readonly T[], seed: string): T[] {
  const keyed = candidates.map((candidate) => ({ candidate, key: fnv1a(`${seed}\u0000${candidate.id}`) }));
  keyed.sort((a, b) => a.key - b.key || (a.candidate.id < b.candidate.id ? -1 : 1));
  return keyed.map(({ candidate }) => candidate);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // A final avalanche, so seeds differing only in their last characters still spread well.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  return hash >>> 0;
}
