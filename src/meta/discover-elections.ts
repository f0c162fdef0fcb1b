import { electionKeyOf } from './election-key.js';
import type { ElectionDirectory } from './parse-election.js';
import { baseOf, dirOf, type RepoFiles } from './repo-files.js';

/** An election directory, and the election directory it sits in, if any (an error). */
export interface DiscoveredElection {
  readonly directory: ElectionDirectory;
  /** Repository-relative directory of the enclosing election, when nested in one. */
  readonly nestedIn: string | undefined;
}

/**
 * Finds the elections under `electionDir`: every directory at any depth below it that
 * directly contains `election.yaml` (`electionDir` itself is not one, as in Elekto 0.6).
 * Directories without it are silently not elections; an election's files are only those
 * directly in its directory (sub-directories such as `templates/` are ignored).
 *
 * @param electionDir normalised repository-relative directory (`''` for the root)
 * @returns in directory order
 */
export function discoverElections(files: RepoFiles, electionDir: string): DiscoveredElection[] {
  const prefix = electionDir === '' ? '' : `${electionDir}/`;
  const byDirectory = new Map<string, Map<string, string>>();
  for (const [path, text] of files) {
    if (!path.startsWith(prefix)) continue;
    const dir = dirOf(path);
    const own = byDirectory.get(dir) ?? new Map<string, string>();
    byDirectory.set(dir, own.set(baseOf(path), text));
  }
  const electionDirs = [...byDirectory.keys()]
    .filter((dir) => dir !== electionDir && byDirectory.get(dir)?.has('election.yaml'))
    .sort();
  const isElection = new Set(electionDirs);
  return electionDirs.map((path) => ({
    directory: { key: electionKeyOf(path.slice(prefix.length)), path, files: byDirectory.get(path) ?? new Map() },
    nestedIn: enclosingElection(path, electionDir, isElection),
  }));
}

function enclosingElection(path: string, electionDir: string, isElection: ReadonlySet<string>): string | undefined {
  for (let dir = dirOf(path); dir !== electionDir && dir !== ''; dir = dirOf(dir)) {
    if (isElection.has(dir)) return dir;
  }
  return undefined;
}
