import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Catalog } from '../../src/meta/catalog.js';
import { normalizeElectionDir } from '../../src/meta/election-dir.js';
import { loadCatalog } from '../../src/meta/load-catalog.js';
import { readCheckout } from '../../src/meta/read-checkout.js';
import { asValid, electionFiles } from './meta-helpers.js';

async function checkout(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'elekto-checkout-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

async function withCheckout(files: Record<string, string>, use: (root: string) => Promise<void>): Promise<void> {
  const root = await checkout(files);
  try {
    await use(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

test('only the election files of election directories are read', async () => {
  const files = {
    ...electionFiles('elections/2025'),
    'elections/2025/README.md': 'guide',
    'elections/2025/election_desc.md': 'desc',
    'elections/2025/ballots.csv': 'a,b',
    'elections/2019/candidate-old.md': 'old',
    'elections/2025/templates/candidate-template.md': 'template',
    'elsewhere/2025/election.yaml': 'name: x',
  };
  await withCheckout(files, async (root) => {
    const read = await readCheckout(root, 'elections');
    assert.ok(read.ok);
    assert.deepEqual([...read.value.keys()].sort(), [
      'elections/2025/candidate-alice.md',
      'elections/2025/candidate-bob.md',
      'elections/2025/election.yaml',
      'elections/2025/election_desc.md',
      'elections/2025/voters.yaml',
    ]);
  });
});

test('symbolic links are never followed, so nothing outside the checkout is read', async () => {
  const outside = await checkout({ 'secret.md': 'secret', 'dir/election.yaml': 'name: x' });
  try {
    await withCheckout(electionFiles('elections/2025'), async (root) => {
      await symlink(join(outside, 'secret.md'), join(root, 'elections/2025/candidate-secret.md'));
      await symlink(join(outside, 'dir'), join(root, 'elections/linked'));
      const read = await readCheckout(root, 'elections');
      assert.ok(read.ok);
      assert.ok(![...read.value.keys()].some((path) => path.includes('secret') || path.includes('linked')));
    });
  } finally {
    await rm(outside, { recursive: true, force: true });
  }
});

test('a missing repository or ELECTION_DIR is a clear error, not a crash', async () => {
  const missing = await readCheckout('/nonexistent/elekto-repo', 'elections');
  assert.deepEqual(missing, { ok: false, error: "the repository directory '/nonexistent/elekto-repo' does not exist" });
  await withCheckout(electionFiles('elections/2025'), async (root) => {
    const noDir = await loadCatalog(root, 'steering/elections');
    assert.ok(!noDir.ok);
    assert.match(noDir.error, /^ELECTION_DIR 'steering\/elections' does not exist in/);
  });
});

test('ELECTION_DIR is normalised and may not leave the repository', () => {
  assert.deepEqual(normalizeElectionDir('./steering/elections/'), { ok: true, value: 'steering/elections' });
  assert.deepEqual(normalizeElectionDir('.'), { ok: true, value: '' });
  assert.deepEqual(normalizeElectionDir(''), { ok: true, value: '' });
  assert.ok(!normalizeElectionDir('../elsewhere').ok);
  assert.ok(!normalizeElectionDir('elections/../../x').ok);
  assert.ok(!normalizeElectionDir('/etc').ok);
});

test('a catalog loaded from disk lists the elections and records the revision', async () => {
  await withCheckout({ ...electionFiles('elections/steering/2025'), ...electionFiles('elections/2024') }, async (root) => {
    const loaded = await loadCatalog(root, './elections/', 'abc123');
    assert.ok(loaded.ok);
    assert.equal(loaded.value.revision, 'abc123');
    assert.deepEqual(loaded.value.list().map((e) => e.key).sort(), ['2024', 'steering---2025']);
    asValid(loaded.value.get('steering---2025'));
  });
});

test('only keys the catalog knows resolve; a path-like key finds nothing', async () => {
  await withCheckout(electionFiles('elections/steering/2025'), async (root) => {
    const loaded = await loadCatalog(root, 'elections');
    assert.ok(loaded.ok);
    const catalog = loaded.value;
    for (const key of ['steering/2025', '../elections/steering---2025', 'steering---2025/../..', '', 'constructor', '__proto__']) {
      assert.equal(catalog.get(key), undefined, key);
      assert.equal(catalog.has(key), false, key);
    }
    assert.ok(catalog.has('steering---2025'));
  });
});

test('a catalog cannot be changed through what it returns', () => {
  const catalog = new Catalog([]);
  assert.ok(Object.isFrozen(catalog.list()));
  assert.equal(Catalog.empty.list().length, 0);
  assert.equal(Catalog.empty.revision, null);
});
