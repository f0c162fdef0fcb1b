import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

const BIN = new URL('../../src/cli/bin.ts', import.meta.url).pathname;
const TSCONFIG = new URL('../../tsconfig.json', import.meta.url).pathname;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts `elekto serve` and resolves with its stdout once it logged that it is running. */
function serve(cwd: string, env: Record<string, string>): { child: ChildProcess; ready: Promise<string>; stderr: () => string } {
  // tsx is resolved from this project, since the server runs in a temporary directory.
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), BIN, 'serve'], {
    cwd,
    // tsx looks for tsconfig.json from the working directory: point it at the project's (Preact JSX).
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TSX_TSCONFIG_PATH: TSCONFIG, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk) => (err += String(chunk)));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      out += String(chunk);
      if (/Elekto is running at .*\n/.test(out)) resolve(out);
    });
    child.once('exit', (code) => reject(new Error(`elekto serve exited with ${code}: ${err}`)));
  });
  ready.catch(() => undefined); // a test that expects the process to fail does not wait for it
  return { child, ready, stderr: () => err };
}

describe('elekto serve in the development demo', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'elekto-serve-'));
  let port = 0;
  let server: ReturnType<typeof serve>;

  before(async () => {
    port = await freePort();
    server = serve(cwd, { APP_ENV: 'development', APP_PORT: String(port) });
    await server.ready;
  });

  after(() => {
    server.child.kill('SIGKILL');
    rmSync(cwd, { recursive: true, force: true });
  });

  it('logs its URL and serves the demo elections with their database migrated', async () => {
    const out = await server.ready;
    assert.match(out, new RegExp(`"msg":"Elekto is running at http://localhost:${port}"`));
    // stdout carries JSON log lines only (SPEC §15): the banner is a record like any other.
    for (const line of out.trimEnd().split('\n')) assert.doesNotThrow(() => JSON.parse(line), line);
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { status: string; catalog: { elections: number } };
    assert.equal(health.status, 'ok');
    assert.equal(health.catalog.elections, 3);
    const list = await (await fetch(`http://127.0.0.1:${port}/elections?status=running`)).text();
    assert.match(list, /Steering Committee/);
  });

  it('stops gracefully on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    server.child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});

it('refuses to start on a database that is not migrated, and says to run elekto migrate', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'elekto-serve-unmigrated-'));
  mkdirSync(join(cwd, 'data'));
  writeFileSync(join(cwd, 'data', 'elekto.db'), ''); // an empty SQLite database
  try {
    const server = serve(cwd, { APP_ENV: 'development', APP_PORT: String(await freePort()), META_REPO: join(cwd, 'nowhere') });
    const exitCode = await new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    assert.equal(exitCode, 1);
    assert.match(server.stderr(), /not migrated .*Run 'elekto migrate' first/);
    assert.doesNotMatch(server.stderr(), /\n\s+at /);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});
