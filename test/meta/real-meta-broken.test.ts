import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../src/meta/load-catalog.js';
import { FIXTURES, REAL_REPOSITORIES } from './meta-helpers.js';

/**
 * What each once-merged broken file must produce. Most are errors; the three voters.yaml
 * variants and an unknown key are, by SPEC §3, tolerated with a warning.
 */
const BROKEN = [
  { repo: 'kubernetes__community', commit: '45fc98c3b4', path: 'elections/steering/2022/candidate-lavalamp.md', kind: 'errors', line: 3, message: /remove the ``` code fence/ },
  { repo: 'kubernetes__community', commit: 'a89e88eb3f', path: 'elections/steering/2023/voters.yaml', kind: 'warnings', line: 15, message: /eligible_voters is empty/ },
  { repo: 'istio__community', commit: '4af4e168b1', path: 'steering/elections/2022/candidate-kfaseela.md', kind: 'errors', line: 6, message: /reserved character @; put the value in quotes/ },
  { repo: 'istio__community', commit: '11a5103c24', path: 'steering/elections/2022/candidate-ceposta.md', kind: 'errors', line: 7, message: /reserved character @/ },
  { repo: 'istio__community', commit: 'e43c2b2515', path: 'steering/elections/2026/candidate-wilsonwu.md\u200E', kind: 'errors', line: undefined, message: /<U\+200E>' is not named candidate-<name>\.md/ },
  { repo: 'istio__community', commit: 'cfce1f4da8', path: 'steering/elections/2026/voters.yaml', kind: 'warnings', line: 17, message: /should be listed under eligible_voters/ },
  { repo: 'chaoss__community', commit: '68e184cbd8', path: 'elections/2026-GB/candidate-cdolfi.md', kind: 'errors', line: 1, message: /must start with a line of dashes/ },
  { repo: 'chaoss__community', commit: '9c4e6c542b', path: 'elections/2026-GB/candidate-CoralineAda.md', kind: 'errors', line: 7, message: /indent with spaces/ },
  { repo: 'knative__community', commit: '38d578a505', path: 'elections/2021-TOC/voters.yaml', kind: 'warnings', line: 1, message: /eligible_voters is empty/ },
  { repo: 'knative__community', commit: '73686b2d51', path: 'elections/2022-SC/candidate-salaboy.md', kind: 'errors', line: 1, message: /must start with a line of dashes/ },
  { repo: 'elekto-io__elekto.meta.test', commit: 'bde01b63ef', path: 'elections/name_the_app/election.yaml', kind: 'warnings', line: 6, message: /unknown key 'condorcet_method'/ },
] as const;

for (const broken of BROKEN) {
  const shown = broken.path.replace('\u200E', '<U+200E>');
  test(`${broken.repo} with ${shown} from ${broken.commit} gives ${broken.kind === 'errors' ? 'an error' : 'a warning'} naming it, for its election only`, async () => {
    const [, electionDir] = REAL_REPOSITORIES.find(([repo]) => repo === broken.repo) ?? [];
    assert.ok(electionDir);
    const copy = await mkdtemp(join(tmpdir(), 'elekto-broken-'));
    try {
      await cp(join(FIXTURES, 'real-meta', broken.repo), copy, { recursive: true });
      const text = await readFile(join(FIXTURES, 'real-meta-broken', broken.repo, broken.commit, broken.path), 'utf8');
      await writeFile(join(copy, broken.path), text);
      const catalog = await loadCatalog(copy, electionDir);
      assert.ok(catalog.ok);
      const affected = catalog.value.list().filter((election) => broken.path.startsWith(`${election.path}/`));
      assert.equal(affected.length, 1);
      const [election] = affected;
      const problems = election?.[broken.kind].filter((problem) => problem.file === broken.path) ?? [];
      assert.equal(problems.length, 1, JSON.stringify(election, null, 2));
      assert.equal(problems[0]?.line, broken.line);
      assert.match(problems[0]?.message ?? '', broken.message);
      assert.equal(election?.valid, broken.kind === 'warnings');
      for (const other of catalog.value.list().filter((e) => e !== election)) {
        assert.ok(other.valid, `${other.key} should stay valid`);
      }
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
}
