import assert from 'node:assert/strict';
import type { Problem } from '../../src/core/problem.js';
import type { Election, InvalidElection, ValidElection } from '../../src/meta/election.js';

/** The fixtures folder of the project's tests. */
export const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

/** The real repositories of `fixtures/real-meta`, their ELECTION_DIR and number of elections. */
export const REAL_REPOSITORIES = [
  ['kubernetes__community', 'elections', 10],
  ['knative__community', 'elections', 8],
  ['istio__community', 'steering/elections', 4],
  ['cloudfoundry__community', 'elections', 9],
  ['chaoss__community', 'elections', 1],
  ['elekto-io__elekto.meta.test', 'elections', 3],
] as const;

/** A minimal valid `election.yaml`, with keys replaced or removed (`undefined`) as asked. */
export function electionYaml(overrides: Record<string, string | undefined> = {}): string {
  const keys: Record<string, string | undefined> = {
    name: 'Test Steering Election',
    organization: 'Test',
    start_datetime: '2025-09-12 00:00:01',
    end_datetime: '2025-10-25 11:59:59',
    no_winners: '2',
    allow_no_opinion: 'True',
    delete_after: 'True',
    show_candidate_fields: '\n  - employer',
    election_officers: '\n  - Alice\n  - bob',
    eligibility: 'Members can vote.',
    exception_description: 'Ask us.',
    exception_due: '2025-10-20 11:59:59',
    ...overrides,
  };
  return Object.entries(keys)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n')
    .concat('\n');
}

/** A candidate file with a 61-dash header, as most real repositories write them. */
export function candidateMd(id: string, bio = `About ${id}.`, extraHeader = ''): string {
  const dashes = '-'.repeat(61);
  return `${dashes}\nname: Candidate ${id}\nID: ${id}\ninfo:\n  - employer: Example\n${extraHeader}${dashes}\n\n${bio}\n`;
}

/** A whole valid election directory under `dir`. */
export function electionFiles(dir: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    [`${dir}/election.yaml`]: electionYaml(),
    [`${dir}/voters.yaml`]: 'eligible_voters:\n  - carol\n  - dave\n',
    [`${dir}/candidate-alice.md`]: candidateMd('alice'),
    [`${dir}/candidate-bob.md`]: candidateMd('bob'),
    ...overrides,
  };
}

export function asValid(election: Election | undefined): ValidElection {
  assert.ok(election, 'expected an election');
  assert.ok(election.valid, `expected a valid election, got ${JSON.stringify(election.errors)}`);
  return election;
}

export function asInvalid(election: Election | undefined): InvalidElection {
  assert.ok(election, 'expected an election');
  assert.ok(!election.valid, 'expected an invalid election');
  return election;
}

/** The one problem in `problems`, or a failure listing them all. */
export function onlyProblem(problems: readonly Problem[]): Problem {
  assert.equal(problems.length, 1, JSON.stringify(problems, null, 2));
  return problems[0] as Problem;
}
