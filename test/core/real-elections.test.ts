import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseBallotCsv } from '../../src/core/ballot-csv.js';
import { schulze, type SchulzeResult } from '../../src/core/schulze.js';

// The ballots of every real election in the fixtures, and the ranking Elekto 0.6 computes for
// each (SPEC §7: reproduced exactly, ties included). The fixture lists each tie group sorted
// by ID, as the spec does, so groups are compared exactly, order inside groups included.
const fixtures = new URL('../fixtures/', import.meta.url);

interface ExpectedCount {
  readonly ballots: string;
  readonly n_ballots: number;
  readonly elekto_rank_groups: string[][];
}

const expected = JSON.parse(readFileSync(new URL('real-meta-expected.json', fixtures), 'utf8')) as {
  elekto_elections: (Partial<ExpectedCount> & { key: string })[];
  civs_era_ballots: ExpectedCount[];
};

const counted = [
  ...expected.elekto_elections.filter((e): e is ExpectedCount & { key: string } => e.ballots !== undefined),
  ...expected.civs_era_ballots,
];

function countFile(path: string): SchulzeResult {
  const table = parseBallotCsv(path, readFileSync(new URL(`real-meta/${path}`, fixtures)));
  assert.ok(table.ok, JSON.stringify(table));
  return schulze(table.value);
}

test('the fixtures list 21 real ballot files to count', () => {
  assert.equal(counted.length, 21);
});

for (const election of counted) {
  test(`${election.ballots} counts to the ranking Elekto 0.6 computes`, () => {
    const result = countFile(election.ballots);
    assert.equal(result.ballots, election.n_ballots);
    assert.deepEqual(result.ranking, election.elekto_rank_groups);
  });
}

// Where ordering by most wins is wrong: candidates that are tied with some rivals (neither
// defeats the other) but not others. These two real elections are the ones in the fixtures
// where the two orders differ.
test('Kubernetes code-of-conduct 2025 ties divya-mohan0209 and endocrimes for first place', () => {
  const result = countFile('kubernetes__community/elections/code-of-conduct/2025/ballots.csv');
  assert.deepEqual(result.ranking, [['divya-mohan0209', 'endocrimes'], ['stmcginnis'], ['swatisehgal'], ['sreeram-venkitesh']]);
});

test('Cloud Foundry Paketo 2026 ties anthonydahanne and pacostas for first place', () => {
  const result = countFile('cloudfoundry__community/elections/2026/Paketo-SC/ballots.csv');
  assert.deepEqual(result.ranking, [['anthonydahanne', 'pacostas'], ['kiril-keranov'], ['sgaist']]);
});
