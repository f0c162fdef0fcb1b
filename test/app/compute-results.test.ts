import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { it } from 'node:test';
import type { Kysely } from 'kysely';
import { computeResults, findResult, readBallotTable } from '../../src/app/compute-results.js';
import { formatBallotCsv } from '../../src/core/ballot-csv.js';
import { castBallot } from '../../src/storage/repositories/ballot-casting.js';
import { newBallotGroupId } from '../../src/storage/repositories/ballot-rows.js';
import type { Database } from '../../src/storage/schema.js';
import { fakeLink, NOW, storedElection, storedUser } from '../storage/storage-fixtures.js';
import { describeEachDialect, withMigratedDatabase } from '../storage/test-databases.js';

/** Casts each ballot (candidate → rank) by a new user, every one with a row for each of `candidates`. */
async function cast(db: Kysely<Database>, electionId: number, candidates: readonly string[], ballots: readonly Record<string, number>[]) {
  for (const [index, ranks] of ballots.entries()) {
    const userId = await storedUser(db, `u${electionId}-${index}`);
    const ballot = new Map(Object.entries(ranks));
    const done = await castBallot(db, { electionId, userId, ballotGroupId: newBallotGroupId(), ballot, candidates, link: fakeLink(), now: NOW });
    assert.ok(done.ok);
  }
}

const request = (electionId: number, candidates: readonly string[], overrides: Partial<Parameters<typeof computeResults>[1]> = {}) => ({
  electionId,
  candidates,
  seats: 1,
  deleteAfter: false,
  officer: 'alice',
  now: NOW,
  ...overrides,
});

describeEachDialect('computeResults', (dialect) => {
  it("counts the election's current candidates: a withdrawn one is ignored, a new one stands unranked", () =>
    withMigratedDatabase(dialect, async (db) => {
      const electionId = await storedElection(db, 'e');
      // Counted, 'gone' would beat everyone; 'new' is on no ballot, so compared with nobody.
      await cast(db, electionId, ['a', 'b', 'gone'], [{ gone: 1, b: 2, a: 3 }, { gone: 1, b: 2, a: 3 }, { a: 1, b: 2, gone: 3 }]);
      const { stored, report } = await computeResults(db, request(electionId, ['new', 'b', 'a'], { seats: 1 }));
      assert.ok(report.method === 'schulze');
      assert.deepEqual(report.candidates, ['a', 'b', 'new']);
      assert.deepEqual(report.ranking, [['b', 'new'], ['a']]);
      assert.deepEqual(report.winners, []);
      assert.equal(report.tie_at_cutoff, true);
      assert.equal(report.ballots, 3);
      assert.deepEqual(report.pairwise['b'], { a: 2, new: 0 });
      const csv = formatBallotCsv(await readBallotTable(db, electionId, ['new', 'b', 'a']));
      assert.deepEqual(csv.split('\n').slice(0, 1), ['a,b,new']);
      assert.deepEqual(csv.split('\n').slice(1, -1).sort(), ['1,2,No opinion', '3,2,No opinion', '3,2,No opinion']);
      assert.equal(stored.inputHash, createHash('sha256').update(csv).digest('hex'));
      assert.deepEqual((await readBallotTable(db, electionId)).candidates, ['a', 'b', 'gone'], 'without candidates: those on the ballots');
    }));

  it('returns the stored result unchanged when asked again, without counting or erasing again', () =>
    withMigratedDatabase(dialect, async (db) => {
      const electionId = await storedElection(db, 'e');
      await cast(db, electionId, ['a', 'b'], [{ a: 1, b: 2 }]);
      const first = await computeResults(db, request(electionId, ['a', 'b']));
      const second = await computeResults(db, request(electionId, ['a', 'b', 'c'], { seats: 5, officer: 'bob', deleteAfter: true, now: new Date(NOW.getTime() + 60_000) }));
      assert.deepEqual(second, first);
      assert.deepEqual(await findResult(db, electionId), first);
      const links = await db.selectFrom('voter').select('ballot_id').where('ballot_id', 'is not', null).execute();
      assert.equal(links.length, 1, 'the second call erased nothing');
    }));

  it('counts an STV election with its method; a removed candidate leaves a gap that changes no order', () =>
    withMigratedDatabase(dialect, async (db) => {
      const electionId = await storedElection(db, 'e');
      await cast(db, electionId, ['a', 'b', 'gone'], [{ gone: 1, b: 2, a: 3 }, { gone: 1, b: 2 }, { a: 1, b: 2 }]);
      const { stored, report } = await computeResults(db, request(electionId, ['a', 'b'], { method: 'scottish-stv' }));
      assert.ok(report.method === 'scottish-stv');
      // b > a, b, a > b: quota 3 ÷ 2 + 1 = 2, b has 2 first choices.
      assert.equal(report.quota, '2.00000');
      assert.deepEqual(report.elected, ['b']);
      assert.deepEqual(report.stages[0]!.votes, { a: '1.00000', b: '2.00000' });
      assert.equal(stored.inputHash, createHash('sha256').update(formatBallotCsv(await readBallotTable(db, electionId, ['a', 'b']))).digest('hex'));
    }));

  it('counts an election without ballots: everyone tied, nobody elected outright', () =>
    withMigratedDatabase(dialect, async (db) => {
      const electionId = await storedElection(db, 'e');
      const { report } = await computeResults(db, request(electionId, ['b', 'a'], { deleteAfter: true }));
      assert.ok(report.method === 'schulze');
      assert.equal(report.ballots, 0);
      assert.deepEqual(report.ranking, [['a', 'b']]);
      assert.deepEqual(report.winners, []);
      assert.equal(report.tie_at_cutoff, true);
    }));
});
