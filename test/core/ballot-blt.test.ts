import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBlt, parseBlt } from '../../src/core/ballot-blt.js';

const sample = `4 2
-3
3 1 2 0
2 2 0

1 4 1 0
1 0
0
"Alice"
"Bob"
"Carol"
"Dave"
"A test"
`;

test('a BLT file: seats, withdrawn, weighted ballots grouped, names as IDs, title', () => {
  const blt = parseBlt('t.blt', sample);
  assert.ok(blt.ok);
  assert.equal(blt.value.title, 'A test');
  assert.equal(blt.value.seats, 2);
  assert.deepEqual(blt.value.ballots.candidates, ['Alice', 'Bob', 'Carol', 'Dave']);
  assert.deepEqual([...blt.value.ballots.withdrawn], [2]);
  assert.equal(blt.value.ballots.ballots, 7);
  assert.deepEqual(blt.value.ballots.groups, [
    { ranking: [0, 1], count: 3 },
    { ranking: [1], count: 2 },
    { ranking: [3, 0], count: 1 },
  ]);
});

test('BLT round trip: what formatBlt writes parses back to the same ballots', () => {
  const blt = parseBlt('t.blt', sample);
  assert.ok(blt.ok);
  const again = parseBlt('u.blt', formatBlt(blt.value));
  assert.ok(again.ok);
  assert.deepEqual(again.value, blt.value);
});

const broken: [string, string, number, RegExp][] = [
  ['header', 'x 2\n', 1, /first line must be "candidates seats"/],
  ['too many seats', '2 3\n', 1, /seats must be from 1 to 2/],
  ['equal ranks', '2 1\n1 1=2 0\n0\n"a"\n"b"\n"t"\n', 2, /ranks candidates equally/],
  ['unknown candidate', '2 1\n1 3 0\n0\n"a"\n"b"\n"t"\n', 2, /"3" is not a candidate number from 1 to 2/],
  ['ranked twice', '2 1\n1 1 2 1 0\n0\n"a"\n"b"\n"t"\n', 2, /candidate 1 is ranked twice/],
  ['no closing 0', '2 1\n1 1 2\n0\n"a"\n"b"\n"t"\n', 2, /must end with 0/],
  ['missing name', '2 1\n1 1 0\n0\n"a"\n', 4, /ends where a quoted candidate name was expected/],
  ['duplicate name', '2 1\n1 1 0\n0\n"a"\n"a"\n"t"\n', 5, /appears twice/],
  ['unquoted title', '2 1\n1 1 0\n0\n"a"\n"b"\ntitle\n', 6, /expected the quoted title/],
  ['trailing text', '2 1\n1 1 0\n0\n"a"\n"b"\n"t"\nmore\n', 7, /unexpected text after the title/],
  ['huge weight', '2 1\n9223372036854775807 1 0\n0\n"a"\n"b"\n"t"\n', 2, /too large to count exactly/],
];

for (const [what, text, line, message] of broken) {
  test(`a broken BLT file (${what}) is refused with file and line`, () => {
    const blt = parseBlt('bad.blt', text);
    assert.ok(!blt.ok);
    assert.equal(blt.error.file, 'bad.blt');
    assert.equal(blt.error.line, line);
    assert.match(blt.error.message, message);
  });
}
