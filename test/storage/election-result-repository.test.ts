import assert from 'node:assert/strict';
import { it } from 'node:test';
import { castBallot } from '../../src/storage/repositories/ballot-casting.js';
import { findElectionResult, storeElectionResult } from '../../src/storage/repositories/election-result-repository.js';
import { newBallotGroupId } from '../../src/storage/repositories/ballot-rows.js';
import { findVoter } from '../../src/storage/repositories/voter-repository.js';
import { fakeLink, NOW, storedElection, storedUser } from './storage-fixtures.js';
import { describeEachDialect, withMigratedDatabase } from './test-databases.js';

const result = (electionId: number, computedBy: string) => ({
  electionId,
  computedAt: NOW,
  computedBy,
  inputHash: 'a'.repeat(64),
  result: JSON.stringify({ ranking: [['x']] }),
});

describeEachDialect('election results', (dialect) => {
  it('stores one result per election: computing again gives back the first', () =>
    withMigratedDatabase(dialect, async (db) => {
      const electionId = await storedElection(db, 'e');
      assert.equal(await findElectionResult(db, electionId), undefined);
      const first = await storeElectionResult(db, result(electionId, 'alice'), { eraseLinks: false });
      assert.deepEqual(first, result(electionId, 'alice'));
      assert.deepEqual(await storeElectionResult(db, result(electionId, 'bob'), { eraseLinks: false }), first);
      assert.deepEqual(await findElectionResult(db, electionId), first);
    }));

  it('erases the ballot links with the result when the election deletes them after counting', () =>
    withMigratedDatabase(dialect, async (db) => {
      const electionId = await storedElection(db, 'e');
      const userId = await storedUser(db, 'alice');
      const ballotGroupId = newBallotGroupId();
      const cast = await castBallot(db, { electionId, userId, ballotGroupId, ballot: new Map(), candidates: ['x'], link: fakeLink(), now: NOW });
      assert.ok(cast.ok);
      await storeElectionResult(db, result(electionId, 'alice'), { eraseLinks: true });
      const voter = await findVoter(db, electionId, userId);
      assert.ok(voter, 'the voter record stays');
      assert.equal(voter.link, null);
    }));
});
