// A real git meta repository in the system temporary directory, for tests of the sync: the
// "remote" a server clones and fetches from, with helpers to push new commits to it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { candidateMd, electionYaml } from '../meta/meta-helpers.js';

/** Path → content; `null` deletes the file. */
export type FileChanges = Readonly<Record<string, string | null>>;

export class MetaGitRepository {
  /** The repository's working tree: what `META_REPO` points at. */
  readonly dir: string;
  readonly #scratch: string[] = [];

  private constructor(dir: string) {
    this.dir = dir;
  }

  /** A new repository on branch `main` whose first commit holds `files`. */
  static create(files: FileChanges): MetaGitRepository {
    const repository = new MetaGitRepository(mkdtempSync(join(tmpdir(), 'elekto-meta-remote-')));
    repository.#git('init', '-q', '-b', 'main');
    repository.commit(files, 'first');
    return repository;
  }

  /** Writes (or deletes) files and commits them; returns the new commit. */
  commit(files: FileChanges, message = 'change'): string {
    for (const [path, content] of Object.entries(files)) {
      const file = join(this.dir, path);
      if (content === null) {
        rmSync(file, { force: true });
      } else {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
    }
    this.#git('add', '-A');
    this.#git('commit', '-q', '--allow-empty', '-m', message);
    return this.head();
  }

  /** Removes a directory of the working tree and commits. */
  removeDirectory(path: string, message = 'remove'): string {
    this.#git('rm', '-q', '-r', path);
    this.#git('commit', '-q', '-m', message);
    return this.head();
  }

  head(): string {
    return this.#git('rev-parse', 'HEAD').trim();
  }

  /** A fresh path for a clone (`META_PATH`), removed with the repository. */
  clonePath(): string {
    const dir = mkdtempSync(join(tmpdir(), 'elekto-meta-clone-'));
    this.#scratch.push(dir);
    return join(dir, 'meta');
  }

  remove(): void {
    for (const dir of [this.dir, ...this.#scratch]) rmSync(dir, { recursive: true, force: true });
  }

  #git(...args: string[]): string {
    return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', ...args], {
      cwd: this.dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }
}

const day = 86_400_000;
const utc = (time: number) => new Date(time).toISOString().slice(0, 19).replace('T', ' ');

/**
 * The files of a valid election at `elections/<path>`, running from a day before `now` to a
 * day after, with voters carol and dave, officer alice and candidates ada and grace.
 */
export function runningElectionFiles(path: string, now: Date, name = `Election ${path}`): Record<string, string> {
  const dir = `elections/${path}`;
  return {
    [`${dir}/election.yaml`]: electionYaml({
      name,
      start_datetime: utc(now.getTime() - day),
      end_datetime: utc(now.getTime() + day),
      exception_due: utc(now.getTime()),
      election_officers: '\n  - alice',
    }),
    [`${dir}/voters.yaml`]: 'eligible_voters:\n  - carol\n  - dave\n',
    [`${dir}/candidate-ada.md`]: candidateMd('ada'),
    [`${dir}/candidate-grace.md`]: candidateMd('grace'),
  };
}
