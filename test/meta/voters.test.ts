import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readSimpleVoterList } from '../../src/meta/simple-voter-list.js';
import { parseVoters } from '../../src/meta/voters.js';
import { parseYamlFile } from '../../src/meta/yaml-file.js';
import { onlyProblem } from './meta-helpers.js';

const FILE = 'elections/2025/voters.yaml';

test('eligible_voters lists the logins allowed to vote, matched case-insensitively', () => {
  const reading = parseVoters(FILE, '# comment\neligible_voters:\n  - BenTheElder\n  - cblecker\n');
  assert.deepEqual(reading.errors, []);
  assert.deepEqual(reading.warnings, []);
  assert.deepEqual(reading.voters.logins, ['BenTheElder', 'cblecker']);
  assert.ok(reading.voters.has('bentheelder'));
  assert.ok(reading.voters.has('CBLECKER'));
  assert.ok(!reading.voters.has('dims'));
});

test('entries are coerced to logins: numbers kept as written, trimmed, @ dropped, empty and duplicates ignored', () => {
  const text = "eligible_voters:\n- 249043822\n- '0123'\n- 0123\n- '  @Spaced '\n- \"@quoted\"\n-\n- ~\n- null\n- alice\n- ALICE\n";
  const reading = parseVoters(FILE, text);
  assert.deepEqual(reading.errors, []);
  assert.deepEqual(reading.voters.logins, ['249043822', '0123', 'Spaced', 'quoted', 'alice']);
  assert.ok(reading.voters.has('spaced'));
});

test('an entry that cannot be a login (a name, an e-mail address) is kept but warned about at its line', () => {
  const reading = parseVoters(FILE, 'eligible_voters:\n  - alice\n  - Felix Moehler\n  - kb@example.com\n');
  assert.equal(reading.voters.size, 3);
  assert.deepEqual(reading.warnings, [
    { file: FILE, line: 3, message: "'Felix Moehler' is not a username (letters, digits, '-', '_', '.'), so it likely matches nobody" },
    { file: FILE, line: 4, message: "'kb@example.com' is not a username (letters, digits, '-', '_', '.'), so it likely matches nobody" },
  ]);
});

test('CRLF line ends and a byte order mark are accepted', () => {
  assert.deepEqual(parseVoters(FILE, '\uFEFFeligible_voters:\r\n  - alice\r\n  - bob\r\n').voters.logins, ['alice', 'bob']);
});

test('a YAML 1.1 boolean-looking login stays a login', () => {
  assert.deepEqual(parseVoters(FILE, 'eligible_voters:\n- yes\n- off\n- true\n').voters.logins, ['yes', 'off', 'true']);
});

test('a missing voters.yaml means nobody may vote, with a warning', () => {
  const reading = parseVoters(FILE, undefined);
  assert.equal(reading.voters.size, 0);
  assert.deepEqual(reading.errors, []);
  assert.match(onlyProblem(reading.warnings).message, /no voters.yaml/);
});

test('eligible_voters left empty or holding only an empty entry means nobody may vote, with a warning', () => {
  for (const text of ['eligible_voters:\n', 'eligible_voters:\n  \n', 'eligible_voters:\n-\n', 'eligible_voters: []\n', '']) {
    const reading = parseVoters(FILE, text);
    assert.equal(reading.voters.size, 0, text);
    assert.deepEqual(reading.errors, [], text);
    assert.equal(reading.warnings.length, 1, text);
  }
});

test('a bare top-level list is read as the voters, with a warning', () => {
  const reading = parseVoters(FILE, '# voters\n- alice\n- bob\n');
  assert.deepEqual(reading.voters.logins, ['alice', 'bob']);
  assert.deepEqual(reading.errors, []);
  assert.deepEqual(onlyProblem(reading.warnings), {
    file: FILE,
    line: 2,
    message: 'the logins should be listed under eligible_voters:; reading the bare list',
  });
});

test('an entry that is a mapping or a list is an error at its line', () => {
  const reading = parseVoters(FILE, 'eligible_voters:\n  - alice\n  - name: bob\n');
  assert.deepEqual(onlyProblem(reading.errors), { file: FILE, line: 3, message: 'eligible_voters: item 2 must be text, not a mapping' });
  assert.equal(reading.voters.size, 0);
});

test('unparseable YAML is an error at its line', () => {
  const problem = onlyProblem(parseVoters(FILE, 'eligible_voters:\n  - alice\n  - @bob\n').errors);
  assert.equal(problem.line, 3);
  assert.match(problem.message, /put the value in quotes/);
});

test('the fast reader of simple voter lists gives exactly what the YAML parser gives', () => {
  const samples = [
    'eligible_voters:\n  - alice # the first\n  - "bob"\n  -\n  - null\n  - 0123\n',
    '# header\n\neligible_voters: # list\n- a-b\n- c.d\n- e_f\n',
    '- alice\n- bob\n',
    'eligible_voters:\n',
    '# only a comment\n',
    'eligible_voters:\r\n  - alice\r\n  - bob\r\n',
    'eligible_voters:\n  - Two  Words  # a name, not a login\n  - x.y+z@example.com\n',
    ...realVoterFiles().map((path) => readFileSync(path, 'utf8')),
  ];
  for (const text of samples) {
    const fast = readSimpleVoterList(text);
    assert.ok(fast, `fast reader refused:\n${text.slice(0, 200)}`);
    const full = parseYamlFile(FILE, text);
    assert.ok(full.ok);
    assert.deepEqual(fast.value, full.value.value);
    const bare = Array.isArray(fast.value);
    const list = bare ? fast.value : ((fast.value as { eligible_voters?: unknown[] } | null)?.eligible_voters ?? []);
    const base = bare ? [] : ['eligible_voters'];
    for (const index of (list as unknown[]).keys()) {
      assert.equal(fast.lineOf([...base, index]), full.value.lineOf([...base, index]), `item ${index}`);
    }
  }
});

test('the fast reader agrees with the YAML parser on thousands of generated files', () => {
  const pool = [
    'eligible_voters:', 'eligible_voters: # x', '---', '', '# c', '  # c', '- a', '  - a', '    - b', '-', '- ', '-\talice', '- a\t',
    '- Two Words', '- x@y.z', "- 'q'", '- "d#q"', '- null', '- NULL', '- ~', '- a # c', '- a#b', '- 0123', '- @a', '\t- a', '- a: b',
    'other:', '...', '- -a', '- a - b', "- ''", '- "x\\"', 'eligible_voters: []',
  ];
  let state = 7;
  const random = (n: number) => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31), state % n);
  let compared = 0;
  for (let run = 0; run < 4000; run++) {
    const text = Array.from({ length: 1 + random(6) }, () => pool[random(pool.length)]).join(random(4) === 0 ? '\r\n' : '\n');
    const fast = readSimpleVoterList(text);
    if (!fast) continue;
    const full = parseYamlFile(FILE, text);
    assert.ok(full.ok, `fast reader accepted what YAML refuses:\n${JSON.stringify(text)}`);
    assert.deepEqual(fast.value, full.value.value, JSON.stringify(text));
    compared++;
  }
  assert.ok(compared > 500, `only ${compared} files compared`);
});

test('the fast reader hands anything unusual to the YAML parser', () => {
  for (const text of ['eligible_voters:\n  - @alice\n', 'eligible_voters:\n\t- alice\n', 'eligible_voters:\n  - a\n    - b\n', 'eligible_voters: [a, b]\n', 'eligible_voters:\n  - a: b\n', 'other: 1\n', "eligible_voters:\n  - 'it''s'\n"]) {
    assert.equal(readSimpleVoterList(text), undefined, text);
  }
});

function realVoterFiles(): string[] {
  const root = new URL('../fixtures/real-meta/', import.meta.url).pathname;
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return walk(path);
      return name === 'voters.yaml' ? [path] : [];
    });
  return walk(root);
}
