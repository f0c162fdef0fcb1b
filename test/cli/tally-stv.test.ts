import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/command.js';
import { tallyCommand } from '../../src/cli/commands/tally.js';
import type { StvResult } from '../../src/core/stv-result.js';
import { bltTexts, expectedCounts } from '../core/stv-fixture-data.js';

// `elekto tally` with STV (SPEC §13): BLT and CSV input, the JSON of §13, Markdown, and
// precise FILE:LINE errors.
const WARD = 'sc2017-clackmannanshire-clackmannanshire-central';
const ward = expectedCounts.find((e) => e.name === WARD)!;

const dir = mkdtempSync(join(tmpdir(), 'elekto-tally-stv-'));
writeFileSync(join(dir, 'ward.blt'), bltTexts[WARD]!);
writeFileSync(join(dir, 'ward.txt'), bltTexts[WARD]!);
writeFileSync(join(dir, 'strict.csv'), 'a,b,c\n1,2,No opinion\n1,No opinion,No opinion\n2,1,3\nNo opinion,1,No opinion\n');
writeFileSync(join(dir, 'tied.csv'), 'a,b,c\n1,2,3\n1,1,2\n');
writeFileSync(join(dir, 'gap.csv'), 'a,b,c\n1,3,No opinion\n');
writeFileSync(join(dir, 'bad.blt'), '2 1\n1 1=2 0\n0\n"a"\n"b"\n"t"\n');
after(() => rmSync(dir, { recursive: true }));

async function tally(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: {}, cwd: dir };
  const status = await tallyCommand.run(args, io);
  return { status, stdout, stderr };
}

async function stvJson(...args: string[]): Promise<StvResult> {
  const run = await tally(...args, '--format', 'json');
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as StvResult;
}

test('a BLT file counted with Scottish STV: the JSON of SPEC §13 with the official result', async () => {
  const result = await stvJson('ward.blt', '--method', 'scottish-stv');
  assert.deepEqual(Object.keys(result), ['method', 'rules', 'seats', 'candidates', 'withdrawn', 'ballots', 'valid_ballots', 'quota', 'elected', 'stages', 'ties_broken_by_lot']);
  assert.equal(result.method, 'scottish-stv');
  assert.equal(result.seats, 3, 'the seats come from the BLT file');
  assert.equal(result.quota, '645.00000');
  assert.deepEqual(result.elected, ward.elected);
  assert.equal(result.stages.length, 6);
  assert.deepEqual(Object.keys(result.stages[1]!), ['stage', 'action', 'candidate', 'votes', 'transfers', 'non_transferable', 'elected', 'excluded']);
  assert.equal(result.stages[1]!.votes['John SHORT'], '139.17708');
});

test('--input blt reads any file name as BLT; --seats overrides the file', async () => {
  const result = await stvJson('ward.txt', '--input', 'blt', '--method', 'meek-stv', '--seats', '2');
  assert.equal(result.method, 'meek-stv');
  assert.equal(result.seats, 2);
  assert.equal(result.elected.length, 2);
});

test('Schulze counts a BLT file as ranks 1..k', async () => {
  const run = await tally('ward.blt', '--format', 'json');
  const report = JSON.parse(run.stdout) as { method: string; ballots: number; winners: string[] };
  assert.equal(report.method, 'schulze');
  assert.equal(report.ballots, ward.valid_poll);
  assert.equal(report.winners.length, 3);
});

test('a ballot CSV counted with STV; Markdown names the elected, the quota and every stage', async () => {
  const result = await stvJson('strict.csv', '--method', 'scottish-stv', '--winners', '1');
  assert.equal(result.ballots, 4);
  assert.equal(result.quota, '3.00000');
  assert.deepEqual(result.elected, ['a']);
  const markdown = (await tally('strict.csv', '--method', 'scottish-stv', '--format', 'markdown')).stdout;
  assert.match(markdown, /^Counted with Scottish STV: 4 ballots, 3 candidates, 1 seat\. Quota: 3\.00000\./);
  assert.match(markdown, /1\. a/);
  assert.match(markdown, /\| Candidate \| 1: first preferences \|/);
  assert.equal((await tally('strict.csv', '--method', 'scottish-stv')).stdout, markdown, 'text is the same Markdown');
});

test('an STV count refuses CSV rows with equal ranks, as FILE:LINE; a gap changes no order', async () => {
  assert.deepEqual(await tally('tied.csv', '--method', 'meek-stv'), {
    status: 1,
    stdout: '',
    stderr: 'tied.csv:3: rank 1 is given to more than one candidate; STV ballots rank candidates 1, 2, 3… with no two equal\n',
  });
  const gap = await stvJson('gap.csv', '--method', 'scottish-stv');
  assert.deepEqual(gap.elected, ['a'], 'ranks 1 and 3 read as first and second choice');
  assert.equal((await tally('tied.csv')).status, 0, 'Schulze allows equal ranks');
});

test('a broken BLT file is reported as FILE:LINE', async () => {
  assert.deepEqual(await tally('bad.blt', '--method', 'meek-stv'), {
    status: 1,
    stdout: '',
    stderr: 'bad.blt:2: "1=2" ranks candidates equally; STV ballots are strict orders\n',
  });
});
