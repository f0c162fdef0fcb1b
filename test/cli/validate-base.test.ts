// `elekto validate --base REF` on real git histories: the unsafe changes of SPEC §14 since a
// pull request's base fail the check, naming file and line, for elections running or completed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/command.js';
import { validateCommand } from '../../src/cli/commands/validate.js';
import { MetaGitRepository, runningElectionFiles } from '../app/meta-git-repository.js';
import { candidateMd, FIXTURES } from '../meta/meta-helpers.js';

async function validate(args: readonly string[], cwd: string): Promise<{ status: number; stdout: string }> {
  let stdout = '';
  const io: CliIo = { stdout: (text) => void (stdout += text), stderr: () => undefined, env: {}, cwd };
  return { status: await validateCommand.run(args, io), stdout };
}

const NOW = new Date('2026-06-15T12:00:00Z');
const DIR = 'elections/board/2026';

test('validate --base fails with file:line on candidates changed in a running election, and passes before it starts', async () => {
  const repository = MetaGitRepository.create(runningElectionFiles('board/2026', NOW));
  try {
    const base = repository.head();
    repository.commit({ [`${DIR}/candidate-linus.md`]: candidateMd('linus'), [`${DIR}/candidate-grace.md`]: null }, 'swap a candidate');
    const running = await validate(['--base', base, '--now', NOW.toISOString()], repository.dir);
    assert.equal(running.status, 1);
    assert.match(
      running.stdout,
      new RegExp(`^ {2}${DIR}/candidate-linus.md:3: error: unsafe change: candidates changed after voting started: added linus; removed grace`, 'm'),
    );
    assert.match(running.stdout, /1 election, 0 invalid; 0 errors, \d+ warnings?; 1 unsafe change\n$/);

    const before = await validate(['--base', base, '--now', '2026-06-01T00:00:00Z'], repository.dir);
    assert.equal(before.status, 0, before.stdout);
    assert.doesNotMatch(before.stdout, /unsafe/);
    assert.equal((await validate(['--now', NOW.toISOString()], repository.dir)).status, 0, 'without --base, no comparison');
  } finally {
    repository.remove();
  }
});

test('validate --base lists every unsafe change under "guardrails" in JSON', async () => {
  const repository = MetaGitRepository.create(runningElectionFiles('board/2026', NOW));
  try {
    const base = repository.head();
    const yaml = readFileSync(join(repository.dir, DIR, 'election.yaml'), 'utf8');
    repository.commit({
      [`${DIR}/election.yaml`]: yaml.replace(/^start_datetime: .*$/m, 'start_datetime: 2026-06-15 00:00:00').replace(/^end_datetime: .*$/m, 'end_datetime: 2026-06-15 06:00:00').replace(/^allow_no_opinion: .*$/m, 'allow_no_opinion: False'),
      [`${DIR}/voters.yaml`]: 'eligible_voters:\n  - dave\n',
    });
    const run = await validate(['--base', base, '--now', NOW.toISOString(), '--format', 'json'], repository.dir);
    assert.equal(run.status, 1);
    const report = JSON.parse(run.stdout) as { guardrails: { election: string; kind: string; file: string; line: number | null }[] };
    const lineOf = (key: string) => yaml.split('\n').findIndex((line) => line.startsWith(`${key}:`)) + 1;
    assert.deepEqual(
      report.guardrails.map(({ election, kind, file, line }) => [election, kind, file, line]),
      [
        ['board---2026', 'allow-no-opinion-changed', `${DIR}/election.yaml`, lineOf('allow_no_opinion')],
        ['board---2026', 'start-moved', `${DIR}/election.yaml`, lineOf('start_datetime')],
        ['board---2026', 'end-moved-to-past', `${DIR}/election.yaml`, lineOf('end_datetime')],
        ['board---2026', 'voter-removed', `${DIR}/voters.yaml`, null],
      ],
    );
  } finally {
    repository.remove();
  }
});

test('validate --base names a revision git does not know, and refuses a bad --now', async () => {
  const repository = MetaGitRepository.create(runningElectionFiles('board/2026', NOW));
  try {
    await assert.rejects(validate(['--base', 'no-such-branch'], repository.dir), /--base: 'no-such-branch' is not a commit of the repository/);
    await assert.rejects(validate(['--base', 'HEAD', '--now', 'yesterday'], repository.dir), /--now must be an ISO 8601 time/);
  } finally {
    repository.remove();
  }
});

test('a real election: adding a candidate to Kubernetes steering 2025 while it ran fails, and no_winners after it ended', async () => {
  const source = `${FIXTURES}real-meta/kubernetes__community/elections/steering/2025`;
  const files = Object.fromEntries(readdirSync(source).map((name) => [`elections/steering/2025/${name}`, readFileSync(join(source, name), 'utf8')]));
  const repository = MetaGitRepository.create(files);
  try {
    const base = repository.head();
    const yaml = files['elections/steering/2025/election.yaml'] ?? '';
    repository.commit({
      'elections/steering/2025/candidate-latecomer.md': candidateMd('latecomer'),
      'elections/steering/2025/election.yaml': yaml.replace('no_winners: 4', 'no_winners: 5'),
    });
    const during = await validate(['--base', base, '--now', '2025-10-01T00:00:00Z'], repository.dir);
    assert.equal(during.status, 1);
    assert.match(during.stdout, /elections\/steering\/2025\/candidate-latecomer.md:3: error: unsafe change: candidates changed after voting started: added latecomer\./);
    assert.doesNotMatch(during.stdout, /no_winners changed/, 'the seats may change until results exist');
    const after = await validate(['--base', base, '--now', '2025-11-01T00:00:00Z'], repository.dir);
    assert.match(after.stdout, /elections\/steering\/2025\/election.yaml:7: error: unsafe change: no_winners changed from 4 to 5 after the results were computed/);
  } finally {
    repository.remove();
  }
});
