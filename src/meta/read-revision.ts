import { err, ok, type Result } from '../core/result.js';
import { runGit } from './git.js';
import { isElectionFile } from './read-checkout.js';
import { baseOf, type RepoFiles } from './repo-files.js';

/**
 * Reads, from git rather than the working tree, the election files under `electionDir` as
 * they are at `revision` (a pull request's base): what `readCheckout` reads, for another
 * commit. Git resolves the revision; a wrong one is reported in git's own words.
 *
 * @param repoDir a git checkout
 * @param electionDir normalised repository-relative `ELECTION_DIR`
 */
export async function readRevision(repoDir: string, revision: string, electionDir: string): Promise<Result<RepoFiles, string>> {
  const commit = await runGit(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], repoDir);
  if (!commit.ok) return err(`'${revision}' is not a commit of the repository in '${repoDir}'`);
  const listed = await runGit(['ls-tree', '-r', '-z', '--name-only', commit.value, '--', electionDir === '' ? '.' : electionDir], repoDir);
  if (!listed.ok) return listed;
  const paths = listed.value.split('\0').filter((path) => path !== '' && isElectionFile(baseOf(path)));
  const files = new Map<string, string>();
  for (const path of paths) {
    const text = await runGit(['show', `${commit.value}:${path}`], repoDir);
    if (!text.ok) return text;
    files.set(path, `${text.value}\n`);
  }
  return ok(files);
}
