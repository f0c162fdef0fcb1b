import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitCandidateFile } from '../../src/meta/candidate-file-parts.js';
import { parseCandidate, type Candidate } from '../../src/meta/candidate.js';
import { candidateFields } from '../../src/meta/candidate-fields.js';
import { onlyProblem } from './meta-helpers.js';

const FILE = 'elections/2025/candidate-alice.md';
const DASHES = '-'.repeat(61);

function candidate(text: string): Candidate {
  const reading = parseCandidate(FILE, text);
  assert.deepEqual(reading.errors, []);
  assert.ok(reading.candidate);
  return reading.candidate;
}

function error(text: string) {
  const reading = parseCandidate(FILE, text);
  assert.equal(reading.candidate, undefined);
  return onlyProblem(reading.errors);
}

test('a candidate file is a YAML header between dash lines, then a Markdown bio', () => {
  const alice = candidate(`${DASHES}\nname: Alice Example\nID: alice\ninfo:\n  - employer: Example Inc.\n  - slack: alice\n${DASHES}\n\n## About me\n\nHello.\n`);
  assert.equal(alice.id, 'alice');
  assert.equal(alice.name, 'Alice Example');
  assert.deepEqual([...alice.info], [['employer', 'Example Inc.'], ['slack', 'alice']]);
  assert.equal(alice.bio, '## About me\n\nHello.');
  assert.equal(alice.file, FILE);
});

test('a --- rule and a --namespace flag in the bio stay in the bio', () => {
  const bio = 'Intro.\n\n---\n\nRun `kubectl get pods --namespace kube-system`.\n\n-----\n\nMore.';
  const alice = candidate(`${DASHES}\nname: Alice\nID: alice\n${DASHES}\n\n${bio}\n`);
  assert.equal(alice.bio, bio);
  assert.equal(alice.id, 'alice');
});

test('the two dash lines may differ in length and be as short as three dashes', () => {
  assert.equal(candidate(`${'-'.repeat(49)}\nname: Paco\nID: pacoxu\n${'-'.repeat(50)}\nBio.`).id, 'pacoxu');
  assert.equal(candidate('---\nname: A\nID: a\n---\nBio.').id, 'a');
});

test('CRLF line ends, a byte order mark and blank lines before the header are accepted', () => {
  const alice = candidate(`\uFEFF\r\n\r\n${DASHES}\r\nname: Alice\r\nID: alice\r\n${DASHES}\r\n\r\nLine one.\r\nLine two.\r\n`);
  assert.equal(alice.id, 'alice');
  assert.equal(alice.bio, 'Line one.\nLine two.');
});

test('tabs after ID:, blank lines between keys, trailing spaces and non-ASCII names are accepted', () => {
  const paco = candidate(`${DASHES}\nname: Paco Xu 徐俊杰  \n\nID:\tpacoxu  \n\ninfo:\n\n- employer: DaoCloud \n\n${DASHES}\nBio.`);
  assert.equal(paco.name, 'Paco Xu 徐俊杰');
  assert.equal(paco.id, 'pacoxu');
  assert.equal(paco.info.get('employer'), 'DaoCloud');
});

test('info may be a plain mapping, empty, or absent', () => {
  assert.deepEqual([...candidate(`${DASHES}\nname: C\nID: c\ninfo:\n  employer: Red Hat\n  slack: c\n${DASHES}\n`).info], [['employer', 'Red Hat'], ['slack', 'c']]);
  assert.equal(candidate(`${DASHES}\nname: C\nID: c\ninfo:\n${DASHES}\n`).info.size, 0);
  assert.equal(candidate(`${DASHES}\nname: C\nID: c\n${DASHES}\n`).info.size, 0);
});

test('an info entry that is not field: value is an error at its line', () => {
  assert.deepEqual(error(`${DASHES}\nname: C\nID: c\ninfo:\n  - employer: X\n  - just text\n${DASHES}\n`), {
    file: FILE, line: 6, message: "info: item 2 must be 'field: value', not text",
  });
  assert.deepEqual(error(`${DASHES}\nname: C\nID: c\ninfo:\n  - employer:\n      - nested\n${DASHES}\n`), {
    file: FILE, line: 6, message: 'info.employer: must be text, not a list',
  });
  assert.match(error(`${DASHES}\nname: C\nID: c\ninfo: Red Hat\n${DASHES}\n`).message, /^info: must be a list of 'field: value' entries/);
});

test('an info entry left empty is shown as an empty value', () => {
  assert.equal(candidate(`${DASHES}\nname: C\nID: c\ninfo:\n  - slack:\n${DASHES}\n`).info.get('slack'), '');
});

test('the ID may differ from the file name', () => {
  assert.equal(candidate(`${DASHES}\nname: Jerico Pena\nID: jericop\n${DASHES}\n`).id, 'jericop');
});

test('a missing name or ID is an error', () => {
  assert.deepEqual(error(`${DASHES}\nname: A\n${DASHES}\n`), { file: FILE, line: 2, message: 'ID: is required' });
  assert.deepEqual(error(`${DASHES}\nID: a\n${DASHES}\n`), { file: FILE, line: 2, message: 'name: is required' });
});

test('an ID with spaces is an error, since it is the ballot key', () => {
  const problem = error(`${DASHES}\nname: A\nID: a b\n${DASHES}\n`);
  assert.deepEqual(problem, { file: FILE, line: 3, message: "ID: 'a b' must be one word without spaces or commas: it is the ballot key" });
});

test('a value starting with @ is a YAML error at its file line, header offset included', () => {
  const problem = error(`\n${DASHES}\nname: Faseela K\nID: kfaseela\ninfo:\n  - employer: Ericsson\n  - slack: @Faseela K\n${DASHES}\n`);
  assert.equal(problem.line, 7);
  assert.match(problem.message, /reserved character @; put the value in quotes/);
});

test('tab indentation in the header is a YAML error at its line', () => {
  const problem = error(`${DASHES}\nname: Coraline\n\nID: CoralineAda\n\ninfo:\n\t- affiliation: OES\n${DASHES}\n`);
  assert.equal(problem.line, 7);
  assert.match(problem.message, /Tabs are not allowed as indentation; indent with spaces/);
});

test('a header wrapped in a code fence is an error at the fence', () => {
  const problem = error(`\n${DASHES}\n\`\`\`\nname: Daniel Smith\nID: lavalamp\n\`\`\`\n${DASHES}\n`);
  assert.deepEqual(problem, { file: FILE, line: 3, message: 'the header must be plain YAML between the dash lines; remove the ``` code fence' });
});

test('a file not starting with a dash line is an error at its first line', () => {
  const problem = error(`name: Cali Dolfi\n\nID: cdolfi\n${DASHES}\n\nBio.`);
  assert.equal(problem.line, 1);
  assert.match(problem.message, /must start with a line of dashes/);
});

test('a header never closed is an error at its opening line', () => {
  const problem = error(`\n${DASHES}\nname: A\nID: a\n\nBio without a closing line.\n`);
  assert.equal(problem.line, 2);
  assert.match(problem.message, /never closed/);
});

test('an empty file is an error', () => {
  assert.match(error('\n\n').message, /the file is empty/);
});

test('a header that is not a mapping is an error', () => {
  assert.match(error(`${DASHES}\n- a\n- b\n${DASHES}\n`).message, /the header must be YAML keys/);
});

test('an unknown header key is a warning suggesting the right spelling', () => {
  const reading = parseCandidate(FILE, `${DASHES}\nName: Murugappan\nname: M\nID: m\n${DASHES}\n`);
  assert.ok(reading.candidate);
  assert.deepEqual(onlyProblem(reading.warnings), {
    file: FILE,
    line: 2,
    message: "unknown key 'Name' is ignored; did you mean 'name'?",
  });
});

test('splitting reports where the header starts, for YAML line numbers', () => {
  const parts = splitCandidateFile(FILE, `\n\n${DASHES}\nname: A\n${DASHES}\nBio`);
  assert.ok(parts.ok);
  assert.equal(parts.value.headerLine, 4);
  assert.equal(parts.value.header, 'name: A');
});

test('a profile shows exactly the fields of show_candidate_fields, empty when not filled in', () => {
  const alice = candidate(`${DASHES}\nname: A\nID: a\ninfo:\n  - employer: X\n  - slack: a\n${DASHES}\n`);
  assert.deepEqual(candidateFields(alice, ['slack', 'github']), [
    { field: 'slack', value: 'a' },
    { field: 'github', value: '' },
  ]);
});
