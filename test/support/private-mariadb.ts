/**
 * A MariaDB server of the test's own, under a temporary directory on a free loopback port, for
 * tests that must stop or freeze the database or configure the server (never the machine's
 * shared server on port 3306). It runs as the `mysql` user when the test is root, and is
 * administered as MariaDB's `root` over its own socket.
 *
 *   const server = await startPrivateMariadb();
 *   await server.freeze(); … await server.thaw(); await server.stop(); await server.start();
 *   await server.remove();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.js';
import { asUser, privateServer, runAsUser, serverDirectory, type PrivateServer } from './private-server.js';

/** How long the server may take to accept connections. */
const READY_MS = 30_000;

export interface PrivateMariadbOptions {
  /** More options for `mariadbd` (TLS files, `--require-secure-transport`…), kept across restarts. */
  readonly serverArgs?: readonly string[];
}

/**
 * The database `elekto`, as the user `elekto` (all privileges on it), over TCP. `stop` is
 * `mariadb-admin shutdown`; `freeze` stops `mariadbd`, one process with threads inside.
 */
export async function startPrivateMariadb(options: PrivateMariadbOptions = {}): Promise<PrivateServer> {
  const dir = await serverDirectory('elekto-mariadb-', 'mysql');
  const data = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  const pidFile = join(dir, 'mysqld.pid');
  const admin = (program: 'mariadb' | 'mariadb-admin', ...args: string[]) => runAsUser('mysql', program, ['--no-defaults', `--socket=${socket}`, '-u', 'root', ...args]);
  await runAsUser('mysql', 'mariadb-install-db', ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db']);
  const port = await freePort();
  const serverArgs = ['--no-defaults', `--datadir=${data}`, `--socket=${socket}`, `--port=${port}`, '--bind-address=127.0.0.1', `--pid-file=${pidFile}`,
    '--skip-log-bin', '--innodb-buffer-pool-size=16M', `--log-error=${join(dir, 'error.log')}`, ...(options.serverArgs ?? [])];

  // As root, the child is `runuser`, which waits for mariadbd: signals go to the pid in the pid
  // file. runuser stops itself when it sees mariadbd stopped, so SIGCONT goes to both.
  let server: ChildProcess | undefined;
  const start = async () => {
    const started = spawn(...asUser('mysql', '/usr/sbin/mariadbd', serverArgs), { stdio: 'ignore' });
    server = started;
    const deadline = performance.now() + READY_MS;
    while (!(await admin('mariadb', '-e', 'SELECT 1').then(() => true, () => false))) {
      if (started.exitCode !== null || performance.now() > deadline) {
        const log = await readFile(join(dir, 'error.log'), 'utf8').catch(() => '');
        throw new Error(`the private MariaDB server did not start (exit ${started.exitCode}):\n${log.slice(-2000)}`);
      }
      await sleep(100);
    }
  };
  const stop = async () => {
    const running = server;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, 'exit');
    await admin('mariadb-admin', 'shutdown');
    await exited;
  };
  const signal = async (name: NodeJS.Signals) => {
    const pid = Number((await readFile(pidFile, 'utf8')).trim());
    const command = (await readFile(`/proc/${pid}/comm`, 'utf8')).trim();
    if (command !== 'mariadbd') throw new Error(`pid ${pid} in ${pidFile} is ${command}, not mariadbd`);
    process.kill(pid, name);
    if (name === 'SIGCONT' && server?.pid !== undefined && server.pid !== pid) process.kill(server.pid, name);
  };

  await start();
  await admin('mariadb', '-e', "DROP USER IF EXISTS ''@'localhost'; CREATE USER 'elekto'@'%' IDENTIFIED BY 'elekto-pw'; CREATE DATABASE elekto CHARACTER SET utf8mb4; GRANT ALL ON elekto.* TO 'elekto'@'%';");
  const target = { dialect: 'mysql', host: '127.0.0.1', port, database: 'elekto', user: 'elekto', password: 'elekto-pw' } as const;
  return privateServer({ target, dir, start, stop, signal });
}
