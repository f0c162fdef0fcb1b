import type { Election } from './election.js';
import type { ElectionKey } from './election-key.js';

/**
 * Every election of the meta repository at one revision: immutable, so the server can build
 * a new one on each sync and swap it in atomically while requests keep reading the old one.
 */
export class Catalog {
  /** The commit the elections were read at, when known (`null` for a plain directory). */
  readonly revision: string | null;
  readonly #elections: readonly Election[];
  readonly #byKey: ReadonlyMap<string, Election>;

  /** @param elections in display order, as `parseRepository` returns them */
  constructor(elections: readonly Election[], revision: string | null = null) {
    this.revision = revision;
    this.#elections = Object.freeze([...elections]);
    this.#byKey = new Map(elections.map((election) => [election.key, election]));
  }

  /** A catalog with no elections, to serve before the first successful sync. */
  static readonly empty = new Catalog([]);

  /** All elections, valid and invalid: newest start first (see `parseRepository`). */
  list(): readonly Election[] {
    return this.#elections;
  }

  /**
   * The election with this key (straight from a URL), or `undefined`. The only way from a
   * key to an election: keys are looked up, never turned into file paths.
   */
  get(key: string): Election | undefined {
    return this.#byKey.get(key);
  }

  /** True when `key` names an election of this catalog, narrowing it to an `ElectionKey`. */
  has(key: string): key is ElectionKey {
    return this.#byKey.has(key);
  }
}
