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
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { privateServer, runAsUser, serverDirectory, type PrivateServer } from './private-server.js';

const BIN = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';

/**
 * The cluster's `postgres` database, as the superuser `postgres` (trust authentication).
 * `stop` is a fast shutdown; `freeze` stops the postmaster and every process of it.
 */
export async function startPrivatePostgres(): Promise<PrivateServer> {
  const dir = await serverDirectory('elekto-pg-', 'postgres');
  const data = join(dir, 'data');
  const asPostgres = (command: string, args: string[]) => runAsUser('postgres', join(BIN, command), args, dir).then(() => undefined);
  await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => asPostgres('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', 'start']);
  const stop = () => asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  // The postmaster and each of its children (backends, checkpointer…), which PostgreSQL puts
  // in sessions of their own: a process-group signal would miss them.
  const signal = async (name: NodeJS.Signals) => {
    const pid = Number((await readFile(join(data, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    for (const process_ of [pid, ...(await childrenOf(pid))]) process.kill(process_, name);
  };
  await start();
  const target = { dialect: 'postgresql', host: '127.0.0.1', port, database: 'postgres', user: 'postgres', password: '' } as const;
  return privateServer({ target, dir, start, stop, signal });
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
