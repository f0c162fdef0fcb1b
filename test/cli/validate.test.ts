import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CommandFailure, UsageError, type CliIo } from '../../src/cli/command.js';
import { validateCommand } from '../../src/cli/commands/validate.js';
import { electionFiles, electionYaml, FIXTURES, REAL_REPOSITORIES } from '../meta/meta-helpers.js';

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function validate(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  };
  const status = await validateCommand.run(args, io);
  return { status, stdout, stderr };
}

interface JsonReport {
  elections: { key: string; path: string; valid: boolean; errors: unknown[]; warnings: unknown[] }[];
  errors: number;
  warnings: number;
}

async function withRepo(files: Record<string, string>, use: (root: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'elekto-validate-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
    await use(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const expected: { repo: string; key: string }[] = JSON.parse(readFileSync(`${FIXTURES}real-meta-expected.json`, 'utf8')).elekto_elections;

for (const [repo, electionDir, count] of REAL_REPOSITORIES) {
  test(`validate passes the real ${repo} repository with its ${count} elections`, async () => {
    const run = await validate([`${FIXTURES}real-meta/${repo}`, '--election-dir', electionDir, '--format', 'json']);
    assert.equal(run.status, 0);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.equal(report.errors, 0);
    assert.deepEqual(report.elections.map((e) => e.key).sort(), expected.filter((e) => e.repo === repo).map((e) => e.key).sort());
    assert.ok(report.elections.every((e) => e.valid));
  });
}

test('validate finds no elections in the kubeedge and commonhaus folders and says so', async () => {
  const kubeedge = await validate(['.'], { cwd: `${FIXTURES}real-meta/kubeedge__community`, env: { ELECTION_DIR: '.' } });
  assert.equal(kubeedge.status, 0);
  assert.match(kubeedge.stdout, /^no elections found under '\.'/);
  const commonhaus = await validate([`${FIXTURES}real-meta/commonhaus__foundation`, '--format', 'json']);
  assert.deepEqual(JSON.parse(commonhaus.stdout), { elections: [], errors: 0, warnings: 0 });
});

test('the JSON report has exactly the documented shape, with line null for whole-file problems', async () => {
  const files = electionFiles('elections/2025', {
    'elections/2025/candidate-bob.md': 'name: Bob\nID: bob\n',
    'elections/2025/candidate-x.md\u200E': 'x',
  });
  await withRepo(files, async (root) => {
    const run = await validate([root, '--format=json']);
    assert.equal(run.status, 1);
    assert.deepEqual(JSON.parse(run.stdout), {
      elections: [{
        key: '2025',
        path: 'elections/2025',
        valid: false,
        errors: [
          { file: 'elections/2025/candidate-bob.md', line: 1, message: 'the file must start with a line of dashes (---) opening the header with name: and ID:, closed by another line of dashes before the bio' },
          { file: 'elections/2025/candidate-x.md\u200E', line: null, message: "'candidate-x.md<U+200E>' is not named candidate-<name>.md (it contains invisible or space characters, shown as <U+…>), so it is not read as a candidate; rename it" },
        ],
        warnings: [],
      }],
      errors: 2,
      warnings: 0,
    });
  });
});

test('the text report groups file:line problems under each election and ends with totals', async () => {
  const files = {
    ...electionFiles('elections/good'),
    ...electionFiles('elections/bad', { 'elections/bad/voters.yaml': '- alice\n' }),
  };
  files['elections/bad/election.yaml'] = files['elections/bad/election.yaml']?.replace('end_datetime: 2025-10-25 11:59:59', 'end_datetime: 2025-09-01 00:00:00') ?? '';
  await withRepo(files, async (root) => {
    const run = await validate([root]);
    assert.equal(run.status, 1);
    assert.equal(run.stdout, [
      'bad (elections/bad): INVALID',
      '  elections/bad/election.yaml:4: error: end_datetime: must be after start_datetime (2025-09-12T00:00:01Z)',
      '  elections/bad/voters.yaml:1: warning: the logins should be listed under eligible_voters:; reading the bare list',
      'good (elections/good): ok',
      '2 elections, 1 invalid; 1 error, 1 warning',
      '',
    ].join('\n'));
  });
});

test('more seats than candidates is a warning at the no_winners line', async () => {
  const files = electionFiles('elections/2025', { 'elections/2025/election.yaml': electionYaml({ no_winners: '3' }) });
  const line = (files['elections/2025/election.yaml'] ?? '').split('\n').indexOf('no_winners: 3') + 1;
  await withRepo(files, async (root) => {
    const run = await validate([root]);
    assert.equal(run.status, 0, run.stdout);
    assert.ok(run.stdout.includes(`  elections/2025/election.yaml:${line}: warning: no_winners is 3 but the election has only 2 candidates: every candidate will be elected\n`), run.stdout);
  });
});

test('a candidate file that is not valid UTF-8 is an error with its file and line', async () => {
  await withRepo(electionFiles('elections/2025'), async (root) => {
    const latin1 = Buffer.concat([Buffer.from('---\nname: Bob\nID: bob\n---\n\nJos'), Buffer.from([0xe9]), Buffer.from(' works on CI.\n')]);
    await writeFile(join(root, 'elections/2025/candidate-bob.md'), latin1);
    const run = await validate([root]);
    assert.equal(run.status, 1);
    assert.ok(run.stdout.includes('  elections/2025/candidate-bob.md:6: error: the file is not valid UTF-8 here'), run.stdout);
  });
});

test('warnings alone exit with status 0', async () => {
  await withRepo(electionFiles('elections/2025', { 'elections/2025/voters.yaml': 'eligible_voters:\n' }), async (root) => {
    const run = await validate([root]);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /warning: eligible_voters is empty/);
  });
});

test('REPO_DIR defaults to the current directory and ELECTION_DIR to the environment, the flag winning', async () => {
  await withRepo(electionFiles('steering/elections/2025'), async (root) => {
    const fromEnv = await validate([], { cwd: root, env: { ELECTION_DIR: 'steering/elections' } });
    assert.equal(fromEnv.status, 0);
    assert.match(fromEnv.stdout, /^2025 \(steering\/elections\/2025\): ok/);
    const flagWins = await validate(['--election-dir', 'steering/elections'], { cwd: root, env: { ELECTION_DIR: 'nowhere' } });
    assert.equal(flagWins.status, 0);
  });
});

test('a missing repository or election directory fails with a clear message', async () => {
  await assert.rejects(validate(['/nonexistent/elekto-meta']), (error) =>
    error instanceof CommandFailure && error.message === "the repository directory '/nonexistent/elekto-meta' does not exist");
  await withRepo(electionFiles('elections/2025'), async (root) => {
    await assert.rejects(validate([root, '--election-dir', 'steering']), (error) =>
      error instanceof CommandFailure && /^ELECTION_DIR 'steering' does not exist/.test(error.message));
    await assert.rejects(validate([root, '--election-dir', '../x']), CommandFailure);
  });
});

test('bad command-line words are usage errors', async () => {
  await assert.rejects(validate(['--format', 'xml']), (error) => error instanceof UsageError && /--format must be text or json/.test(error.message));
  await assert.rejects(validate(['--bogus']), UsageError);
  await assert.rejects(validate(['a', 'b']), (error) => error instanceof UsageError && /at most one REPO_DIR/.test(error.message));
});
