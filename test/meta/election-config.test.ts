import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseElectionConfig, type ElectionConfig } from '../../src/meta/election-config.js';
import { electionYaml, onlyProblem } from './meta-helpers.js';

const FILE = 'elections/2025/election.yaml';

function config(text: string): ElectionConfig {
  const reading = parseElectionConfig(FILE, text);
  assert.deepEqual(reading.errors, []);
  assert.ok(reading.config);
  return reading.config;
}

function error(text: string) {
  const reading = parseElectionConfig(FILE, text);
  assert.equal(reading.config, undefined);
  return onlyProblem(reading.errors);
}

test('a complete election.yaml is read into typed settings', () => {
  const reading = parseElectionConfig(FILE, electionYaml());
  assert.deepEqual(reading.warnings, []);
  const election = config(electionYaml());
  assert.equal(election.name, 'Test Steering Election');
  assert.equal(election.organization, 'Test');
  assert.equal(election.start_datetime.toISOString(), '2025-09-12T00:00:01.000Z');
  assert.equal(election.end_datetime.toISOString(), '2025-10-25T11:59:59.000Z');
  assert.equal(election.exception_due.toISOString(), '2025-10-20T11:59:59.000Z');
  assert.equal(election.no_winners, 2);
  assert.equal(election.allow_no_opinion, true);
  assert.equal(election.delete_after, true);
  assert.deepEqual(election.show_candidate_fields, ['employer']);
  assert.deepEqual(election.election_officers.logins, ['Alice', 'bob']);
  assert.equal(election.eligibility, 'Members can vote.');
  assert.equal(election.exception_description, 'Ask us.');
});

test('CRLF line ends and a byte order mark are accepted', () => {
  const text = `\uFEFF${electionYaml().replaceAll('\n', '\r\n')}`;
  assert.equal(config(text).end_datetime.toISOString(), '2025-10-25T11:59:59.000Z');
  assert.deepEqual(parseElectionConfig(FILE, text).warnings, []);
});

test('officers are matched case-insensitively', () => {
  const election = config(electionYaml());
  assert.ok(election.election_officers.has('alice'));
  assert.ok(election.election_officers.has('BOB'));
  assert.ok(!election.election_officers.has('carol'));
});

test('YAML 1.1 boolean spellings are read as booleans', () => {
  for (const [word, value] of [['True', true], ['False', false], ['true', true], ['no', false], ['yes', true], ['OFF', false]] as const) {
    assert.equal(config(electionYaml({ allow_no_opinion: word })).allow_no_opinion, value, word);
  }
});

test('datetimes with trailing comments, quotes, ISO forms or only a date are all accepted', () => {
  const start = (value: string) => config(electionYaml({ start_datetime: value })).start_datetime.toISOString();
  assert.equal(start('2025-09-12 06:59:00 # 11:59 pm PDT, 11 Sep 2025'), '2025-09-12T06:59:00.000Z');
  assert.equal(start('"2025-09-12 00:00:01"'), '2025-09-12T00:00:01.000Z');
  assert.equal(start("'2025-09-12T00:00:01Z'"), '2025-09-12T00:00:01.000Z');
  assert.equal(start('2025-09-12T02:00:01+02:00'), '2025-09-12T00:00:01.000Z');
  assert.equal(start('2025-09-12'), '2025-09-12T00:00:00.000Z');
});

test('exceptions_due is accepted as well as exception_due', () => {
  const election = config(electionYaml({ exception_due: undefined, exceptions_due: '2025-10-01 00:00:00' }));
  assert.equal(election.exception_due.toISOString(), '2025-10-01T00:00:00.000Z');
  assert.equal('exceptions_due' in election, false);
});

test('the exception deadline defaults to the start', () => {
  const election = config(electionYaml({ exception_due: undefined }));
  assert.equal(election.exception_due.toISOString(), election.start_datetime.toISOString());
});

test('both exception_due and exceptions_due: exception_due wins, with a warning', () => {
  const reading = parseElectionConfig(FILE, electionYaml({ exceptions_due: '2025-01-01 00:00:00' }));
  assert.equal(reading.config?.exception_due.toISOString(), '2025-10-20T11:59:59.000Z');
  assert.match(onlyProblem(reading.warnings).message, /exceptions_due is ignored/);
});

test('show_candidate_fields may be missing, empty or [null], all meaning no fields', () => {
  assert.deepEqual(config(electionYaml({ show_candidate_fields: undefined })).show_candidate_fields, []);
  assert.deepEqual(config(electionYaml({ show_candidate_fields: '' })).show_candidate_fields, []);
  assert.deepEqual(config(electionYaml({ show_candidate_fields: '\n  - ' })).show_candidate_fields, []);
  assert.deepEqual(config(electionYaml({ show_candidate_fields: '[null]' })).show_candidate_fields, []);
});

test('odd but legal settings are accepted: a one-second election, an exception deadline outside the window', () => {
  const oneSecond = config(electionYaml({ start_datetime: '2025-12-05 00:00:01', end_datetime: '2025-12-05 00:00:02', exception_due: '2025-12-09 23:59:59' }));
  assert.equal(oneSecond.end_datetime.getTime() - oneSecond.start_datetime.getTime(), 1000);
  config(electionYaml({ exception_due: '2020-01-01 00:00:00' }));
});

test('missing no_winners, allow_no_opinion and delete_after take defaults, each with a warning', () => {
  const reading = parseElectionConfig(FILE, electionYaml({ no_winners: undefined, allow_no_opinion: undefined, delete_after: undefined }));
  assert.equal(reading.config?.no_winners, 1);
  assert.equal(reading.config?.allow_no_opinion, true);
  assert.equal(reading.config?.delete_after, false);
  assert.deepEqual(reading.warnings.map((warning) => warning.message), [
    'no_winners is not set; using 1',
    'allow_no_opinion is not set; using true',
    'delete_after is not set; using false',
  ]);
});

test('eligibility and exception_description are optional Markdown, block scalars included', () => {
  const election = config(electionYaml({ eligibility: undefined, exception_description: '|\n  Line one.\n  Line two.' }));
  assert.equal(election.eligibility, '');
  assert.equal(election.exception_description, 'Line one.\nLine two.');
});

test('an unknown key is a warning at its line, suggesting the key probably meant', () => {
  const reading = parseElectionConfig(FILE, electionYaml({ no_winner: '3', condorcet_method: '' }));
  assert.ok(reading.config);
  assert.deepEqual(reading.warnings, [
    { file: FILE, line: 16, message: "unknown key 'no_winner' is ignored; did you mean 'no_winners'?" },
    { file: FILE, line: 17, message: "unknown key 'condorcet_method' is ignored" },
  ]);
});

test('each required key is reported missing when absent', () => {
  for (const key of ['name', 'organization', 'start_datetime', 'end_datetime', 'election_officers']) {
    const problem = error(electionYaml({ [key]: undefined }));
    assert.equal(problem.file, FILE);
    assert.match(problem.message, new RegExp(`^${key}: is required`));
  }
});

test('end_datetime before or equal to start_datetime is an error at its line', () => {
  const problem = error(electionYaml({ end_datetime: '2025-09-01 00:00:00' }));
  assert.deepEqual(problem, { file: FILE, line: 4, message: 'end_datetime: must be after start_datetime (2025-09-12T00:00:01Z)' });
  error(electionYaml({ end_datetime: '2025-09-12 00:00:01' }));
});

test('a date that is not a date is an error at its line saying how to write one', () => {
  const problem = error(electionYaml({ start_datetime: '2025-13-01 00:00:00' }));
  assert.equal(problem.line, 3);
  assert.match(problem.message, /^start_datetime: '2025-13-01 00:00:00' is not a valid date and time; write it as YYYY-MM-DD HH:MM:SS in UTC/);
});

test('election_method is schulze when absent (no warning), else one of the three methods', () => {
  assert.equal(config(electionYaml()).election_method, 'schulze');
  assert.equal(config(electionYaml({ election_method: 'scottish-stv' })).election_method, 'scottish-stv');
  assert.equal(config(electionYaml({ election_method: 'meek-stv' })).election_method, 'meek-stv');
  assert.deepEqual(parseElectionConfig(FILE, electionYaml({ election_method: 'meek-stv' })).warnings, []);
  const problem = error(electionYaml({ election_method: 'stv' }));
  assert.equal(problem.line, 16);
  assert.equal(problem.message, "election_method: must be one of schulze, scottish-stv, meek-stv, not 'stv'");
});

test('wrongly typed values are errors naming the key', () => {
  assert.match(error(electionYaml({ no_winners: 'three' })).message, /^no_winners: must be a whole number of at least 1, not 'three'/);
  assert.match(error(electionYaml({ no_winners: '0' })).message, /^no_winners: must be a whole number/);
  assert.match(error(electionYaml({ allow_no_opinion: 'maybe' })).message, /^allow_no_opinion: must be True or False/);
  assert.match(error(electionYaml({ election_officers: 'alice' })).message, /^election_officers: must be a list of GitHub logins, not text/);
  assert.match(error(electionYaml({ name: '\n  - a list' })).message, /^name: must be text, not a list/);
});

test('a list item of the wrong kind is reported at its own line', () => {
  const problem = error(electionYaml({ election_officers: '\n  - alice\n  - name: bob' }));
  assert.deepEqual(problem, { file: FILE, line: 12, message: 'election_officers: item 2 must be text, not a mapping' });
});

test('a YAML syntax error is reported at its line with a hint', () => {
  const problem = error('name: x\norganization: @org\n');
  assert.equal(problem.line, 2);
  assert.match(problem.message, /^not valid YAML: .*reserved character @; put the value in quotes/);
  assert.equal(error('name: x\nname: y\n').line, 2);
});

test('a file that is not a mapping is an error', () => {
  assert.match(error('- just\n- a list\n').message, /must be a YAML mapping/);
  assert.match(error('').message, /must be a YAML mapping/);
});

test('the fields that could be read are kept when others are wrong', () => {
  const reading = parseElectionConfig(FILE, electionYaml({ end_datetime: 'soon' }));
  assert.equal(reading.config, undefined);
  assert.equal(reading.readable.name, 'Test Steering Election');
  assert.equal(reading.readable.start_datetime?.toISOString(), '2025-09-12T00:00:01.000Z');
  assert.equal(reading.readable.end_datetime, undefined);
  assert.ok(reading.readable.election_officers?.has('ALICE'));
});

test('an empty officers list is accepted with a warning', () => {
  const reading = parseElectionConfig(FILE, electionYaml({ election_officers: '[]' }));
  assert.equal(reading.config?.election_officers.size, 0);
  assert.match(onlyProblem(reading.warnings).message, /election_officers is empty/);
});
