import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isEligible, isOfficer } from '../../src/meta/election.js';
import { parseRepository } from '../../src/meta/parse-repository.js';
import { asInvalid, asValid, candidateMd, electionFiles, electionYaml, onlyProblem } from './meta-helpers.js';

const repo = (files: Record<string, string>) => new Map(Object.entries(files));
const keysOf = (files: Record<string, string>, dir = 'elections') => parseRepository(repo(files), dir).map((e) => e.key);

test('every directory holding election.yaml at any depth is an election keyed by its path with --- for /', () => {
  const files = { ...electionFiles('elections/steering/2025'), ...electionFiles('elections/2021-TOC') };
  const elections = parseRepository(repo(files), 'elections');
  assert.deepEqual(elections.map((e) => [e.key, e.path]).sort(), [
    ['2021-TOC', 'elections/2021-TOC'],
    ['steering---2025', 'elections/steering/2025'],
  ]);
});

test('ELECTION_DIR may be nested, or the repository root', () => {
  assert.deepEqual(keysOf(electionFiles('steering/elections/2025'), 'steering/elections'), ['2025']);
  assert.deepEqual(keysOf(electionFiles('2025/TOC'), ''), ['2025---TOC']);
});

test('directories without election.yaml are silently not elections, even with candidates and voters', () => {
  const files = {
    ...electionFiles('elections/2025'),
    'elections/2019/candidate-old.md': 'not even a header',
    'elections/2019/voters.yaml': 'eligible_voters: [',
    'elections/teams/README.md': '# Teams',
  };
  const elections = parseRepository(repo(files), 'elections');
  assert.deepEqual(elections.map((e) => e.key), ['2025']);
  asValid(elections[0]);
});

test('files outside ELECTION_DIR and election.yaml at its root are ignored', () => {
  const files = { ...electionFiles('elections/2025'), ...electionFiles('other/2024'), 'elections/election.yaml': electionYaml() };
  assert.deepEqual(keysOf(files), ['2025']);
});

test('sub-directories of an election are ignored', () => {
  const files = { ...electionFiles('elections/2025'), 'elections/2025/templates/candidate-template.md': 'no header' };
  const election = asValid(parseRepository(repo(files), 'elections')[0]);
  assert.deepEqual(election.candidates.map((c) => c.id), ['alice', 'bob']);
});

test('an election nested inside another is an error and not loaded, while the outer one stays valid', () => {
  const files = { ...electionFiles('elections/2025'), ...electionFiles('elections/2025/runoff') };
  const [outer, nested] = parseRepository(repo(files), 'elections');
  asValid(outer);
  const invalid = asInvalid(nested);
  assert.equal(invalid.key, '2025---runoff');
  assert.deepEqual(onlyProblem(invalid.errors), {
    file: 'elections/2025/runoff/election.yaml',
    message: 'this election is inside the election in elections/2025, so it is not loaded; move it out: elections cannot contain elections',
  });
});

test('two directories mapping to the same key are both invalid', () => {
  const files = { ...electionFiles('elections/a/b'), ...electionFiles('elections/a---b') };
  const elections = parseRepository(repo(files), 'elections');
  assert.equal(elections.length, 2);
  for (const election of elections) assert.match(asInvalid(election).errors[0]?.message ?? '', /is also the key of/);
});

test('a valid election holds its settings, candidates sorted by file, voters and Markdown files', () => {
  const files = electionFiles('elections/2025', {
    'elections/2025/election_desc.md': '# The election\n',
    'elections/2025/results.md': '# Results\n',
    'elections/2025/README.md': 'not read',
    'elections/2025/nomination-template.md': 'not a candidate',
  });
  const election = asValid(parseRepository(repo(files), 'elections')[0]);
  assert.equal(election.config.name, 'Test Steering Election');
  assert.deepEqual(election.candidates.map((c) => c.file), ['elections/2025/candidate-alice.md', 'elections/2025/candidate-bob.md']);
  assert.equal(election.description, '# The election\n');
  assert.equal(election.results, '# Results\n');
  assert.deepEqual(election.errors, []);
  assert.deepEqual(election.warnings, []);
});

test('election_desc.md and results.md are optional', () => {
  const election = asValid(parseRepository(repo(electionFiles('elections/2025')), 'elections')[0]);
  assert.equal(election.description, undefined);
  assert.equal(election.results, undefined);
});

test('eligibility and officer checks ignore case; an invalid election lets nobody vote', () => {
  const valid = asValid(parseRepository(repo(electionFiles('elections/2025')), 'elections')[0]);
  assert.ok(isEligible(valid, 'CAROL'));
  assert.ok(!isEligible(valid, 'alice'));
  assert.ok(isOfficer(valid, 'ALICE'));
  const broken = electionFiles('elections/2025', { 'elections/2025/candidate-bob.md': 'no header' });
  const invalid = asInvalid(parseRepository(repo(broken), 'elections')[0]);
  assert.ok(!isEligible(invalid, 'carol'));
  assert.ok(isOfficer(invalid, 'alice'), 'officers of a broken election can still be told what is wrong');
});

test('duplicate candidate IDs, ignoring case, are an error on each file at its ID line', () => {
  const files = electionFiles('elections/2025', { 'elections/2025/candidate-bob.md': candidateMd('Alice') });
  const election = asInvalid(parseRepository(repo(files), 'elections')[0]);
  assert.deepEqual(election.errors, [
    { file: 'elections/2025/candidate-alice.md', line: 3, message: "ID 'alice' is also used by candidate-bob.md; every candidate needs its own ID" },
    { file: 'elections/2025/candidate-bob.md', line: 3, message: "ID 'Alice' is also used by candidate-alice.md; every candidate needs its own ID" },
  ]);
});

test('a file named candidate… but not exactly candidate-<name>.md is an error naming it', () => {
  const names = ['candidate-carol.md\u200E', 'candidate.md', 'candidate-.md', 'candidates.md', 'candidate-carol.txt', 'candidate-\u200Bcarol.md'];
  for (const name of names) {
    const files = electionFiles('elections/2025', { [`elections/2025/${name}`]: candidateMd('carol') });
    const problem = onlyProblem(asInvalid(parseRepository(repo(files), 'elections')[0]).errors);
    assert.equal(problem.file, `elections/2025/${name}`);
    assert.match(problem.message, /is not named candidate-<name>.md/, name);
  }
  const files = electionFiles('elections/2025', { 'elections/2025/candidate-carol.md\u200E': candidateMd('carol') });
  const problem = onlyProblem(asInvalid(parseRepository(repo(files), 'elections')[0]).errors);
  assert.equal(problem.message, "'candidate-carol.md<U+200E>' is not named candidate-<name>.md (it contains invisible or space characters, shown as <U+…>), so it is not read as a candidate; rename it");
});

test('an election with no candidates yet is valid, with a warning', () => {
  const files = { 'elections/2025/election.yaml': electionYaml(), 'elections/2025/voters.yaml': 'eligible_voters:\n- a\n' };
  const election = asValid(parseRepository(repo(files), 'elections')[0]);
  assert.match(onlyProblem(election.warnings).message, /no candidates yet/);
});

test('no_winners may exceed the number of candidates', () => {
  const files = electionFiles('elections/2025', { 'elections/2025/election.yaml': electionYaml({ no_winners: '5' }) });
  assert.equal(asValid(parseRepository(repo(files), 'elections')[0]).config.no_winners, 5);
});

test('an invalid election is still listed with its key, path, readable name and problems', () => {
  const files = electionFiles('elections/2025', { 'elections/2025/election.yaml': electionYaml({ end_datetime: '2020-01-01 00:00:00' }) });
  const election = asInvalid(parseRepository(repo(files), 'elections')[0]);
  assert.equal(election.key, '2025');
  assert.equal(election.path, 'elections/2025');
  assert.equal(election.config.name, 'Test Steering Election');
  assert.equal(onlyProblem(election.errors).line, 4);
});

test('one broken file makes only its own election invalid', () => {
  const files = {
    ...electionFiles('elections/a'),
    ...electionFiles('elections/b', { 'elections/b/voters.yaml': 'eligible_voters:\n\t- x\n' }),
    ...electionFiles('elections/c'),
  };
  const validity = parseRepository(repo(files), 'elections').map((e) => [e.key, e.valid]);
  assert.deepEqual(validity.sort(), [['a', true], ['b', false], ['c', true]]);
});

test('elections are listed newest start first, unreadable starts first of all, ties by key', () => {
  const at = (start: string) => ({ 'election.yaml': electionYaml({ start_datetime: start, end_datetime: '2030-01-01 00:00:00' }) });
  const files: Record<string, string> = {};
  const layout = { old: '2021-01-01', new: '2025-01-01', mid: '2023-01-01', same: '2023-01-01', broken: 'someday', alsobroken: 'never' };
  for (const [dir, start] of Object.entries(layout)) {
    for (const [name, text] of Object.entries(at(start))) files[`elections/${dir}/${name}`] = text;
  }
  assert.deepEqual(keysOf(files), ['alsobroken', 'broken', 'new', 'mid', 'same', 'old']);
});
