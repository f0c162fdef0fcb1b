import { posix } from 'node:path';

/**
 * The files of a meta repository that elections are read from: repository-relative POSIX
 * path (`elections/steering/2025/election.yaml`) → text. The parser works on this map only,
 * so the same code checks a checkout on disk, a test's inline files, or a future git blob
 * reader.
 */
export type RepoFiles = ReadonlyMap<string, string>;

/** `a/b/c.md` → `a/b`; a top-level file's directory is `''`. */
export function dirOf(path: string): string {
  const dir = posix.dirname(path);
  return dir === '.' ? '' : dir;
}

/** `a/b/c.md` → `c.md`. */
export function baseOf(path: string): string {
  return posix.basename(path);
}

/** Joins path parts, treating `''` as the repository root. */
export function joinPath(...parts: readonly string[]): string {
  return parts.filter((part) => part !== '').join('/');
}
