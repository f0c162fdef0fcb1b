import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metaFileEditUrl } from '../../src/auth/meta-edit-url.js';

const VOTERS = 'elections/steering/2026/voters.yaml';

test("each forge's edit page for a file of the meta repository", () => {
  assert.equal(metaFileEditUrl('github', 'https://github.com/kubernetes/community.git', 'main', VOTERS), `https://github.com/kubernetes/community/edit/main/${VOTERS}`);
  assert.equal(metaFileEditUrl('gitlab', 'https://gitlab.gnome.org/Infrastructure/elections', 'main', VOTERS), `https://gitlab.gnome.org/Infrastructure/elections/-/edit/main/${VOTERS}`);
  assert.equal(metaFileEditUrl('forgejo', 'git@codeberg.org:forgejo/meta.git', 'main', VOTERS), `https://codeberg.org/forgejo/meta/_edit/main/${VOTERS}`);
});

test('drops credentials, encodes segments, recognises the forge by host with OIDC', () => {
  assert.equal(metaFileEditUrl('github', 'https://user:token@github.com/org/meta/', 'release 1', 'a b/voters.yaml'), 'https://github.com/org/meta/edit/release%201/a%20b/voters.yaml');
  assert.equal(metaFileEditUrl('oidc', 'https://salsa.debian.org/debian/elections.git', 'main', 'v.yaml'), 'https://salsa.debian.org/debian/elections/-/edit/main/v.yaml');
  assert.equal(metaFileEditUrl('oidc', 'https://git.example.org/org/meta', 'main', 'v.yaml'), null);
});

test('META_REPO on GitHub in every clone URL form, GitHub Enterprise and a branch with a slash', () => {
  for (const repo of ['https://github.com/kubernetes/community.git', 'https://github.com/kubernetes/community', 'git@github.com:kubernetes/community.git', 'ssh://git@github.com/kubernetes/community.git', 'https://x-access-token:secret@github.com/kubernetes/community.git']) {
    assert.equal(metaFileEditUrl('github', repo, 'release/2026', VOTERS), `https://github.com/kubernetes/community/edit/release/2026/${VOTERS}`, repo);
  }
  assert.equal(metaFileEditUrl('github', 'https://git.example.org/org/meta.git', 'main', 'v.yaml'), 'https://git.example.org/org/meta/edit/main/v.yaml');
});

test('no link for a local path or a URL without owner and repository', () => {
  assert.equal(metaFileEditUrl('github', '/srv/meta', 'main', VOTERS), null);
  assert.equal(metaFileEditUrl('gitlab', 'https://gitlab.com/', 'main', VOTERS), null);
});
