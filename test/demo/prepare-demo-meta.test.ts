import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { electionStatus, type ElectionStatus } from '../../src/core/election-status.js';
import { DEMO_ELECTION_KEYS } from '../../src/demo/demo-elections.js';
import { DEMO_LOGINS } from '../../src/demo/demo-logins.js';
import { prepareDemoMeta, type DemoMeta } from '../../src/demo/prepare-demo-meta.js';
import { isEligible, isOfficer, type ValidElection } from '../../src/meta/election.js';
import { loadCatalog } from '../../src/meta/load-catalog.js';
import { syncCheckout } from '../../src/meta/sync-checkout.js';

const DAY_MS = 86_400_000;
const NOW = new Date('2026-03-01T15:30:00Z');

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'elekto-demo-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh data directory for one test. */
let dirs = 0;
async function dataDir(): Promise<string> {
  const dir = join(root, `data-${++dirs}`);
  await mkdir(dir);
  return dir;
}

async function prepared(dir: string, now: Date): Promise<DemoMeta> {
  const result = await prepareDemoMeta({ dataDir: dir, now });
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  return result.value;
}

/** Runs git on the demo repository only (never on an enclosing one). */
function git(repoPath: string, ...args: string[]): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_')));
  return execFileSync('git', [`--git-dir=${join(repoPath, '.git')}`, `--work-tree=${repoPath}`, ...args], { env, encoding: 'utf8' }).trim();
}

/** Every file of the work tree (`.git` aside), repository-relative. */
async function workTreeFiles(repoPath: string): Promise<string[]> {
  const entries = await readdir(repoPath, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && !join(entry.parentPath, entry.name).includes(`${join(repoPath, '.git')}`))
    .map((entry) => join(entry.parentPath, entry.name).slice(repoPath.length + 1))
    .sort();
}

/** The status of each election at `now`, computed from its generated election.yaml alone. */
async function statusesFromYaml(meta: DemoMeta, now: Date): Promise<Record<string, ElectionStatus>> {
  const statuses: Record<string, ElectionStatus> = {};
  for (const key of Object.values(meta.keys)) {
    const path = join(meta.repoPath, meta.electionDir, ...key.split('---'), 'election.yaml');
    const yaml = parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    const utc = (value: unknown) => {
      assert.match(String(value), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, `${key}: YYYY-MM-DD HH:MM:SS`);
      return new Date(`${String(value).replace(' ', 'T')}Z`);
    };
    const start = utc(yaml.start_datetime);
    const end = utc(yaml.end_datetime);
    statuses[key] = electionStatus({ start, end }, now, false);
  }
  return statuses;
}

async function validCatalogElections(meta: DemoMeta): Promise<Map<string, ValidElection>> {
  const catalog = await loadCatalog(meta.repoPath, meta.electionDir);
  assert.ok(catalog.ok, catalog.ok ? '' : catalog.error);
  const elections = new Map<string, ValidElection>();
  for (const election of catalog.value.list()) {
    assert.deepEqual(election.errors, [], `${election.key} has errors`);
    assert.ok(election.valid);
    elections.set(election.key, election);
  }
  return elections;
}

describe('prepareDemoMeta', () => {
  it('returns where the repository is and the keys of the three elections', async () => {
    const dir = await dataDir();
    const meta = await prepared(dir, NOW);
    assert.equal(meta.repoPath, join(dir, 'demo-meta'));
    assert.equal(meta.branch, 'main');
    assert.equal(meta.electionDir, 'elections');
    assert.deepEqual(meta.keys, DEMO_ELECTION_KEYS);
    assert.equal(meta.committed, true);
  });

  for (const now of [NOW, new Date('2024-02-29T00:00:00Z'), new Date('2025-12-31T23:59:59.999Z'), new Date()]) {
    it(`makes one election upcoming, one running for a week more and one completed at ${now.toISOString()}`, async () => {
      const meta = await prepared(await dataDir(), now);
      assert.deepEqual(await statusesFromYaml(meta, now), {
        [meta.keys.upcoming]: 'upcoming',
        [meta.keys.running]: 'running',
        [meta.keys.completed]: 'completed',
      });
      const running = await validCatalogElections(meta).then((all) => all.get(meta.keys.running));
      assert.ok(running);
      assert.ok(running.config.end_datetime.getTime() - now.getTime() >= 7 * DAY_MS, 'the running election ends at least 7 days later');
    });
  }

  it('leaves no placeholder in any file', async () => {
    const meta = await prepared(await dataDir(), NOW);
    const files = await workTreeFiles(meta.repoPath);
    assert.ok(files.length > 20);
    for (const file of files) {
      const text = await readFile(join(meta.repoPath, file), 'utf8');
      assert.doesNotMatch(text, /\{\{|\}\}/, file);
    }
  });

  it('is read by the meta parser as exactly three valid elections, without errors or warnings', async () => {
    const meta = await prepared(await dataDir(), NOW);
    const catalog = await loadCatalog(meta.repoPath, meta.electionDir);
    assert.ok(catalog.ok);
    const elections = catalog.value.list();
    assert.deepEqual(elections.map((e) => e.key).sort(), Object.values(meta.keys).sort());
    for (const election of elections) {
      assert.equal(election.valid, true, election.key);
      assert.deepEqual(election.errors, [], election.key);
      assert.deepEqual(election.warnings, [], election.key);
      assert.ok(election.valid && election.candidates.length >= 3 && election.candidates.length <= 6, election.key);
      assert.ok(election.valid && election.voters.size >= 20, election.key);
    }
    const completed = catalog.value.get(meta.keys.completed);
    assert.ok(completed?.valid && completed.results !== undefined, 'the completed election publishes results.md');
  });

  it('keeps the bios whose `---` rule and `--namespace` code span broke the original parser', async () => {
    const meta = await prepared(await dataDir(), NOW);
    const bios = [...(await validCatalogElections(meta)).values()].flatMap((e) => e.candidates.map((c) => c.bio));
    const withRule = bios.filter((bio) => /^---$/m.test(bio));
    const withOption = bios.filter((bio) => /`[^`\n]*--namespace[^`\n]*`/.test(bio));
    assert.equal(withRule.length, 1);
    assert.equal(withOption.length, 1);
    assert.match(withRule[0] ?? '', /## What I want to do/, 'the bio goes on after the rule');
  });

  it('sets up every demo login as the login page describes it', async () => {
    const meta = await prepared(await dataDir(), NOW);
    const elections = await validCatalogElections(meta);
    const { upcoming, running, completed } = meta.keys;
    const eligibleIn = (login: string): string[] => [...elections.values()].filter((e) => isEligible(e, login)).map((e) => e.key).sort();
    const officerIn = (login: string): string[] => [...elections.values()].filter((e) => isOfficer(e, login)).map((e) => e.key).sort();
    const all = [upcoming, running, completed].sort();

    assert.deepEqual(DEMO_LOGINS.map((l) => l.login), ['alice', 'bob', 'carol', 'officer', 'mallory']);
    assert.deepEqual(eligibleIn('alice'), all);
    assert.deepEqual(eligibleIn('bob'), [running, completed].sort());
    assert.deepEqual(eligibleIn('carol'), [running]);
    assert.deepEqual(eligibleIn('officer'), []);
    assert.deepEqual(officerIn('officer'), all);
    assert.deepEqual(eligibleIn('mallory'), []);
    for (const login of ['alice', 'bob', 'carol', 'mallory']) assert.deepEqual(officerIn(login), [], login);
    for (const login of DEMO_LOGINS) {
      assert.equal(login.role === 'officer', officerIn(login.login).length > 0, login.login);
      assert.equal(login.role === 'voter', eligibleIn(login.login).includes(running), login.login);
    }

    // Exceptions can still be requested where the descriptions promise it.
    for (const key of [running, upcoming]) {
      assert.ok(elections.get(key)!.config.exception_due.getTime() > NOW.getTime(), `${key}: exception requests open`);
    }
  });

  it('is a git repository whose branch main holds one commit of the whole work tree', async () => {
    const meta = await prepared(await dataDir(), NOW);
    assert.equal(git(meta.repoPath, 'symbolic-ref', '--short', 'HEAD'), 'main');
    assert.equal(git(meta.repoPath, 'rev-parse', 'main'), meta.commit);
    assert.equal(git(meta.repoPath, 'rev-list', '--count', 'main'), '1');
    assert.equal(git(meta.repoPath, 'status', '--porcelain'), '');
    assert.equal(git(meta.repoPath, 'log', '-1', '--format=%an <%ae> %at'), `Elekto demo <demo@elekto.invalid> ${NOW.getTime() / 1000}`);
    const tracked = git(meta.repoPath, 'ls-files').split('\n').sort();
    assert.deepEqual(tracked, await workTreeFiles(meta.repoPath));
  });

  it('makes no new commit when called again on the same UTC day', async () => {
    const dir = await dataDir();
    const first = await prepared(dir, NOW);
    const again = await prepared(dir, NOW);
    const laterThatDay = await prepared(dir, new Date('2026-03-01T23:59:59Z'));
    for (const meta of [again, laterThatDay]) {
      assert.equal(meta.committed, false);
      assert.equal(meta.commit, first.commit);
    }
    assert.equal(git(first.repoPath, 'rev-list', '--count', 'main'), '1');
  });

  it('commits moved dates on a later day, so the demo stays coherent', async () => {
    const dir = await dataDir();
    const first = await prepared(dir, NOW);
    const later = new Date(NOW.getTime() + 40 * DAY_MS);
    const second = await prepared(dir, later);
    assert.equal(second.committed, true);
    assert.notEqual(second.commit, first.commit);
    assert.equal(git(second.repoPath, 'rev-parse', 'main~1'), first.commit);
    assert.equal(git(second.repoPath, 'status', '--porcelain'), '');
    const changed = git(second.repoPath, 'diff', '--name-only', first.commit, second.commit).split('\n');
    assert.ok(changed.includes('elections/steering/term-5/election.yaml'));
    assert.ok(changed.every((file) => /election\.yaml$|results\.md$/.test(file)), 'only dated files change');
    assert.deepEqual(Object.values(await statusesFromYaml(second, later)), ['upcoming', 'running', 'completed']);
  });

  it('restores files edited or added in the demo repository and moves HEAD back to main', async () => {
    const dir = await dataDir();
    const first = await prepared(dir, NOW);
    const yamlPath = join(first.repoPath, 'elections/steering/term-5/election.yaml');
    const original = await readFile(yamlPath, 'utf8');
    await writeFile(yamlPath, 'broken: [');
    await writeFile(join(first.repoPath, 'stray.txt'), 'x');
    git(first.repoPath, 'checkout', '--quiet', '-b', 'elsewhere');
    const again = await prepared(dir, NOW);
    assert.equal(again.committed, false);
    assert.equal(again.commit, first.commit);
    assert.equal(await readFile(yamlPath, 'utf8'), original);
    assert.equal(git(first.repoPath, 'symbolic-ref', '--short', 'HEAD'), 'main');
    assert.equal(git(first.repoPath, 'status', '--porcelain'), '');
  });

  it('can be cloned and followed by the meta sync, as the demo server does', async () => {
    const dir = await dataDir();
    const meta = await prepared(dir, NOW);
    const target = { repo: meta.repoPath, branch: meta.branch, path: join(dir, 'meta-clone') };
    const cloned = await syncCheckout(target);
    assert.ok(cloned.ok, cloned.ok ? '' : cloned.error);
    assert.equal(cloned.value.commit, meta.commit);
    const refreshed = await prepared(dir, new Date(NOW.getTime() + 3 * DAY_MS));
    const synced = await syncCheckout(target);
    assert.ok(synced.ok, synced.ok ? '' : synced.error);
    assert.equal(synced.value.commit, refreshed.commit);
    const catalog = await loadCatalog(target.path, meta.electionDir);
    assert.ok(catalog.ok);
    assert.equal(catalog.value.list().filter((e) => e.valid).length, 3);
  });

  it('refuses to take over a directory that is not a git repository', async () => {
    const dir = await dataDir();
    await mkdir(join(dir, 'demo-meta'));
    await writeFile(join(dir, 'demo-meta', 'notes.txt'), 'mine');
    const result = await prepareDemoMeta({ dataDir: dir, now: NOW });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.kind, 'not-a-repository');
    assert.equal(await readFile(join(dir, 'demo-meta', 'notes.txt'), 'utf8'), 'mine');
  });

  it('says plainly when git is not installed', async () => {
    const dir = await dataDir();
    const path = process.env.PATH;
    process.env.PATH = join(root, 'no-such-bin');
    try {
      const result = await prepareDemoMeta({ dataDir: dir, now: NOW });
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.error.kind, 'git-missing');
      assert.match(result.error.message, /git was not found/);
    } finally {
      process.env.PATH = path;
    }
  });

  it('reports a broken template as a value, naming the file and line', async () => {
    const template = join(root, 'bad-template');
    await mkdir(join(template, 'elections/x'), { recursive: true });
    await writeFile(join(template, 'elections/x/election.yaml'), 'name: X\nstart_datetime: {{ yesterday }}\n');
    const result = await prepareDemoMeta({ dataDir: await dataDir(), now: NOW, templateDir: template });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.error.kind, 'template');
    assert.match(result.error.message, /elections\/x\/election\.yaml:2: unknown placeholder/);
  });
});
