import type { Problem } from '../core/problem.js';
import { discoverElections } from './discover-elections.js';
import type { Election } from './election.js';
import { parseElection } from './parse-election.js';
import type { RepoFiles } from './repo-files.js';

/**
 * Reads every election of a meta repository from its files, without I/O: the one function
 * both the server and `elekto validate` use.
 *
 * Each election is parsed on its own, so a broken file makes only its own election invalid.
 * Also invalid: an election nested inside another, and two directories that map to the same
 * key (`a---b` and `a/b`).
 *
 * @param electionDir `ELECTION_DIR`, normalised by `normalizeElectionDir`
 * @returns newest `start_datetime` first; elections whose start could not be read come
 *   first of all (they need their officers' attention), and ties are ordered by key
 */
export function parseRepository(files: RepoFiles, electionDir: string): readonly Election[] {
  const discovered = discoverElections(files, electionDir);
  const elections = discovered.map(({ directory, nestedIn }) => {
    const election = parseElection(directory);
    if (nestedIn === undefined) return election;
    return invalidate(election, {
      file: `${directory.path}/election.yaml`,
      message: `this election is inside the election in ${nestedIn}, so it is not loaded; move it out: elections cannot contain elections`,
    });
  });
  return Object.freeze(withUniqueKeys(elections).sort(newestFirst));
}

function withUniqueKeys(elections: readonly Election[]): Election[] {
  return elections.map((election) => {
    const clash = elections.find((other) => other !== election && other.key === election.key);
    if (!clash) return election;
    return invalidate(election, {
      file: `${election.path}/election.yaml`,
      message: `this election's key '${election.key}' is also the key of ${clash.path}; rename one of the directories`,
    });
  });
}

function invalidate(election: Election, problem: Problem): Election {
  const { key, path, config, errors, warnings } = election;
  return Object.freeze({ valid: false, key, path, config, errors: [problem, ...errors], warnings });
}

function newestFirst(a: Election, b: Election): number {
  const start = (election: Election) => election.config.start_datetime?.getTime() ?? Infinity;
  return start(b) - start(a) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
