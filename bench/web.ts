// The web service under load: the real `elekto serve` process on the real Kubernetes meta
// repository (steering/2026 moved so that it is running now; 1,502 voters), loaded by
// keep-alive connections from this process, then a burst of ballots with passphrases at
// Elekto 0.6's real Argon2i parameters while the pages keep being read (SPEC §8: "Other pages
// stay responsive during a burst of votes"). All traffic stays on 127.0.0.1.
//
// The load generator shares the machine (2 cores) with the server it measures: it is kept
// cheap (raw sockets, see http-load.ts), but the numbers are those of both together.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { Benchmark, BenchResult } from './benchmark.js';
import { closedLoop, steadyLoad, type LoadStats, type Target } from './http-load.js';

const FIXTURE = fileURLToPath(new URL('../test/fixtures/real-meta/kubernetes__community', import.meta.url));
const ELECTION_DIR = 'elections';
const ELECTION = 'steering/2026';
const KEY = 'steering---2026';

const KDF_CONCURRENCY = 2;
/** SPEC §8 budget: each derivation may hold up to 600 MiB, plus the server itself. */
const RSS_TARGET_MIB = KDF_CONCURRENCY * 600 + 150;

const CONNECTIONS = 16;
const WARMUP_MS = 2_000;
const DURATION_MS = 10_000;
const BURST_VOTES = 20;
/** Page reads during the burst: this many a second per page, open loop. */
const BURST_PAGE_RATE = 100;
const BURST_TIMEOUT_MS = 240_000;
/** Each page's requests per CPU-second, in % of a bare Node.js server's in the same run. */
const BARE_SHARE_TARGET = 8;
/** A Node.js HTTP server that answers every request with "ok": the machine's ceiling. */
const BARE_SERVER = "require('node:http').createServer((q, r) => r.end('ok')).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'))";

/**
 * For investigating, not for the numbers: extra Node options for the server process (say
 * `--cpu-prof --cpu-prof-dir=/tmp/prof`), and the phases to run (`pages`, `burst` or both).
 */
/** Node flags of the server process: by default those `npm start` and docs/production.md use. */
const SERVER_NODE_ARGS = (process.env.BENCH_WEB_SERVER_NODE_ARGS ?? '--max-semi-space-size=4').split(' ').filter(Boolean);
const PHASES = new Set((process.env.BENCH_WEB_PHASES ?? 'pages,burst').split(','));

export const webBenchmark: Benchmark = {
  name: 'web',
  async run({ bin }) {
    const server = await startServer(bin);
    try {
      return await measure(server);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(server.stderr() ? `${message}\nthe server's stderr:\n${server.stderr()}` : message, { cause: error });
    } finally {
      await server.stop();
    }
  },
};

interface RunningServer {
  readonly port: number;
  readonly pid: number;
  readonly voters: readonly string[];
  stop(): Promise<void>;
  /** What the server printed on stderr (warnings, errors), for failures. */
  stderr(): string;
}

async function measure(server: RunningServer): Promise<BenchResult[]> {
  const { port } = server;
  // Other work on the machine takes CPU from both the server and the load: say how much there was.
  console.log(`  load average before: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (${availableParallelism()} CPUs)`);
  // Voter 0 reads the logged-in page; voters 1..20 cast the burst's ballots.
  const [reader, ...voterLogins] = server.voters;
  const readerCookie = (await logIn(port, reader!, 0)).cookie;
  const voters: Voter[] = [];
  for (const [i, login] of voterLogins.slice(0, BURST_VOTES).entries()) voters.push(await prepareVoter(port, login, i + 1));

  const targets: Target[] = [
    { name: 'GET /elections', path: '/elections' },
    { name: `GET /elections/${KEY}`, path: `/elections/${KEY}` },
    { name: `GET /app/elections/${KEY} (logged in)`, path: `/app/elections/${KEY}`, cookie: readerCookie },
  ];
  await checkPages(port, targets, reader!);

  const results: BenchResult[] = [];
  // A Node.js HTTP server that does nothing, measured in the same run: each page's server CPU
  // time per request against its own says how far from the machine's ceiling the page is, and
  // that ratio hardly moves when other work on the machine takes CPU from both.
  const bare = PHASES.has('pages') ? await measureBareNode() : undefined;
  for (const target of bare ? targets : []) {
    const cpuBefore = cpuMs(server.pid);
    const stats = await closedLoop(port, target, { connections: CONNECTIONS, warmupMs: WARMUP_MS, durationMs: DURATION_MS });
    const cpuMsPerRequest = cpuPerRequest(cpuMs(server.pid) - cpuBefore, stats);
    log(stats, '', cpuMsPerRequest);
    if (stats.errors > 0) throw new Error(`${target.name}: ${stats.errors} of ${stats.requests} responses were not 200`);
    results.push(
      { name: `web: ${target.name}, ${CONNECTIONS} connections: throughput`, value: stats.requestsPerSecond, unit: 'req/s', target: 3_000, better: 'higher' },
      { name: `web: ${target.name}: throughput per CPU, in % of a bare Node.js server's`, value: (100 * bare!.cpuMsPerRequest) / cpuMsPerRequest, unit: '%', target: BARE_SHARE_TARGET, better: 'higher' },
      { name: `web: ${target.name}, ${CONNECTIONS} connections: p99 latency`, value: stats.p99Ms, unit: 'ms', target: 20 },
    );
  }
  const rssBefore = peakRssMiB(server.pid);
  console.log(`  server peak RSS (with its children) before the burst: ${rssBefore.toFixed(0)} MiB`);
  if (!PHASES.has('burst')) return results;

  // The burst: every ballot at once, while the three pages are read at a steady rate.
  const load = await steadyLoad(port, targets, { ratePerSecond: BURST_PAGE_RATE, connectionsPerTarget: 4 });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  load.startRecording();
  const memory = sampleMemory(server.pid);
  const burstStarted = performance.now();
  const outcomes = await Promise.all(voters.map((voter) => castBallot(port, voter, burstStarted)));
  const burstSeconds = (performance.now() - burstStarted) / 1000;
  const pages = await load.stop();
  const rssTogether = memory.stop();
  const rssPeak = peakRssMiB(server.pid);

  const stored = outcomes.filter((o) => o.status === 303);
  const refused = outcomes.filter((o) => o.status === 503 && o.retryAfter !== undefined);
  const wrong = outcomes.filter((o) => !stored.includes(o) && !refused.includes(o));
  console.log(
    `  burst of ${voters.length} ballots (Argon2i 512 MiB, KDF_CONCURRENCY=${KDF_CONCURRENCY}): ${stored.length} stored (303), ` +
      `${refused.length} refused (503, Retry-After ${[...new Set(refused.map((o) => o.retryAfter))].join('/')} s), ${wrong.length} otherwise` +
      `${wrong.length ? ` (${wrong.map((o) => o.status).join(', ')})` : ''}; last answer after ${burstSeconds.toFixed(1)} s, ` +
      `slowest stored ${Math.max(0, ...stored.map((o) => o.ms)).toFixed(0)} ms, slowest refusal ${Math.max(0, ...refused.map((o) => o.ms)).toFixed(0)} ms`,
  );
  for (const stats of pages) log(stats, 'during the burst');
  console.log(
    `  memory during the burst: at most ${rssTogether.toFixed(0)} MiB at once (server + key-derivation processes, ` +
      `sampled every ${MEMORY_SAMPLE_MS} ms); the sum of each process's own peak is ${rssPeak.toFixed(0)} MiB`,
  );

  // A 303 must mean a ballot on record: each of those voters now has a confirmation page.
  let unconfirmed = 0;
  for (const [i, outcome] of outcomes.entries()) {
    if (outcome.status !== 303) continue;
    const confirmation = await send(port, 'GET', `/app/elections/${KEY}/confirmation`, { cookie: voters[i]!.cookie });
    if (confirmation.status !== 200) unconfirmed += 1;
  }

  for (const stats of pages) {
    if (stats.errors > 0) throw new Error(`${stats.name} during the burst: ${stats.errors} of ${stats.requests} responses were not 200`);
    results.push({ name: `web burst: ${stats.name} at ${BURST_PAGE_RATE}/s: p99 latency`, value: stats.p99Ms, unit: 'ms', target: 50 });
  }
  results.push(
    { name: `web burst: ${BURST_VOTES} ballots at once: stored (303) and on record`, value: stored.length - unconfirmed, unit: 'votes', target: KDF_CONCURRENCY, better: 'higher' },
    { name: `web burst: ballots neither stored nor refused with 503 + Retry-After`, value: wrong.length + unconfirmed, unit: 'votes', target: 0 },
    { name: `web burst: server + key-derivation processes, RSS at once, KDF_CONCURRENCY=${KDF_CONCURRENCY}`, value: rssTogether, unit: 'MiB', target: RSS_TARGET_MIB },
  );
  return results;
}

/** `cpuMsPerRequest`: the server's CPU time per request (all its threads), which contention barely changes. */
function log(stats: LoadStats, when = '', cpuMsPerRequest?: number): void {
  const errors = stats.errors ? `, ${stats.errors} errors` : '';
  const cpu = cpuMsPerRequest === undefined ? '' : `; server CPU ${(cpuMsPerRequest * 1000).toFixed(0)} µs per request`;
  console.log(
    `  ${stats.name}${when ? ` ${when}` : ''}: ${stats.requests} requests in ${stats.seconds.toFixed(1)} s = ${stats.requestsPerSecond.toFixed(0)} req/s; ` +
      `p50 ${stats.p50Ms.toFixed(1)} ms, p99 ${stats.p99Ms.toFixed(1)} ms, max ${stats.maxMs.toFixed(1)} ms; ${stats.bodyBytes} bytes${cpu}${errors}`,
  );
}

// ---------------------------------------------------------------------------------------------
// The server

/** `BARE_SERVER` under the pages' load: its server CPU time per request. */
async function measureBareNode(): Promise<{ cpuMsPerRequest: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', BARE_SERVER], { env: { PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`the bare Node.js server exited with ${code}`)));
    });
    const cpuBefore = cpuMs(child.pid!);
    const stats = await closedLoop(port, { name: 'bare Node.js server (GET /, "ok")', path: '/' }, { connections: CONNECTIONS, warmupMs: WARMUP_MS, durationMs: DURATION_MS });
    const cpuMsPerRequest = cpuPerRequest(cpuMs(child.pid!) - cpuBefore, stats);
    log(stats, '', cpuMsPerRequest);
    return { cpuMsPerRequest };
  } finally {
    child.kill('SIGKILL');
  }
}

async function startServer(bin: string): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'elekto-bench-web-'));
  try {
    const voters = prepareMetaRepo(join(dir, 'meta-origin'));
    const port = await freePort();
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      APP_ENV: 'development',
      APP_PORT: String(port),
      APP_HOST: '127.0.0.1',
      DATABASE_URL: `sqlite://${join(dir, 'elekto.db')}`,
      META_REPO: join(dir, 'meta-origin'),
      META_PATH: join(dir, 'meta'),
      ELECTION_DIR,
      KDF_CONCURRENCY: String(KDF_CONCURRENCY),
      // The load comes from loopback as if through a proxy there: each voter's X-Forwarded-For
      // is their own address, so the per-address login limit counts them apart.
      TRUST_PROXY: 'loopback',
    };
    execFileSync(process.execPath, [bin, 'migrate'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    const child = spawn(process.execPath, [...SERVER_NODE_ARGS, bin, 'serve'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-20_000)));
    await waitForStart(child, () => stderr);
    return {
      port,
      pid: child.pid!,
      voters,
      stderr: () => stderr,
      async stop() {
        if (child.exitCode === null) {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * A git repository copied from the Kubernetes fixture, with steering/2026 running now (it
 * opened yesterday and closes in 30 days); the other elections keep their real dates.
 * Returns eligible voters of steering/2026 that the development login accepts.
 */
function prepareMetaRepo(repo: string): string[] {
  cpSync(FIXTURE, repo, { recursive: true });
  const electionYaml = join(repo, ELECTION_DIR, ELECTION, 'election.yaml');
  const now = Date.now();
  const day = 86_400_000;
  const at = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  const rewritten = readFileSync(electionYaml, 'utf8')
    .replace(/^start_datetime:.*$/m, `start_datetime: ${at(now - day)}`)
    .replace(/^end_datetime:.*$/m, `end_datetime: ${at(now + 30 * day)}`)
    .replace(/^exception_due:.*$/m, `exception_due: ${at(now + 20 * day)}`);
  writeFileSync(electionYaml, rewritten);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'Kubernetes fixture, steering/2026 running');

  const listed = (parseYaml(readFileSync(join(repo, ELECTION_DIR, ELECTION, 'voters.yaml'), 'utf8')) as { eligible_voters: unknown[] }).eligible_voters;
  const logins = listed.filter((v): v is string => typeof v === 'string' && /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/.test(v) && v.length <= 39);
  if (logins.length < BURST_VOTES + 1) throw new Error(`${ELECTION} lists only ${logins.length} usable voters`);
  // Spread over the list rather than its first entries.
  const step = Math.floor(logins.length / (BURST_VOTES + 1));
  return Array.from({ length: BURST_VOTES + 1 }, (_, i) => logins[i * step]!);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function waitForStart(child: ChildProcess, stderr: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => fail(new Error('the server did not start within 60 s')), 60_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${stderr()}`));
    };
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      if (stdout.includes('Elekto is running')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => fail(new Error(`the server exited with ${code} before it was ready`)));
  });
}

/** A server's CPU time per request over a closed loop (warm-up included, at the same rate). */
function cpuPerRequest(cpuMsSpent: number, stats: LoadStats): number {
  return cpuMsSpent / ((WARMUP_MS + DURATION_MS) / 1000) / stats.requestsPerSecond;
}

/** CPU time a process has used so far (user + system, all threads), ms; Linux clock ticks of 10 ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const MEMORY_SAMPLE_MS = 50;

/**
 * Samples the resident memory (VmRSS) of a process and its descendants together until
 * stopped; returns the largest total, MiB. An Argon2 derivation holds its 512 MiB for about
 * two seconds, so a sample every 50 ms cannot miss it.
 */
function sampleMemory(pid: number): { stop(): number } {
  let max = 0;
  const sample = () => (max = Math.max(max, residentMiB(pid)));
  const timer = setInterval(sample, MEMORY_SAMPLE_MS);
  sample();
  return {
    stop() {
      clearInterval(timer);
      sample();
      return max;
    },
  };
}

/** Resident memory (VmRSS) now of a process and all its descendants, MiB. */
function residentMiB(pid: number): number {
  try {
    const match = /^VmRSS:\s*(\d+)\s*kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return Number(match?.[1] ?? 0) / 1024 + children.reduce((sum, child) => sum + residentMiB(Number(child)), 0);
  } catch {
    return 0; // a process that ended between listing and reading
  }
}

/**
 * Peak resident memory (VmHWM) of a process and all its descendants (the key-derivation
 * children), summed, MiB: an upper bound of what they held at once.
 */
function peakRssMiB(pid: number): number {
  const match = /^VmHWM:\s*(\d+)\s*kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmHWM for process ${pid}`);
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  return Number(match[1]) / 1024 + children.reduce((sum, child) => sum + peakRssMiB(Number(child)), 0);
}

// ---------------------------------------------------------------------------------------------
// Logging in and voting, through the forms a browser would post

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

function send(port: number, method: string, path: string, options: { cookie?: string; form?: Record<string, string>; forwardedFor?: string } = {}): Promise<Answer> {
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        headers: {
          ...(options.cookie && { cookie: options.cookie }),
          ...(options.forwardedFor && { 'x-forwarded-for': options.forwardedFor }),
          ...(body !== undefined && { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) }),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Merges a response's Set-Cookie headers into a Cookie header value. */
function withCookies(cookie: string, answer: Answer): string {
  const jar = new Map(cookie ? cookie.split('; ').map((pair) => [pair.slice(0, pair.indexOf('=')), pair] as const) : []);
  for (const line of answer.headers['set-cookie'] ?? []) {
    const pair = line.split(';')[0]!;
    jar.set(pair.slice(0, pair.indexOf('=')), pair);
  }
  return [...jar.values()].join('; ');
}

function csrfToken(page: Answer): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(page.body);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1]!;
}

/**
 * Logs in through the development login. Each login comes from its own address (X-Forwarded-
 * For; the server trusts its proxy), as logins of different people would: the login rate
 * limit is per address.
 */
async function logIn(port: number, login: string, n: number): Promise<{ cookie: string; csrf: string }> {
  const forwardedFor = `198.51.100.${n + 1}`;
  const form = await send(port, 'GET', '/login', { forwardedFor });
  if (form.status !== 200) throw new Error(`GET /login answered ${form.status}`);
  let cookie = withCookies('', form);
  const answer = await send(port, 'POST', '/login/development', { cookie, forwardedFor, form: { _csrf: csrfToken(form), username: login, next: '/app' } });
  if (answer.status !== 303 || !answer.headers['set-cookie']?.some((c) => c.startsWith('elekto_session='))) {
    throw new Error(`the development login of ${login} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  }
  cookie = withCookies(cookie, answer);
  return { cookie, csrf: csrfToken(form) };
}

interface Voter {
  readonly login: string;
  readonly cookie: string;
  readonly form: Record<string, string>;
}

/** Logs a voter in and fills in the ballot form: a full ranking and a passphrase. */
async function prepareVoter(port: number, login: string, n: number): Promise<Voter> {
  const { cookie } = await logIn(port, login, n);
  const page = await send(port, 'GET', `/app/elections/${KEY}/vote`, { cookie });
  if (page.status !== 200) throw new Error(`${login}: the ballot form answered ${page.status}`);
  const candidates = [...page.body.matchAll(/name="rank:([^"]+)"/g)].map((m) => m[1]!);
  if (candidates.length === 0) throw new Error(`${login}: no candidates on the ballot form`);
  const form: Record<string, string> = { _csrf: csrfToken(page), confirm: '' };
  // A different full ranking for each voter, no ties (so the server asks for no confirmation).
  candidates.forEach((id, i) => (form[`rank:${id}`] = String(((i + n) % candidates.length) + 1)));
  const passphrase = `correct horse battery staple ${n}`;
  form.passphrase = passphrase;
  form.passphrase_confirmation = passphrase;
  return { login, cookie, form };
}

interface VoteOutcome {
  readonly status: number;
  readonly retryAfter: string | undefined;
  readonly ms: number;
}

async function castBallot(port: number, voter: Voter, started: number): Promise<VoteOutcome> {
  const answer = await Promise.race([
    send(port, 'POST', `/app/elections/${KEY}/vote`, { cookie: voter.cookie, form: voter.form }),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${voter.login}: no answer to the ballot within ${BURST_TIMEOUT_MS / 1000} s`)), BURST_TIMEOUT_MS).unref()),
  ]);
  const retryAfter = answer.headers['retry-after'];
  return { status: answer.status, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined, ms: performance.now() - started };
}

/** Each page answers 200 with what it should show, before anything is timed. */
async function checkPages(port: number, targets: readonly Target[], reader: string): Promise<void> {
  for (const target of targets) {
    const answer = await send(port, 'GET', target.path, { cookie: target.cookie });
    if (answer.status !== 200) throw new Error(`${target.name} answered ${answer.status}`);
    if (!answer.body.includes('2026 Steering Committee Election')) throw new Error(`${target.name} does not show steering/2026`);
    if (target.cookie && !answer.body.includes(reader)) throw new Error(`${target.name} does not show ${reader} logged in`);
  }
}
