import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Catalog } from '../../src/meta/catalog.js';
import { loadCatalog } from '../../src/meta/load-catalog.js';
import { asValid, FIXTURES, REAL_REPOSITORIES } from './meta-helpers.js';

interface ExpectedElection {
  readonly repo: string;
  readonly election_dir: string;
  readonly key: string;
  readonly path: string;
  readonly ballots?: string;
  readonly published?: { readonly eligible?: number; readonly order?: readonly string[] };
}

const expected: readonly ExpectedElection[] = JSON.parse(readFileSync(`${FIXTURES}real-meta-expected.json`, 'utf8')).elekto_elections;

const catalogs = new Map<string, Promise<Catalog>>();
function catalogOf(repo: string, electionDir: string): Promise<Catalog> {
  const cached = catalogs.get(repo);
  if (cached) return cached;
  const loading = loadCatalog(`${FIXTURES}real-meta/${repo}`, electionDir).then((result) => {
    assert.ok(result.ok, result.ok ? '' : result.error);
    return result.value;
  });
  catalogs.set(repo, loading);
  return loading;
}

for (const [repo, electionDir, count] of REAL_REPOSITORIES) {
  test(`the ${repo} repository has ${count} elections with the expected keys and no errors`, async () => {
    const elections = (await catalogOf(repo, electionDir)).list();
    const want = expected.filter((election) => election.repo === repo);
    assert.equal(elections.length, count);
    assert.deepEqual(elections.map((e) => e.key).sort(), want.map((e) => e.key).sort());
    assert.deepEqual(elections.map((e) => `${repo}/${e.path}`).sort(), want.map((e) => e.path).sort());
    assert.deepEqual(elections.flatMap((e) => e.errors), []);
  });
}

test('the kubeedge and commonhaus folders, which look like elections, hold none', async () => {
  for (const [repo, electionDir] of [['kubeedge__community', ''], ['commonhaus__foundation', 'elections']] as const) {
    const result = await loadCatalog(`${FIXTURES}real-meta/${repo}`, electionDir);
    assert.ok(result.ok);
    assert.deepEqual(result.value.list(), [], repo);
  }
});

test('every real election has the published number of eligible voters and candidates', async () => {
  for (const want of expected) {
    const election = asValid((await catalogOf(want.repo, want.election_dir)).get(want.key));
    if (want.published?.eligible !== undefined) assert.equal(election.voters.size, want.published.eligible, want.key);
    const ids = election.candidates.map((c) => c.id).sort();
    if (want.published?.order) assert.deepEqual(ids, [...want.published.order].sort(), want.key);
  }
});

test('the candidate IDs of every real election are the columns of its ballots file', async () => {
  for (const want of expected.filter((e) => e.ballots !== undefined)) {
    const election = asValid((await catalogOf(want.repo, want.election_dir)).get(want.key));
    const header = readFileSync(`${FIXTURES}real-meta/${want.ballots}`, 'utf8').split(/\r?\n/, 1)[0] ?? '';
    assert.deepEqual(election.candidates.map((c) => c.id).sort(), header.split(',').map((id) => id.trim()).sort(), want.key);
  }
});

test('real elections are listed newest start first', async () => {
  const keys = (await catalogOf('kubernetes__community', 'elections')).list().map((e) => e.key);
  assert.deepEqual(keys, [
    'steering---2026', 'steering---2025', 'code-of-conduct---2025', 'steering---2025-GB', 'steering---2024',
    'steering---2023', 'code-of-conduct---2023', 'steering---2023-GB', 'steering---2022', 'steering---2021',
  ]);
});

test('Kubernetes steering 2025 reads dates, officers, seats, fields and candidates', async () => {
  const election = asValid((await catalogOf('kubernetes__community', 'elections')).get('steering---2025'));
  const { config } = election;
  assert.equal(config.name, '2025 Steering Committee Election');
  assert.equal(config.start_datetime.toISOString(), '2025-09-12T00:00:01.000Z');
  assert.equal(config.end_datetime.toISOString(), '2025-10-25T11:59:59.000Z');
  assert.equal(config.exception_due.toISOString(), '2025-10-23T11:59:59.000Z');
  assert.equal(config.no_winners, 4);
  assert.deepEqual(config.election_officers.logins, ['cblecker', 'npolshakova', 'sreeram-venkitesh']);
  assert.ok(config.election_officers.has('CBlecker'));
  assert.deepEqual(config.show_candidate_fields, ['employer', 'slack']);
  assert.equal(election.candidates.length, 8);
  const paco = election.candidates.find((c) => c.id === 'pacoxu');
  assert.equal(paco?.name, 'Paco Xu 徐俊杰');
  assert.equal(paco?.info.get('employer'), 'DaoCloud');
  assert.ok(election.voters.has('akihirosuda'));
});

test('Kubernetes code of conduct 2023 reads show_candidate_fields [null] as none and IDs after a tab', async () => {
  const election = asValid((await catalogOf('kubernetes__community', 'elections')).get('code-of-conduct---2023'));
  assert.deepEqual(election.config.show_candidate_fields, []);
  assert.ok(election.candidates.some((c) => c.id === 'pacoxu' && c.info.size === 0));
});

test('Kubernetes governing board 2025 reads info as a mapping and allow_no_opinion False', async () => {
  const election = asValid((await catalogOf('kubernetes__community', 'elections')).get('steering---2025-GB'));
  assert.equal(election.config.allow_no_opinion, false);
  assert.deepEqual(election.config.show_candidate_fields, []);
  assert.equal(election.candidates.find((c) => c.id === 'cblecker')?.info.get('employer'), 'Red Hat');
});

test('Kubernetes steering 2023 keeps the numeric login 249043822 as a voter', async () => {
  const election = asValid((await catalogOf('kubernetes__community', 'elections')).get('steering---2023'));
  assert.ok(election.voters.has('249043822'));
});

test('Cloud Foundry 2022 TOC reads exceptions_due and datetimes with trailing comments', async () => {
  const election = asValid((await catalogOf('cloudfoundry__community', 'elections')).get('2022---TOC'));
  assert.equal(election.config.start_datetime.toISOString(), '2022-06-03T06:59:00.000Z');
  assert.equal(election.config.exception_due.toISOString(), '2022-06-15T06:59:00.000Z');
  assert.deepEqual(election.config.show_candidate_fields, ['employer', 'github', 'slack']);
});

test('Knative 2025 SC is a legal one-second election with exceptions due after its end', async () => {
  const { config } = asValid((await catalogOf('knative__community', 'elections')).get('2025-SC'));
  assert.equal(config.end_datetime.getTime() - config.start_datetime.getTime(), 1000);
  assert.ok(config.exception_due > config.end_datetime);
});

test('the Elekto demo name_the_app election reads an empty show_candidate_fields and delete_after False', async () => {
  const election = asValid((await catalogOf('elekto-io__elekto.meta.test', 'elections')).get('name_the_app'));
  assert.deepEqual(election.config.show_candidate_fields, []);
  assert.equal(election.config.delete_after, false);
  assert.equal(election.config.exception_due.toISOString(), '2023-08-19T23:59:00.000Z');
  assert.ok(election.results?.length);
  assert.ok(election.description?.length);
});

test('Istio 2023 accepts an exception deadline before the start', async () => {
  const { config } = asValid((await catalogOf('istio__community', 'steering/elections')).get('2023'));
  assert.ok(config.exception_due < config.start_datetime);
});
