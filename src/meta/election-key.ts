declare const electionKeyBrand: unique symbol;

/**
 * An election's identifier in URLs and in the database: its directory relative to
 * `ELECTION_DIR` with `/` replaced by `---` (`steering/2025` → `steering---2025`), as in
 * Elekto 0.6.
 *
 * Branded so that only the catalog can mint one: a key taken from a URL is a plain string
 * until `Catalog.get` finds it, and a key is never turned back into a file path.
 */
export type ElectionKey = string & { readonly [electionKeyBrand]: true };

/** The key of the election in `relativeDir` (a POSIX path relative to `ELECTION_DIR`). */
export function electionKeyOf(relativeDir: string): ElectionKey {
  return relativeDir.split('/').join('---') as ElectionKey;
}
