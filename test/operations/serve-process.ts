// `elekto serve` as a real process whose stdout and stderr the test chooses (a stalled FIFO, a
// closed pipe), for the tests of logging and shutdown under a bad log consumer (issue 12).
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { elektoCommand, freePort } from '../replicas/replica-processes.js';

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Resolves with the exit code and how long after `signal` it came. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
  /** Resident memory now, in MiB, from /proc. */
  rssMiB(): number;
}

/** Starts `elekto serve` in `cwd` with `env` and `stdio`, and waits until `/livez` answers. */
export async function startServe(cwd: string, env: Readonly<Record<string, string>>, stdio: StdioOptions): Promise<ServeProcess> {
  const port = env['APP_PORT'] ? Number(env['APP_PORT']) : await freePort();
  // The V8 flag of `npm start` (package.json): production's young generation, not Node's default.
  const child = spawn(process.execPath, ['--max-semi-space-size=4', ...elektoCommand(), 'serve'], {
    cwd,
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: process.env['HOME'] ?? cwd,
      TSX_TSCONFIG_PATH: new URL('../../tsconfig.json', import.meta.url).pathname,
      APP_PORT: String(port),
      ...env,
    },
    stdio,
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`elekto serve exited with ${child.exitCode} before answering`);
    if (await fetch(`${url}/livez`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('elekto serve did not answer /livez within 60 s');
    }
    await sleep(200);
  }
  return {
    child,
    url,
    async stop(signal = 'SIGTERM') {
      const sent = performance.now();
      child.kill(signal);
      const code = await exited;
      return { code, ms: Math.round(performance.now() - sent) };
    },
    rssMiB() {
      const kib = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
      return Number(kib) / 1024;
    },
  };
}

/** Latencies of `connections` loops requesting `path` for `seconds`, in ms. */
export async function load(url: string, path: string, connections: number, seconds: number): Promise<{ count: number; failures: number; p99: number; max: number }> {
  const until = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  let failures = 0;
  const worker = async () => {
    while (performance.now() < until) {
      const started = performance.now();
      const ok = await fetch(`${url}${path}`).then(
        async (r) => {
          await r.arrayBuffer();
          return r.ok;
        },
        () => false,
      );
      latencies.push(performance.now() - started);
      if (!ok) failures += 1;
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  latencies.sort((a, b) => a - b);
  return {
    count: latencies.length,
    failures,
    p99: Math.round(latencies[Math.floor(latencies.length * 0.99)] ?? 0),
    max: Math.round(latencies.at(-1) ?? 0),
  };
}
