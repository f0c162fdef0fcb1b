import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  InsertQueryNode,
  TableNode,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
} from 'kysely';
import type { Ballot } from '../../src/core/ballot.js';
import type { DatabaseTarget, Dialect } from '../../src/storage/database-target.js';
import { openDatabase } from '../../src/storage/open-database.js';
import {
  castBallot,
  replaceBallot,
  withdrawBallot,
  type CastBallotInput,
  type OpenedBallot,
} from '../../src/storage/repositories/ballot-casting.js';
import { readBallotGroup, readElectionBallots } from '../../src/storage/repositories/ballot-repository.js';
import { newBallotGroupId, NO_OPINION_RANK } from '../../src/storage/repositories/ballot-rows.js';
import {
  eraseBallotLinks,
  findVoter,
  listElectionVoters,
  type StoredBallotLink,
} from '../../src/storage/repositories/voter-repository.js';
import type { Database } from '../../src/storage/schema.js';
import { fakeLink, NOW, storedElection, storedUser } from './storage-fixtures.js';
import { describeEachDialect, withMigratedDatabase } from './test-databases.js';

const CANDIDATES = ['aaron', 'dims', 'paris'];
const ballot = (ranks: Record<string, number>): Ballot => new Map(Object.entries(ranks));

/** Makes every INSERT into `ballot` target a table that does not exist: a real database error. */
class FailBallotInsertsPlugin implements KyselyPlugin {
  transformQuery({ node }: PluginTransformQueryArgs) {
    if (InsertQueryNode.is(node) && node.into?.table.identifier.name === 'ballot') {
      return { ...node, into: TableNode.create('ballot_that_does_not_exist') };
    }
    return node;
  }

  async transformResult({ result }: PluginTransformResultArgs) {
    return result;
  }
}

interface Setup {
  readonly db: Kysely<Database>;
  readonly target: DatabaseTarget;
  readonly electionId: number;
  readonly userId: number;
}

/** What casting `ranks` for the setup's user takes, in a new ballot group. */
function castInput(setup: Setup, ranks: Record<string, number>, link: StoredBallotLink | null = null): CastBallotInput {
  const { electionId, userId } = setup;
  const ballotGroupId = newBallotGroupId();
  return { electionId, userId, ballotGroupId, ballot: ballot(ranks), candidates: CANDIDATES, link, now: NOW };
}

/** Casts `ranks` with a link for the setup's user, returning what opening the link gives. */
async function castOpened(setup: Setup, ranks: Record<string, number>): Promise<OpenedBallot> {
  const link = fakeLink();
  const input = castInput(setup, ranks, link);
  assert.ok((await castBallot(setup.db, input)).ok);
  const { electionId, userId, ballotGroupId } = input;
  return { electionId, userId, ballotGroupId, encrypted: link.encrypted };
}

const change = (ranks: Record<string, number>) => ({ ballot: ballot(ranks), candidates: CANDIDATES, now: NOW });

function withSetup(dialect: Dialect, work: (setup: Setup) => Promise<void>) {
  return () =>
    withMigratedDatabase(dialect, async (db, target) => {
      const electionId = await storedElection(db, '2026-TOC');
      const userId = await storedUser(db, 'alice');
      await work({ db, target, electionId, userId });
    });
}

async function ballotRowCount(db: Kysely<Database>, electionId: number): Promise<number> {
  return (await db.selectFrom('ballot').select('id').where('election_id', '=', electionId).execute()).length;
}

describeEachDialect('casting ballots', (dialect) => {
  it(
    'stores the voter record with its link and one row per candidate, no opinion as Elekto 0.6 did',
    withSetup(dialect, async (setup) => {
      const { db, electionId, userId } = setup;
      const link = fakeLink();
      const input = castInput(setup, { paris: 1, aaron: 2 }, link);
      const { ballotGroupId } = input;
      assert.deepEqual(await castBallot(db, input), { ok: true, value: undefined });

      const voter = await findVoter(db, electionId, userId);
      assert.ok(voter);
      assert.deepEqual(voter.votedAt, NOW);
      const stored = { salt: new Uint8Array(link.salt), encrypted: new Uint8Array(link.encrypted), kdfParams: null };
      assert.deepEqual(voter.link, stored);

      const rows = await db
        .selectFrom('ballot')
        .select(['candidate', 'rank', 'voter'])
        .where('election_id', '=', electionId)
        .orderBy('candidate')
        .execute();
      assert.deepEqual(rows, [
        { candidate: 'aaron', rank: 2, voter: ballotGroupId },
        { candidate: 'dims', rank: NO_OPINION_RANK, voter: ballotGroupId },
        { candidate: 'paris', rank: 1, voter: ballotGroupId },
      ]);
      // Shaped as Elekto 0.6 writes them, so that the Python version can read them too.
      assert.match(ballotGroupId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const ids = await db.selectFrom('ballot').select('id').execute();
      assert.ok(ids.every(({ id }) => /^[0-9a-f]{32}$/.test(id)));
      assert.deepEqual(await readBallotGroup(db, electionId, ballotGroupId), ballot({ aaron: 2, paris: 1 }));
      assert.deepEqual(await listElectionVoters(db, electionId), [{ login: 'alice', votedAt: NOW }]);
    }),
  );

  it(
    'stores no link at all for a ballot cast without a passphrase',
    withSetup(dialect, async (setup) => {
      const { db, electionId, userId } = setup;
      assert.ok((await castBallot(db, castInput(setup, {}))).ok);
      assert.equal((await findVoter(db, electionId, userId))?.link, null);
      const { ballots } = await readElectionBallots(db, electionId);
      assert.deepEqual(ballots, [new Map()], 'an all-unranked ballot still counts as cast');
    }),
  );

  it(
    'refuses a second ballot by the same voter as already voted, storing nothing of it',
    withSetup(dialect, async (setup) => {
      await castOpened(setup, { aaron: 1 });
      const again = await castBallot(setup.db, castInput(setup, { dims: 1 }));
      assert.ok(!again.ok);
      assert.equal(again.error.kind, 'already-voted');
      assert.equal(await ballotRowCount(setup.db, setup.electionId), CANDIDATES.length);
    }),
  );

  it(
    'stores exactly one of two ballots cast at the same time by the same voter on separate connections',
    withSetup(dialect, async (setup) => {
      const { db, target, electionId } = setup;
      // Separate pools, as two replicas would have; several voters, for more chances to interleave.
      const first = openDatabase(target);
      const second = openDatabase(target);
      try {
        for (const login of ['bob', 'carol', 'dave']) {
          const voter = { ...setup, userId: await storedUser(db, login) };
          const outcomes = await Promise.all([
            castBallot(first, castInput(voter, { aaron: 1 }, fakeLink())),
            castBallot(second, castInput(voter, { paris: 1 }, fakeLink())),
          ]);
          const refusals = outcomes.flatMap((outcome) => (outcome.ok ? [] : [outcome.error.kind]));
          assert.deepEqual(refusals, ['already-voted'], `${login}: exactly one cast succeeds`);
        }
        const { ballots } = await readElectionBallots(db, electionId);
        assert.equal(ballots.length, 3);
        assert.equal(await ballotRowCount(db, electionId), 3 * CANDIDATES.length);
      } finally {
        await Promise.all([first.destroy(), second.destroy()]);
      }
    }),
  );

  it(
    'replaces a ballot in place, keeping its group id and link',
    withSetup(dialect, async (setup) => {
      const opened = await castOpened(setup, { aaron: 1, dims: 2, paris: 3 });
      assert.ok((await replaceBallot(setup.db, opened, change({ paris: 1 }))).ok);
      assert.deepEqual(await readBallotGroup(setup.db, setup.electionId, opened.ballotGroupId), ballot({ paris: 1 }));
      assert.equal(await ballotRowCount(setup.db, setup.electionId), CANDIDATES.length);
      const voter = await findVoter(setup.db, setup.electionId, setup.userId);
      assert.deepEqual(voter?.link?.encrypted, new Uint8Array(opened.encrypted));
    }),
  );

  it(
    'keeps the old ballot intact when storing its replacement fails',
    withSetup(dialect, async (setup) => {
      const opened = await castOpened(setup, { aaron: 1, dims: 2, paris: 3 });
      const failing = setup.db.withPlugin(new FailBallotInsertsPlugin());
      await assert.rejects(replaceBallot(failing, opened, change({ paris: 1 })));
      const kept = await readBallotGroup(setup.db, setup.electionId, opened.ballotGroupId);
      assert.deepEqual(kept, ballot({ aaron: 1, dims: 2, paris: 3 }));
      assert.equal(await ballotRowCount(setup.db, setup.electionId), CANDIDATES.length);
    }),
  );

  it(
    'stores nothing of a ballot whose rows cannot be stored, so the voter may try again',
    withSetup(dialect, async (setup) => {
      const failing = setup.db.withPlugin(new FailBallotInsertsPlugin());
      const input = castInput(setup, { aaron: 1 });
      await assert.rejects(castBallot(failing, input));
      assert.equal(await findVoter(setup.db, setup.electionId, setup.userId), undefined);
      assert.ok((await castBallot(setup.db, input)).ok);
    }),
  );

  it(
    'withdraws a ballot: its rows and the voter record go, and the voter may vote again',
    withSetup(dialect, async (setup) => {
      const opened = await castOpened(setup, { aaron: 1 });
      assert.ok((await withdrawBallot(setup.db, opened)).ok);
      assert.equal(await findVoter(setup.db, setup.electionId, setup.userId), undefined);
      assert.equal(await ballotRowCount(setup.db, setup.electionId), 0);
      await castOpened(setup, { dims: 1 });
    }),
  );

  it(
    'refuses to replace or withdraw a ballot that changed since it was opened',
    withSetup(dialect, async (setup) => {
      const opened = await castOpened(setup, { aaron: 1 });
      const stale = { ...opened, encrypted: fakeLink().encrypted };
      assert.equal((await replaceBallot(setup.db, stale, change({ dims: 1 }))).ok, false);
      assert.equal((await withdrawBallot(setup.db, stale)).ok, false);
      assert.ok((await withdrawBallot(setup.db, opened)).ok);
      const gone = await replaceBallot(setup.db, opened, change({ dims: 1 }));
      assert.ok(!gone.ok);
      assert.equal(gone.error.kind, 'ballot-changed');
      assert.equal(await ballotRowCount(setup.db, setup.electionId), 0);
    }),
  );

  it(
    'erases the links of an election while keeping its voters and ballots',
    withSetup(dialect, async (setup) => {
      await castOpened(setup, { aaron: 1 });
      assert.equal(await eraseBallotLinks(setup.db, setup.electionId, NOW), 1);
      assert.equal((await findVoter(setup.db, setup.electionId, setup.userId))?.link, null);
      assert.equal((await readElectionBallots(setup.db, setup.electionId)).ballots.length, 1);
    }),
  );

  it(
    'refuses a ballot naming a candidate outside the election before touching the database',
    withSetup(dialect, async (setup) => {
      await assert.rejects(castBallot(setup.db, castInput(setup, { zed: 1 })), RangeError);
      assert.equal(await findVoter(setup.db, setup.electionId, setup.userId), undefined);
    }),
  );
});
