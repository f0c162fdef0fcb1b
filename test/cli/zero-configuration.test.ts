// SPEC §15 "Zero configuration stays zero": harmless settings keep the demo, a port in use
// is one line naming APP_PORT, and no command but `migrate` (and the demo) creates a database.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { CliIo } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';

const BIN = new URL('../../src/cli/bin.ts', import.meta.url).pathname;
const TSCONFIG = new URL('../../tsconfig.json', import.meta.url).pathname;

async function run(args: string[], env: CliIo['env'], cwd: string) {
  const out: string[] = [];
  const errors: string[] = [];
  const status = await main(args, { stdout: (t) => void out.push(t), stderr: (t) => void errors.push(t), env, cwd });
  return { status, stdout: out.join(''), stderr: errors.join('') };
}

/** `elekto serve` as a process in `cwd` with only `env`; resolves when it exits or prints its first line. */
function serve(cwd: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), BIN, 'serve'], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TSX_TSCONFIG_PATH: TSCONFIG, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const firstLine = new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve) => {
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
      // stdout carries JSON log lines only; the start-up record says where it runs.
      if (stdout.includes('Elekto is running')) resolve({ stdout, stderr, code: null });
    });
    child.once('exit', (code) => resolve({ stdout, stderr, code }));
  });
  return { child, firstLine };
}

async function listeningServer(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

describe('zero configuration', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'elekto-zero-'));
  after(() => rmSync(cwd, { recursive: true, force: true }));

  it('runs the demo with only APP_PORT set', async () => {
    const { port, server } = await listeningServer();
    await new Promise((resolve) => server.close(resolve));
    const { child, firstLine } = serve(cwd, { APP_PORT: String(port), APP_NAME: 'Trial elections' });
    try {
      const { stdout, stderr } = await firstLine;
      assert.match(stdout, new RegExp(`Elekto is running at http://localhost:${port}`), stderr);
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      assert.equal(health.status, 200);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('says in one line which setting to change when the port is in use', async () => {
    const { server, port } = await listeningServer();
    try {
      const { stdout, stderr, code } = await serve(cwd, { APP_PORT: String(port) }).firstLine;
      assert.equal(code, 1, stdout);
      assert.equal(stderr, `elekto serve: port ${port} is already in use by another program: set APP_PORT to a free port\n`);
    } finally {
      server.close();
    }
  });

  for (const args of [['ballots', 'steering---2025'], ['sync'], ['serve']]) {
    it(`elekto ${args[0]} never creates a database`, async () => {
      const path = join(cwd, 'typo', 'elekto.db');
      const env = { APP_ENV: 'development', DB_PATH: path, META_REPO: join(cwd, 'meta-repo') };
      const result = await run(args, env, cwd);
      assert.equal(result.status, 1);
      assert.match(result.stderr, /there is no SQLite database .*typo\/elekto\.db: check DB_PATH or DATABASE_URL, or create it with 'elekto migrate'/);
      assert.equal(existsSync(path), false);
      assert.equal(existsSync(join(cwd, 'typo')), false);
    });
  }

  it('elekto migrate creates it', async () => {
    const path = join(cwd, 'new', 'elekto.db');
    const result = await run(['migrate'], { APP_ENV: 'development', DB_PATH: path }, cwd);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(existsSync(path), true);
  });
});
