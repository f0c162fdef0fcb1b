/**
 * A PostgreSQL cluster of the test's own, under a temporary directory on a free loopback
 * port, for tests that must stop or freeze the database (never the machine's shared server).
 * The server binaries refuse to run as root, so they run as the `postgres` user when the test
 * is root.
 *
 *   const cluster = await startPrivatePostgres();
 *   await cluster.freeze(); … await cluster.thaw(); await cluster.stop(); await cluster.start();
 *   await cluster.remove();
 */
import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DatabaseTarget } from '../../src/storage/database-target.js';
import { freePort } from './free-port.js';

const BIN = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';
const run = promisify(execFile);

export interface PrivatePostgres {
  /** The cluster's `postgres` database, as the superuser `postgres` (trust authentication). */
  readonly target: DatabaseTarget;
  /** Starts the server again after `stop`, and waits until it accepts connections. */
  start(): Promise<void>;
  /** Stops the server (fast shutdown: connections are closed). */
  stop(): Promise<void>;
  /** SIGSTOP to the server and its processes: connections stay open and nothing answers. */
  freeze(): Promise<void>;
  /** SIGCONT: the frozen server carries on. */
  thaw(): Promise<void>;
  /** Stops the server and deletes the cluster. */
  remove(): Promise<void>;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'elekto-pg-'));
  const data = join(dir, 'data');
  const asPostgres = async (command: string, args: string[]) => {
    const [file, prefix] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', join(BIN, command)]] : [join(BIN, command), []];
    return run(file as string, [...(prefix as string[]), ...args], { cwd: dir });
  };
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => asPostgres('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', 'start']).then(() => undefined);
  const stop = () => asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).then(() => undefined);
  // The postmaster and each of its children (backends, checkpointer…), which PostgreSQL puts
  // in sessions of their own: a process-group signal would miss them.
  const signal = async (name: 'SIGSTOP' | 'SIGCONT') => {
    const pid = Number((await readFile(join(data, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    for (const process_ of [pid, ...(await childrenOf(pid))]) process.kill(process_, name);
  };
  await start();
  return {
    target: { dialect: 'postgresql', host: '127.0.0.1', port, database: 'postgres', user: 'postgres', password: '' },
    start,
    stop,
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    remove: async () => {
      await signal('SIGCONT').catch(() => undefined);
      await stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The processes whose parent is `pid`, from `/proc`. */
async function childrenOf(pid: number): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the command name, which is in parentheses and may hold spaces: state, ppid, …
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) children.push(Number(entry));
  }
  return children;
}
