// SPEC §15 "npm package": what `npm pack` gives works on its own. The project is packed, the
// tarball installed into an empty directory with production dependencies only (native
// modules built as a user's npm builds them), and the installed `elekto` run: --version,
// validate on a fixture repository, and the demo serving its stylesheet and ballot script.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parse } from 'yaml';

const ROOT = new URL('../..', import.meta.url).pathname;
const FIXTURE_REPO = join(ROOT, 'test/fixtures/real-meta/elekto-io__elekto.meta.test');
const exec = promisify(execFile);
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('the npm package', { timeout: 600_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'elekto-package-'));
  const app = join(work, 'app');
  const elekto = join(app, 'node_modules/.bin/elekto');
  let installLog = '';

  before(async () => {
    const packed = await exec('npm', ['pack', '--silent', '--pack-destination', work], { cwd: ROOT, maxBuffer: 1 << 24 });
    const tarball = join(work, packed.stdout.trim().split('\n').at(-1) ?? '');
    console.log(`packed ${tarball}: ${(statSync(tarball).size / 1024).toFixed(0)} kB`);
    const started = Date.now();
    await exec('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'elekto-install-test', private: true }));
    const installed = await exec('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', tarball], { cwd: app, maxBuffer: 1 << 24 });
    installLog = installed.stdout + installed.stderr;
    console.log(`installed with production dependencies in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  // On every supported line, Node.js 20 included: dependency versions are chosen for it
  // (docs/architecture.md, "Dependencies").
  it('installs without engine warnings', () => {
    assert.doesNotMatch(installLog, /EBADENGINE/);
  });

  it('declares the Node.js line it runs on', () => {
    assert.doesNotMatch(installLog, /EBADENGINE[^}]*package: 'elekto@/);
  });

  it('ships the CLI, the web assets, the examples, the README and the LICENSE', () => {
    const root = join(app, 'node_modules/elekto');
    for (const file of ['dist/cli/bin.js', 'public/css/elekto.css', 'public/js/ballot.js', 'examples/demo-meta/README.md', 'examples/github-actions/validate-elections.yml', 'README.md', 'LICENSE']) {
      assert.ok(statSync(join(root, file)).isFile(), file);
    }
    assert.match(readFileSync(join(root, 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0/);
  });

  it('runs elekto --version', async () => {
    assert.equal((await exec(elekto, ['--version'], { cwd: app })).stdout, `elekto ${version}\n`);
  });

  it('runs elekto validate on a meta repository', async () => {
    const { stdout } = await exec(elekto, ['validate', FIXTURE_REPO], { cwd: app });
    assert.match(stdout, /0 invalid/);
  });

  it('the GitHub Actions example pins this version and its steps run with the installed elekto', async () => {
    const workflow = parse(readFileSync(join(ROOT, 'examples/github-actions/validate-elections.yml'), 'utf8')) as {
      env: Record<string, string>;
      jobs: { validate: { steps: { name?: string; run?: string }[] } };
    };
    assert.equal(workflow.env.ELEKTO_VERSION, version);
    const steps = workflow.jobs.validate.steps.filter((step) => step.run !== undefined);
    assert.match(steps[0]?.run ?? '', /npm install --global .*"elekto@\$\{ELEKTO_VERSION\}"/);
    assert.ok(steps.every((step) => !/--yes/.test(step.run ?? '')), 'no npx --yes');
    const env = { ...process.env, ...workflow.env, PATH: `${join(app, 'node_modules/.bin')}:${process.env.PATH}` };
    const { stdout } = await exec('bash', ['-e', '-c', steps[1]?.run ?? ''], { cwd: FIXTURE_REPO, env });
    assert.match(stdout, /0 invalid/);
  });

  it('serves the demo with its stylesheet and ballot script', async () => {
    const port = await freePort();
    const child = spawn(elekto, ['serve'], { cwd: app, env: { PATH: process.env.PATH, HOME: process.env.HOME, APP_PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let err = '';
      child.stderr.on('data', (chunk) => (err += String(chunk)));
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`elekto serve exited with ${code}: ${err}`)));
      });
      for (const path of ['/static/css/elekto.css', '/static/js/ballot.js', '/elections/steering---term-5']) {
        const response = await fetch(`http://127.0.0.1:${port}${path}`);
        assert.equal(response.status, 200, path);
      }
    } finally {
      child.kill('SIGTERM');
    }
  });
});
