import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editFileUrl, metaRepositoryWeb } from '../../src/app/meta-web-link.js';

test('META_REPO on GitHub, in any clone URL form, gives the web editor of a file', () => {
  for (const repo of ['https://github.com/kubernetes/community.git', 'https://github.com/kubernetes/community', 'git@github.com:kubernetes/community.git', 'ssh://git@github.com/kubernetes/community.git', 'https://x-access-token:secret@github.com/kubernetes/community.git']) {
    assert.deepEqual(metaRepositoryWeb(repo, 'master'), { url: 'https://github.com/kubernetes/community', branch: 'master' }, repo);
  }
  const web = metaRepositoryWeb('https://github.com/kubernetes/community.git', 'release/2026');
  assert.ok(web);
  assert.equal(editFileUrl(web, 'elections/steering/2026/voters.yaml'), 'https://github.com/kubernetes/community/edit/release/2026/elections/steering/2026/voters.yaml');
});

test('GitHub Enterprise through GITHUB_URL; anything else gets no link', () => {
  assert.deepEqual(metaRepositoryWeb('https://git.example.org/org/meta.git', 'main', 'https://git.example.org'), { url: 'https://git.example.org/org/meta', branch: 'main' });
  for (const repo of [undefined, '', '/srv/meta', 'https://gitlab.com/org/meta.git', 'https://github.com.evil.example/org/meta']) {
    assert.equal(metaRepositoryWeb(repo, 'main'), null, String(repo));
  }
});
