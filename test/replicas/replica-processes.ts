// Real `elekto serve` processes for the replica tests and the sync benchmark: each one on a
// free loopback port, in a temporary working directory (so no `.env` of the developer is
// read), killed when stopped — and, whatever happens, when the test process exits.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How to start the CLI: from the TypeScript sources through tsx (tests) or a built `bin.js`. */
export function elektoCommand(builtBin?: string): readonly string[] {
  if (builtBin) return [builtBin];
  return ['--import', import.meta.resolve('tsx'), join(ROOT, 'src/cli/bin.ts')];
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** One `elekto serve` process. */
export class ReplicaProcess {
  readonly name: string;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly #child: ChildProcess;
  readonly #cwd: string;
  readonly #output: string[] = [];
  readonly #exited: Promise<number | null>;

  private constructor(name: string, url: string, child: ChildProcess, cwd: string) {
    this.name = name;
    this.url = url;
    this.#child = child;
    this.#cwd = cwd;
    const keep = (chunk: Buffer) => void this.#output.push(chunk.toString('utf8'));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.#exited = new Promise((resolve) => {
      child.once('exit', (code) => {
        running.delete(child);
        resolve(code);
      });
    });
  }

  /**
   * Starts `elekto serve` with `env` (plus PATH and HOME, nothing else of this process's
   * environment) on a free port, and resolves once `/health` answers 200.
   */
  static async start(name: string, env: Readonly<Record<string, string>>, command = elektoCommand()): Promise<ReplicaProcess> {
    const port = await freePort();
    const cwd = mkdtempSync(join(tmpdir(), `elekto-${name}-`));
    const child = spawn(process.execPath, [...command, 'serve'], {
      cwd,
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: process.env['HOME'] ?? cwd,
        TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json'),
        APP_HOST: '127.0.0.1',
        APP_PORT: String(port),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    const replica = new ReplicaProcess(name, `http://127.0.0.1:${port}`, child, cwd);
    try {
      await replica.#ready();
    } catch (error) {
      await replica.stop();
      throw error;
    }
    return replica;
  }

  /** Everything the process printed so far. */
  get output(): string {
    return this.#output.join('');
  }

  /** Stops the process (SIGTERM, then SIGKILL after 10 s) and removes its working directory. */
  async stop(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) {
      this.#child.kill('SIGTERM');
      const exited = await Promise.race([this.#exited.then(() => true), sleep(10_000).then(() => false)]);
      if (!exited) {
        this.#child.kill('SIGKILL');
        await this.#exited;
      }
    }
    rmSync(this.#cwd, { recursive: true, force: true });
  }

  async #ready(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exitCode: number | null | undefined;
    void this.#exited.then((code) => (exitCode = code));
    while (Date.now() < deadline) {
      if (exitCode !== undefined) throw new Error(`${this.name} exited with ${exitCode} before answering:\n${this.output}`);
      const health = await fetch(`${this.url}/health`).catch(() => undefined);
      if (health?.status === 200) return;
      await sleep(100);
    }
    throw new Error(`${this.name} did not answer /health within ${timeoutMs} ms:\n${this.output}`);
  }
}

/** Starts replicas side by side; if one fails to start, stops the others. */
export async function startReplicas(specs: readonly { name: string; env: Readonly<Record<string, string>> }[], command?: readonly string[]): Promise<ReplicaProcess[]> {
  const outcomes = await Promise.allSettled(specs.map((spec) => ReplicaProcess.start(spec.name, spec.env, command)));
  const started = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure) {
    await stopAll(started);
    throw failure.reason;
  }
  return started;
}

export async function stopAll(replicas: readonly ReplicaProcess[]): Promise<void> {
  await Promise.all(replicas.map((replica) => replica.stop()));
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  return port;
}

/** A browser-like HTTP client for a real server: keeps cookies, never follows redirects. */
export class HttpClient {
  readonly #cookies = new Map<string, string>();

  get cookieHeader(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async get(url: string): Promise<{ status: number; body: string; headers: Headers }> {
    return this.#send(url, { method: 'GET' });
  }

  async postForm(url: string, fields: Record<string, string>): Promise<{ status: number; body: string; headers: Headers }> {
    return this.#send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** The CSRF token of the first form on `url`. */
  async csrfToken(url: string): Promise<string> {
    const page = await this.get(url);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!token) throw new Error(`no CSRF token on ${url} (${page.status})`);
    return token;
  }

  async #send(url: string, init: RequestInit): Promise<{ status: number; body: string; headers: Headers }> {
    const headers = new Headers(init.headers);
    if (this.#cookies.size > 0) headers.set('cookie', this.cookieHeader);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(cookie)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    return { status: response.status, body: await response.text(), headers: response.headers };
  }
}
