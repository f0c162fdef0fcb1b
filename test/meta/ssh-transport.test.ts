// Private meta repositories over SSH (docs/production.md): git reaches an ssh:// META_REPO
// through GIT_SSH_COMMAND when the operator sets one (a deploy key, a known_hosts file), and
// through `ssh -o BatchMode=yes` otherwise, so that it never waits for a prompt. No SSH server
// is needed: the "ssh" here records how it was called and runs git's command locally.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { syncCheckout } from '../../src/meta/sync-checkout.js';

describe('a meta repository over SSH', () => {
  const dir = mkdtempSync(join(tmpdir(), 'elekto-ssh-'));
  const remote = join(dir, 'meta.git');
  const log = join(dir, 'ssh.log');
  const fakeSsh = join(dir, 'bin', 'ssh');
  const savedEnv = { PATH: process.env.PATH, GIT_SSH_COMMAND: process.env.GIT_SSH_COMMAND };

  before(() => {
    const work = join(dir, 'work');
    mkdirSync(join(work, 'elections'), { recursive: true });
    writeFileSync(join(work, 'elections', 'README.md'), 'elections\n');
    const git = (cwd: string, ...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd, stdio: 'ignore' });
    git(work, 'init', '-q', '-b', 'main');
    git(work, 'add', '-A');
    git(work, 'commit', '-q', '-m', 'elections');
    git(dir, 'clone', '-q', '--bare', work, remote);
    // Logs its arguments, then runs the remote command (its last argument) here.
    mkdirSync(join(dir, 'bin'));
    writeFileSync(fakeSsh, `#!/bin/sh\necho "$*" >> ${log}\nfor last; do :; done\nexec sh -c "$last"\n`);
    chmodSync(fakeSsh, 0o755);
  });

  after(() => {
    Object.assign(process.env, savedEnv);
    if (savedEnv.GIT_SSH_COMMAND === undefined) delete process.env.GIT_SSH_COMMAND;
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses GIT_SSH_COMMAND with its deploy key and known_hosts', async () => {
    process.env.GIT_SSH_COMMAND = `${fakeSsh} -o BatchMode=yes -i /etc/elekto/ssh/deploy_key -o UserKnownHostsFile=/etc/elekto/ssh/known_hosts`;
    const synced = await syncCheckout({ repo: `ssh://git@git.example.org${remote}`, branch: 'main', path: join(dir, 'clone-1') });
    assert.ok(synced.ok, synced.ok ? '' : synced.error);
    assert.equal(readFileSync(join(dir, 'clone-1', 'elections', 'README.md'), 'utf8'), 'elections\n');
    assert.match(readFileSync(log, 'utf8'), /-i \/etc\/elekto\/ssh\/deploy_key -o UserKnownHostsFile=\/etc\/elekto\/ssh\/known_hosts .*git@git\.example\.org git-upload-pack/);
  });

  it('runs ssh in batch mode when no GIT_SSH_COMMAND is set', async () => {
    delete process.env.GIT_SSH_COMMAND;
    process.env.PATH = `${join(dir, 'bin')}:${savedEnv.PATH ?? ''}`;
    writeFileSync(log, '');
    const synced = await syncCheckout({ repo: `git@git.example.org:${remote}`, branch: 'main', path: join(dir, 'clone-2') });
    assert.ok(synced.ok, synced.ok ? '' : synced.error);
    assert.match(readFileSync(log, 'utf8'), /^-o BatchMode=yes .*git@git\.example\.org git-upload-pack/);
  });
});
