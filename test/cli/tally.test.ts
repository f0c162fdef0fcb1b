import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError, type CliIo } from '../../src/cli/command.js';
import { tallyCommand } from '../../src/cli/commands/tally.js';
import { main } from '../../src/cli/main.js';

// The three ballots of the Elekto 0.6 database fixture: dims and paris tie for first.
const DATABASE_CSV = 'aaron,dims,paris\n2,3,1\n1,No opinion,2\n3,1,2\n';
// a wins outright; b and c tie for second; d is last.
const TIE_CSV = 'd,c,b,a\n4,2,2,1\n4,3,2,1\n4,2,3,1\n';

const dir = mkdtempSync(join(tmpdir(), 'elekto-tally-'));
writeFileSync(join(dir, 'database.csv'), DATABASE_CSV);
writeFileSync(join(dir, 'tie.csv'), TIE_CSV);
writeFileSync(join(dir, 'bad.csv'), 'a,b\n1,2\n1,first\n');
mkdirSync(join(dir, 'folder'));
after(() => rmSync(dir, { recursive: true }));

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function tally(...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: {}, cwd: dir };
  const status = await tallyCommand.run(args, io);
  return { status, stdout, stderr };
}

async function tallyJson(...args: string[]): Promise<Record<string, unknown>> {
  const run = await tally(...args, '--format', 'json');
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

test('the JSON output is the count of SPEC §7, keys in order', async () => {
  const run = await tally('database.csv', '--format', 'json');
  assert.equal(run.status, 0);
  assert.equal(run.stderr, '');
  const report = JSON.parse(run.stdout) as Record<string, unknown>;
  assert.deepEqual(report, {
    method: 'schulze',
    candidates: ['aaron', 'dims', 'paris'],
    ballots: 3,
    seats: 1,
    ranking: [['dims', 'paris'], ['aaron']],
    winners: [],
    tie_at_cutoff: true,
    tied_for_last_seats: { candidates: ['dims', 'paris'], seats: 1 },
    pairwise: { aaron: { dims: 1, paris: 1 }, dims: { aaron: 1, paris: 1 }, paris: { aaron: 2, dims: 1 } },
    strongest_paths: { aaron: { dims: 0, paris: 0 }, dims: { aaron: 0, paris: 0 }, paris: { aaron: 2, dims: 0 } },
  });
  assert.deepEqual(Object.keys(report).slice(0, 4), ['method', 'candidates', 'ballots', 'seats']);
});

test('--winners defaults to one seat', async () => {
  assert.deepEqual(await tallyJson('tie.csv'), await tallyJson('tie.csv', '--winners', '1'));
});

test('--winners fills that many seats and reports a tie at the cutoff', async () => {
  const one = await tallyJson('tie.csv', '--winners', '1');
  assert.deepEqual([one.winners, one.tie_at_cutoff, one.tied_for_last_seats], [['a'], false, null]);
  const two = await tallyJson('tie.csv', '--winners', '2');
  assert.deepEqual([two.winners, two.tie_at_cutoff, two.tied_for_last_seats], [['a'], true, { candidates: ['b', 'c'], seats: 1 }]);
  const three = await tallyJson('tie.csv', '--winners', '3');
  assert.deepEqual([three.winners, three.tie_at_cutoff], [['a', 'b', 'c'], false]);
});

test('more seats than candidates elects everyone', async () => {
  const report = await tallyJson('tie.csv', '--winners', '10');
  assert.deepEqual(report.winners, ['a', 'b', 'c', 'd']);
  assert.equal(report.tie_at_cutoff, false);
});

test('the text output is Markdown with the ranking, the winners and the pairwise matrix', async () => {
  const run = await tally('tie.csv', '--winners', '3');
  assert.equal(run.status, 0);
  assert.match(run.stdout, /^Counted with the Schulze method: 3 ballots, 4 candidates, 3 seats\.\n/);
  assert.ok(run.stdout.includes(
    [
      '| Place | Candidate | Beaten by | Result |',
      '| ---: | --- | ---: | --- |',
      '| 1 | a | 0 | **elected** |',
      '| 2 | b | 1 | **elected** |',
      '| 2 | c | 1 | **elected** |',
      '| 4 | d | 3 |  |',
    ].join('\n'),
  ), run.stdout);
  assert.ok(run.stdout.includes('|  | a | b | c | d |\n| --- | ---: | ---: | ---: | ---: |\n| **a** | — | 3 | 3 | 3 |'), run.stdout);
  assert.ok(!/tie for the last seat/i.test(run.stdout));
});

test('the pairwise tables list the candidates in ranking order, not ID order', async () => {
  writeFileSync(join(dir, 'zed-wins.csv'), 'a,b,zed\n3,2,1\n3,2,1\n2,3,1\n\n');
  const run = await tally('zed-wins.csv');
  assert.equal(run.status, 0, run.stderr);
  assert.ok(run.stdout.includes('|  | zed | b | a |\n'), run.stdout);
});

test('elekto help with an unknown topic fails with status 2 and lists the commands', async () => {
  let stdout = '';
  let stderr = '';
  const status = await main(['help', 'nosuch'], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: {}, cwd: dir });
  assert.equal(status, 2);
  assert.equal(stdout, '');
  assert.match(stderr, /^elekto help: unknown command 'nosuch'\n\n.*Commands:/s);
});

test('the text output says so when the seats run out inside a tie', async () => {
  const run = await tally('tie.csv', '--winners', '2');
  assert.ok(run.stdout.includes('| 2 | b | 1 | tied for the last seat |'), run.stdout);
  assert.ok(run.stdout.includes('**Tie for the last seat:** b, c are tied for 1 remaining seat'), run.stdout);
});

test('a malformed CSV is reported as FILE:LINE with exit status 1', async () => {
  const run = await tally('bad.csv');
  assert.deepEqual(run, {
    status: 1,
    stdout: '',
    stderr: "bad.csv:3: column 2 ('b'): 'first' is neither a rank (a whole number from 1) nor 'No opinion'\n",
  });
});

test('an unreadable file is reported with exit status 1', async () => {
  assert.deepEqual(await tally('missing.csv'), { status: 1, stdout: '', stderr: 'missing.csv: cannot read the file: no such file\n' });
  assert.equal((await tally('folder')).stderr, 'folder: cannot read the file: it is a directory\n');
});

test('bad arguments are usage errors', async () => {
  for (const args of [[], ['a.csv', 'b.csv'], ['tie.csv', '--winners', '0'], ['tie.csv', '--winners', 'two'], ['tie.csv', '--format', 'xml'], ['tie.csv', '--seats', '2', '--winners', '2'], ['tie.csv', '--method', 'stv'], ['tie.csv', '--input', 'xls']]) {
    await assert.rejects(tally(...args), UsageError, args.join(' '));
  }
});

test('- reads the ballots from standard input', () => {
  const script = `
    import { tallyCommand } from ${JSON.stringify(new URL('../../src/cli/commands/tally.ts', import.meta.url).href)};
    const io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), env: {}, cwd: process.cwd() };
    process.exitCode = await tallyCommand.run(['-', '--format', 'json'], io);`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { input: TIE_CSV, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.deepEqual((JSON.parse(child.stdout) as { ranking: unknown }).ranking, [['a'], ['b', 'c'], ['d']]);
});

test('elekto tally through main exits 0, 1 and 2', async () => {
  const io: CliIo = { stdout: () => undefined, stderr: () => undefined, env: {}, cwd: dir };
  assert.equal(await main(['tally', 'tie.csv'], io), 0);
  assert.equal(await main(['tally', 'bad.csv'], io), 1);
  assert.equal(await main(['tally', 'tie.csv', '--winners', 'x'], io), 2);
});
