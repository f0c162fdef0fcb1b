import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, type Result } from '../core/result.js';
import { isMeantAsCandidate } from './candidate-file-name.js';
import { joinPath, type RepoFiles } from './repo-files.js';

/** The files of an election directory that the parser reads (by name); any other file is never opened. */
const ELECTION_FILES = new Set(['election.yaml', 'voters.yaml', 'election_desc.md', 'results.md']);
export const isElectionFile = (name: string) => ELECTION_FILES.has(name) || isMeantAsCandidate(name);

/**
 * Reads, once, the files that matter from a checkout: in every directory under
 * `electionDir` that holds `election.yaml`, that file, `voters.yaml`, `election_desc.md`,
 * `results.md` and the `candidate…` files. Other directories are only listed. Symbolic links
 * and `.git` are skipped, so nothing outside the checkout is ever read.
 *
 * @param repoDir the checkout (`META_PATH`, or the directory `elekto validate` checks)
 * @param electionDir normalised repository-relative `ELECTION_DIR`
 * @returns repository-relative path → text, or a message when either directory is missing
 */
export async function readCheckout(repoDir: string, electionDir: string): Promise<Result<RepoFiles, string>> {
  if (!(await isDirectory(repoDir))) return err(`the repository directory '${repoDir}' does not exist`);
  if (!(await isDirectory(join(repoDir, electionDir)))) {
    return err(`ELECTION_DIR '${electionDir}' does not exist in '${repoDir}' (set it with --election-dir or ELECTION_DIR)`);
  }
  const files = new Map<string, string>();
  await readDirectory(repoDir, electionDir, files);
  return ok(files);
}

async function readDirectory(repoDir: string, dir: string, into: Map<string, string>): Promise<void> {
  const entries = await readdir(join(repoDir, dir), { withFileTypes: true });
  const isElection = entries.some((entry) => entry.isFile() && entry.name === 'election.yaml');
  const wanted = isElection ? entries.filter((entry) => entry.isFile() && isElectionFile(entry.name)) : [];
  const subdirectories = entries.filter((entry) => entry.isDirectory() && entry.name !== '.git');
  await Promise.all([
    ...wanted.map(async (entry) => {
      const path = joinPath(dir, entry.name);
      into.set(path, await readFile(join(repoDir, path), 'utf8'));
    }),
    ...subdirectories.map((entry) => readDirectory(repoDir, joinPath(dir, entry.name), into)),
  ]);
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((stats) => stats.isDirectory(), () => false);
}
