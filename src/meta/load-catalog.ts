import { ok, type Result } from '../core/result.js';
import { Catalog } from './catalog.js';
import { normalizeElectionDir } from './election-dir.js';
import { parseRepository } from './parse-repository.js';
import { readCheckout } from './read-checkout.js';

/**
 * Builds the catalog of a checkout on disk: reads its election files once and parses them
 * (`parseRepository`). Broken elections are in the catalog, marked invalid; only a missing
 * directory or a bad `ELECTION_DIR` fails the whole load.
 *
 * @param repoDir the checkout
 * @param electionDir `ELECTION_DIR` as configured (`steering/elections`, `./elections/`…)
 * @param revision the commit the checkout is at, when known (from `syncCheckout`)
 * @returns the catalog, or a sentence saying which directory is missing
 */
export async function loadCatalog(repoDir: string, electionDir: string, revision: string | null = null): Promise<Result<Catalog, string>> {
  const dir = normalizeElectionDir(electionDir);
  if (!dir.ok) return dir;
  const files = await readCheckout(repoDir, dir.value);
  if (!files.ok) return files;
  return ok(new Catalog(parseRepository(files.value, dir.value), revision));
}
