import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { formatBallotCsv, parseBallotCsv } from '../../src/core/ballot-csv.js';
import { ballotTable, MAX_RANK, NO_OPINION, type BallotTable } from '../../src/core/ballot-table.js';
import { ballots } from './count-helpers.js';

function parsed(content: string | Uint8Array): BallotTable {
  const result = parseBallotCsv('ballots.csv', content);
  assert.ok(result.ok, JSON.stringify(result));
  return result.value;
}

function rows(table: BallotTable): number[][] {
  const n = table.candidates.length;
  return Array.from({ length: table.ballotCount }, (_, row) => [...table.ranks.subarray(row * n, row * n + n)]);
}

function problem(content: string): { line?: number; message: string } {
  const result = parseBallotCsv('ballots.csv', content);
  assert.ok(!result.ok, 'expected a problem');
  assert.equal(result.error.file, 'ballots.csv');
  return { line: result.error.line, message: result.error.message };
}

test('a header of IDs and rows of ranks or No opinion become a table in file column order', () => {
  const table = parsed('bob,alice\n1,2\nNo opinion,1\n');
  assert.deepEqual(table.candidates, ['bob', 'alice']);
  assert.deepEqual(rows(table), [[1, 2], [NO_OPINION, 1]]);
});

test('a byte order mark, CRLF line endings and a missing final newline are accepted', () => {
  const table = parsed('\uFEFFa,b\r\n1,2\r\n2,1');
  assert.deepEqual(table.candidates, ['a', 'b']);
  assert.deepEqual(rows(table), [[1, 2], [2, 1]]);
});

test('bytes and strings parse alike, UTF-8 names included', () => {
  const csv = 'Zoë,Łukasz\n1,2\n';
  assert.deepEqual(parsed(new TextEncoder().encode(csv)), parsed(csv));
  assert.deepEqual(parsed(csv).candidates, ['Zoë', 'Łukasz']);
});

test('quoted fields may hold commas, doubled quotes and line breaks', () => {
  const table = parsed('"Smith, Ann","Bob ""the builder""","Multi\nline"\n"1",No opinion,"No opinion"\n');
  assert.deepEqual(table.candidates, ['Smith, Ann', 'Bob "the builder"', 'Multi\nline']);
  assert.deepEqual(rows(table), [[1, NO_OPINION, NO_OPINION]]);
});

test('a rank written with leading zeros is that whole number', () => {
  assert.deepEqual(rows(parsed('a,b\n01,00000000002\n')), [[1, 2]]);
});

test('a header without ballots is zero ballots cast', () => {
  assert.equal(parsed('a,b\n').ballotCount, 0);
  assert.equal(parsed('a,b').ballotCount, 0);
});

test('an empty file is refused on line 1', () => {
  assert.deepEqual(problem(''), { line: 1, message: 'the file is empty; expected a header line of candidate IDs' });
  assert.equal(problem('\uFEFF').line, 1);
});

test('a repeated or empty header cell is refused, naming its column', () => {
  assert.deepEqual(problem('a,b,a\n1,2,3\n'), { line: 1, message: "header column 3 repeats candidate 'a' (column 1)" });
  assert.deepEqual(problem('a,,b\n'), { line: 1, message: 'header column 2 is empty; expected a candidate ID' });
});

test('a row with too few or too many cells is refused on its line', () => {
  assert.deepEqual(problem('a,b,c\n1,2,3\n1,2\n'), {
    line: 3,
    message: "found 2 cells; expected 3 cells (a rank or 'No opinion' for each candidate)",
  });
  assert.equal(problem('a,b\n1,2\n2,1\n1,2,3,4\n').message.startsWith('found 4 cells;'), true);
  assert.equal(problem('a,b\n1,2\n2,1\n1,2,3,4\n').line, 4);
});

test('a cell that is neither a rank nor No opinion is refused with its line, column and candidate', () => {
  for (const cell of ['0', '-1', 'abc', '1.5', '', '  ', 'no opinion', '"1"""']) {
    const found = problem(`a,b\n1,2\n1,${cell}\n`);
    assert.equal(found.line, 3, cell);
    assert.match(found.message, /^column 2 \('b'\): '.*' is neither a rank \(a whole number from 1\) nor 'No opinion'$/, cell);
  }
  assert.match(problem(`a\n${'x'.repeat(100)}\n`).message, /^column 1 \('a'\): 'x{40}…' is neither/);
});

test('a rank beyond the largest the count holds is refused as too large', () => {
  assert.deepEqual(problem(`a\n${MAX_RANK + 1}\n`), {
    line: 2,
    message: `column 1 ('a'): rank ${MAX_RANK + 1} is too large (at most ${MAX_RANK})`,
  });
  assert.equal(parsed(`a\n${MAX_RANK}\n`).ranks[0], MAX_RANK);
});

test('a blank line between ballots is refused rather than skipped, since it may be a lost ballot', () => {
  assert.equal(problem('a,b\n1,2\n\n2,1\n').line, 3);
  assert.match(problem('a,b\n1,2\n\n2,1\n').message, /^blank line; expected 2 cells/);
});

test('blank lines at the end of the file, as hand-edited files often have, are accepted', () => {
  for (const tail of ['\n', '\n\n', '\r\n\r\n', '\n\n  \n']) {
    assert.deepEqual(rows(parsed(`a,b\n1,2${tail}`)), [[1, 2]], JSON.stringify(tail));
  }
});

test('spaces around header IDs and around cells are ignored alike', () => {
  const table = parsed(' a , b\n 1 ,2 \nNo opinion , 1\n');
  assert.deepEqual(table.candidates, ['a', 'b']);
  assert.deepEqual(rows(table), [[1, 2], [NO_OPINION, 1]]);
  assert.deepEqual(problem('a, a\n1,2\n'), { line: 1, message: "header column 2 repeats candidate 'a' (column 1)" });
});

test('line numbers count the line breaks inside quoted fields', () => {
  assert.equal(problem('"first\nsecond",b\n1,x\n').line, 3);
});

test('malformed quoting and stray carriage returns are refused on their line', () => {
  assert.deepEqual(problem('a,b\n1,"2\n'), { line: 2, message: 'a quoted field is never closed' });
  assert.deepEqual(problem('"a"b,c\n'), { line: 1, message: 'unexpected text after a closing quote; quote the whole field' });
  assert.equal(problem('a,b\r1,2\n').line, 1);
});

test('a header that is not UTF-8 is refused', () => {
  const result = parseBallotCsv('ballots.csv', Uint8Array.from([0xff, 0x0a]));
  assert.deepEqual(result, { ok: false, error: { file: 'ballots.csv', line: 1, message: 'the text is not valid UTF-8' } });
});

test('formatting writes sorted-ID columns, No opinion, minimal quoting, LF and a final newline', () => {
  const table = ballotTable(['a', 'b, c', 'd"e'], ballots({ a: 1, 'b, c': 2 }, {}));
  assert.equal(formatBallotCsv(table), 'a,"b, c","d""e"\n1,2,No opinion\nNo opinion,No opinion,No opinion\n');
});

test('parsing what was formatted gives the same table back', () => {
  const table = ballotTable(['a', 'Smith, Ann', 'multi\nline'], ballots({ a: 3, 'Smith, Ann': 1 }, { 'multi\nline': 2 }, {}));
  assert.deepEqual(parsed(formatBallotCsv(table)), table);
});

test('every real ballot file formats back to exactly its own text', () => {
  const root = new URL('../fixtures/real-meta/', import.meta.url);
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((path) => /(^|\/)ballots\.csv$/i.test(path));
  assert.equal(files.length, 21);
  for (const path of files) {
    const text = readFileSync(new URL(path, root), 'utf8');
    assert.equal(formatBallotCsv(parsed(text)), text, path);
  }
});
