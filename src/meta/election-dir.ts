import { posix } from 'node:path';
import { err, ok, type Result } from '../core/result.js';

/**
 * Normalises `ELECTION_DIR` to a clean repository-relative POSIX path (`''` for the root):
 * `./elections/` → `elections`. Refuses absolute paths and paths that climb out of the
 * repository with `..`, since the parser only ever looks inside the checkout.
 */
export function normalizeElectionDir(electionDir: string): Result<string, string> {
  const slashed = electionDir.trim().replaceAll('\\', '/');
  if (posix.isAbsolute(slashed)) {
    return err(`ELECTION_DIR '${electionDir}' must be a path inside the repository, not an absolute path`);
  }
  const normal = posix.normalize(slashed === '' ? '.' : slashed).replace(/\/+$/, '');
  if (normal === '..' || normal.startsWith('../')) {
    return err(`ELECTION_DIR '${electionDir}' must be a path inside the repository, without '..'`);
  }
  return ok(normal === '.' ? '' : normal);
}
