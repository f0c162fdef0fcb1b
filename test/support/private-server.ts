/**
 * What the private database servers of the tests share (private-postgres.ts,
 * private-mariadb.ts): a temporary directory owned by the server's system user, its programs
 * run as that user (the servers refuse root), and one interface to stop, freeze and remove it.
 */
import { execFile } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DatabaseTarget } from '../../src/storage/database-target.js';

const run = promisify(execFile);

/** Where a database server is (SQLite has none). */
export type ServerTarget = Exclude<DatabaseTarget, { readonly dialect: 'sqlite' }>;
const asRoot = () => process.getuid?.() === 0;

/** A database server of the test's own, on a free loopback port (never the machine's shared one). */
export interface PrivateServer {
  /** A database on it that Elekto may use and migrate. */
  readonly target: ServerTarget;
  /** Starts the server again after `stop`, and waits until it accepts connections. */
  start(): Promise<void>;
  /** Shuts the server down (its connections are closed) and waits until it has. */
  stop(): Promise<void>;
  /** SIGSTOP to the server's processes: connections stay open and nothing answers. */
  freeze(): Promise<void>;
  /** SIGCONT: the frozen server carries on. */
  thaw(): Promise<void>;
  /** Stops the server (killing it if it will not stop) and deletes its directory. */
  remove(): Promise<void>;
}

/** What one kind of server knows for itself. */
export interface ServerControl {
  readonly target: ServerTarget;
  /** The server's temporary directory, deleted by `remove`. */
  readonly dir: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Sends `name` to every process of the server that must get it. */
  signal(name: NodeJS.Signals): Promise<void>;
}

export function privateServer({ target, dir, start, stop, signal }: ServerControl): PrivateServer {
  return {
    target,
    start,
    stop,
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    remove: async () => {
      await signal('SIGCONT').catch(() => undefined);
      await stop().catch(() => signal('SIGKILL')).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A new temporary directory named `prefix…`, given to `user` when this process is root. */
export async function serverDirectory(prefix: string, user: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  if (asRoot()) {
    const { stdout: uid } = await run('id', ['-u', user]);
    const { stdout: gid } = await run('id', ['-g', user]);
    await chown(dir, Number(uid.trim()), Number(gid.trim()));
  }
  return dir;
}

/** `program` with `args` as `user` (through runuser when this process is root): the command and its arguments. */
export function asUser(user: string, program: string, args: readonly string[]): [string, string[]] {
  return asRoot() ? ['runuser', ['-u', user, '--', program, ...args]] : [program, [...args]];
}

/** Runs `program` as `user` (see {@link asUser}) to its end; rejects with its output when it fails. */
export async function runAsUser(user: string, program: string, args: readonly string[], cwd?: string): Promise<string> {
  const [command, commandArgs] = asUser(user, program, args);
  return (await run(command, commandArgs, { cwd })).stdout;
}
