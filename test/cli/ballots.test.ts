import assert from 'node:assert/strict';
import { it } from 'node:test';
import { CommandFailure, UsageError, type CliIo } from '../../src/cli/command.js';
import { ballotsCommand, runBallots } from '../../src/cli/commands/ballots.js';
import { parseBlt } from '../../src/core/ballot-blt.js';
import { parseBallotCsv } from '../../src/core/ballot-csv.js';
import { ballotTableFromRanked } from '../../src/core/ranked-ballots.js';
import { schulze } from '../../src/core/schulze.js';
import type { DatabaseTarget } from '../../src/storage/database-target.js';
import { migrateDatabase } from '../../src/storage/migrate-database.js';
import { openDatabase } from '../../src/storage/open-database.js';
import { FIXTURE, loadElekto06Fixture } from '../storage/elekto-0-6-fixture.js';
import { databaseUrlOf, describeEachDialect, withFreshDatabase } from '../storage/test-databases.js';

function capture(env: CliIo['env'] = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = { stdout: (t) => void stdout.push(t), stderr: (t) => void stderr.push(t), env, cwd: '/' };
  return { io, stdout, stderr };
}

/** An adopted copy of the Elekto 0.6 fixture database. */
async function adoptedFixture(target: DatabaseTarget): Promise<void> {
  const db = openDatabase(target);
  try {
    await loadElekto06Fixture(db, target.dialect);
    assert.ok((await migrateDatabase(db, target.dialect)).ok);
  } finally {
    await db.destroy();
  }
}

// Rows in the order of the ballot-group ids 5413be19…, 78282967…, e541bcde…
const EXPECTED_CSV = `aaron,dims,paris
3,1,2
2,3,1
1,No opinion,2
`;

describeEachDialect('elekto ballots', (dialect) => {
  it('prints the anonymous ballots of an Elekto 0.6 election, which count as 0.6 counted them', () =>
    withFreshDatabase(dialect, async (target) => {
      await adoptedFixture(target);
      const { io, stdout, stderr } = capture();
      assert.equal(await runBallots(target, FIXTURE.electionKey, io), 0);
      assert.deepEqual(stderr, []);
      const csv = stdout.join('');
      assert.equal(csv, EXPECTED_CSV);
      const table = parseBallotCsv('ballots.csv', csv);
      assert.ok(table.ok);
      assert.deepEqual(schulze(table.value).ranking, FIXTURE.ranking);
    }));

  it('prints the same ballots as BLT, which read back and count like the CSV', () =>
    withFreshDatabase(dialect, async (target) => {
      await adoptedFixture(target);
      const { io, stdout } = capture();
      assert.equal(await runBallots(target, FIXTURE.electionKey, io, { kind: 'blt', seats: 1 }), 0);
      const text = stdout.join('');
      assert.match(text, /^3 1\n1 2 3 1 0\n1 3 1 2 0\n1 1 3 0\n0\n"aaron"\n"dims"\n"paris"\n"/);
      const blt = parseBlt('ballots.blt', text);
      assert.ok(blt.ok);
      assert.deepEqual(schulze(ballotTableFromRanked(blt.value.ballots)).ranking, FIXTURE.ranking);
    }));

  it('prints only the header, and says so, for an election without ballots', () =>
    withFreshDatabase(dialect, async (target) => {
      await adoptedFixture(target);
      const { io, stdout, stderr } = capture();
      assert.equal(await runBallots(target, 'name_the_app', io), 0);
      assert.equal(stdout.join(''), '\n');
      assert.match(stderr.join(''), /No ballots have been cast in election 'name_the_app'/);
    }));

  it('fails with a clear message for an unknown election key', () =>
    withFreshDatabase(dialect, async (target) => {
      await adoptedFixture(target);
      await assert.rejects(
        runBallots(target, '2099-nothing', capture().io),
        (error: Error) => error instanceof CommandFailure && /^no election '2099-nothing' in the /.test(error.message),
      );
    }));

  it('reads the database from DATABASE_URL', () =>
    withFreshDatabase(dialect, async (target) => {
      await adoptedFixture(target);
      const { io, stdout } = capture({ APP_ENV: 'development', DATABASE_URL: databaseUrlOf(target) });
      assert.equal(await ballotsCommand.run([FIXTURE.electionKey], io), 0);
      assert.equal(stdout.join(''), EXPECTED_CSV);
    }));
});

it('needs exactly one election key', async () => {
  await assert.rejects(ballotsCommand.run([], capture().io), UsageError);
  await assert.rejects(ballotsCommand.run(['a', 'b'], capture().io), UsageError);
  await assert.rejects(ballotsCommand.run(['a', '--format', 'xml'], capture().io), UsageError);
});
