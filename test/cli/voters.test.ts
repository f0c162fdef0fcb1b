import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandFailure, UsageError, type CliIo } from '../../src/cli/command.js';
import { votersCommand } from '../../src/cli/commands/voters.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';

const MEMBERS = Array.from({ length: 250 }, (_, i) => `member-${String(i).padStart(3, '0')}`).reverse();
let github: FakeGitHub;

before(async () => {
  github = await startFakeGitHub({
    orgs: {
      kubernetes: {
        members: ['Zoe', 'alice', ...MEMBERS],
        publicMembers: ['alice'],
        teams: { steering: ['Zoe', 'bob'], 'code-of-conduct': ['bob', 'carol'] },
      },
    },
    personalTokens: { 'ghp_read_org': ['repo', 'read:org'], 'ghp_no_org': ['repo', 'read:user'] },
  });
});
after(() => github.close());

async function voters(args: readonly string[], token = 'ghp_read_org') {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: { GITHUB_API_URL: github.apiUrl, ...(token && { GITHUB_TOKEN: token }) },
    cwd: process.cwd(),
  };
  return { status: await votersCommand.run(args, io), stdout, stderr };
}

test('prints every member of an organisation, across pages, sorted case-insensitively', async () => {
  github.reset();
  const run = await voters(['--github-org', 'kubernetes']);
  assert.equal(run.status, 0);
  const lines = run.stdout.split('\n');
  assert.deepEqual(lines.slice(0, 5), [
    '# 252 eligible voters: the members of the GitHub organisation kubernetes.',
    '# Printed by `elekto voters`; edit the list in pull requests.',
    'eligible_voters:',
    '  - alice',
    '  - member-000',
  ]);
  assert.deepEqual(lines.slice(-3), ['  - member-249', '  - Zoe', '']);
  const pages = github.requestsTo('/api/v3/orgs/kubernetes/members');
  assert.deepEqual(pages.map((r) => [r.query.per_page, r.query.page ?? '1']), [['100', '1'], ['100', '2'], ['100', '3']]);
  assert.ok(pages.every((r) => r.headers.authorization === 'Bearer ghp_read_org'));
});

test('with --team, prints the union of the teams', async () => {
  const run = await voters(['--github-org', 'kubernetes', '--team', 'steering', '--team', 'code-of-conduct']);
  assert.equal(run.stdout, [
    '# 3 eligible voters: the members of kubernetes/steering, kubernetes/code-of-conduct.',
    '# Printed by `elekto voters`; edit the list in pull requests.',
    'eligible_voters:',
    '  - bob',
    '  - carol',
    '  - Zoe',
    '',
  ].join('\n'));
});

test('says what is wrong: a bad token, a token without read:org, an unknown organisation or team, no token', async () => {
  await assert.rejects(voters(['--github-org', 'kubernetes'], 'ghp_wrong'), new CommandFailure('GitHub refused GITHUB_TOKEN (Bad credentials): it is wrong, expired or revoked; create a new one'));
  await assert.rejects(
    voters(['--github-org', 'kubernetes'], 'ghp_no_org'),
    new CommandFailure('GITHUB_TOKEN lacks the read:org scope (it has: repo, read:user); without it GitHub lists only public members. Add read:org to the token'),
  );
  await assert.rejects(voters(['--github-org', 'nope']), new CommandFailure("GitHub does not know organisation 'nope', or GITHUB_TOKEN may not see it"));
  await assert.rejects(voters(['--github-org', 'kubernetes', '--team', 'nope']), new CommandFailure("GitHub does not know team 'nope' of 'kubernetes', or GITHUB_TOKEN may not see it"));
  await assert.rejects(voters(['--github-org', 'kubernetes'], ''), /GITHUB_TOKEN is not set/);
  await assert.rejects(voters([]), UsageError);
});

test('says so when GitHub cannot be reached', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise((resolve) => closed.close(resolve));
  let stdout = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: () => undefined, env: { GITHUB_API_URL: `http://127.0.0.1:${port}/api/v3`, GITHUB_TOKEN: 'x' }, cwd: '.' };
  await assert.rejects(votersCommand.run(['--github-org', 'kubernetes'], io), /^CommandFailure: GitHub \(http:\/\/127.0.0.1:\d+\) could not be reached: fetch failed: connect ECONNREFUSED/);
  assert.equal(stdout, '');
});
