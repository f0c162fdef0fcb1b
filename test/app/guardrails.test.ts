// The guardrails of SPEC §14 on a real git repository whose history makes each unsafe change:
// every sync compares each election with what the database knows and records one warning per
// unsafe change, with the commit that made it, until a later commit undoes it.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Kysely } from 'kysely';
import { syncElections, type MetaSource } from '../../src/app/election-sync.js';
import { openDatabase } from '../../src/storage/open-database.js';
import { castBallot } from '../../src/storage/repositories/ballot-casting.js';
import { newBallotGroupId } from '../../src/storage/repositories/ballot-rows.js';
import { listAudit } from '../../src/storage/repositories/audit-repository.js';
import { listOpenGuardrails } from '../../src/storage/repositories/guardrail-repository.js';
import { upsertUserByLogin } from '../../src/storage/repositories/user-repository.js';
import type { Database } from '../../src/storage/schema.js';
import { candidateMd, electionYaml } from '../meta/meta-helpers.js';
import { describeEachDialect, withMigratedDatabase } from '../storage/test-databases.js';
import { MetaGitRepository, runningElectionFiles } from './meta-git-repository.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const DIR = 'elections/board/2026';
const KEY = 'board---2026';

/** `election.yaml` of the running election of `runningElectionFiles`, with overrides. */
function yaml(overrides: Record<string, string> = {}): string {
  return electionYaml({
    name: `Election board/2026`,
    start_datetime: '2026-06-14 12:00:00',
    end_datetime: '2026-06-16 12:00:00',
    exception_due: '2026-06-15 12:00:00',
    election_officers: '\n  - alice',
    ...overrides,
  });
}

async function sync(db: Kysely<Database>, source: MetaSource) {
  const outcome = await syncElections(db, source, NOW);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.error);
  return outcome.value;
}

/** The open warnings of the election as `kind file:line commit`. */
async function openWarnings(db: Kysely<Database>, electionId: number): Promise<string[]> {
  return (await listOpenGuardrails(db, electionId)).map((w) => `${w.kind} ${w.file}${w.line === null ? '' : `:${w.line}`} ${w.commit}`);
}

async function vote(db: Kysely<Database>, electionId: number, login: string, candidates: readonly string[]): Promise<void> {
  const user = await upsertUserByLogin(db, { login, name: null }, NOW);
  const ballot = new Map([[candidates[0] ?? '', 1]]);
  const cast = await castBallot(db, { electionId, userId: user.id, ballotGroupId: newBallotGroupId(), ballot, candidates, link: null, now: NOW });
  assert.ok(cast.ok);
}

describeEachDialect('guardrails at sync', (dialect) => {
  it('warns of each unsafe change with its commit, clears it once undone, and never blocks another election', () =>
    withMigratedDatabase(dialect, async (db) => {
      const repository = MetaGitRepository.create({ ...runningElectionFiles('board/2026', NOW), ...runningElectionFiles('board/other', NOW) });
      try {
        const source: MetaSource = { repo: repository.dir, branch: 'main', path: repository.clonePath(), electionDir: 'elections' };
        const first = await sync(db, source);
        const id = first.electionIds.get(KEY);
        assert.ok(id !== undefined);
        assert.deepEqual(first.guardrails, { recorded: [], failures: [] });

        // Before any ballot, changing the candidates is safe.
        repository.commit({ [`${DIR}/candidate-linus.md`]: candidateMd('linus') }, 'add linus before voting');
        assert.deepEqual((await sync(db, source)).guardrails.recorded, []);
        await vote(db, id, 'carol', ['ada', 'grace', 'linus']);

        // A candidate added and one renamed after the first ballot; another election breaks meanwhile.
        const renamed = repository.commit(
          {
            [`${DIR}/candidate-hopper.md`]: candidateMd('hopper'),
            [`${DIR}/candidate-grace.md`]: candidateMd('grace-h'),
            'elections/board/other/election.yaml': 'name: [unclosed',
          },
          'add hopper, rename grace',
        );
        const changed = await sync(db, source);
        assert.deepEqual(changed.guardrails.failures, []);
        assert.deepEqual(await openWarnings(db, id), [`candidates-changed ${DIR}/candidate-grace.md:3 ${renamed}`]);
        const [warning] = await listOpenGuardrails(db, id);
        assert.equal(
          warning?.message,
          'candidates changed after voting started: added grace-h, hopper; removed grace (a changed ID counts as one removed and one added). ' +
            'Ballots already cast do not rank them the same way',
        );
        assert.match(warning?.advice ?? '', /^Voting is paused until the candidates are restored/);
        assert.equal(changed.catalog.get('board---other')?.valid, false, 'the other election is only marked invalid');

        // A second sync of the same commit records nothing new.
        assert.deepEqual((await sync(db, source)).guardrails.recorded, []);

        // Undone: the warning clears.
        repository.commit({ [`${DIR}/candidate-hopper.md`]: null, [`${DIR}/candidate-grace.md`]: candidateMd('grace') }, 'restore');
        await sync(db, source);
        assert.deepEqual(await openWarnings(db, id), []);

        // The window, allow_no_opinion and the voter list, after the start.
        const moved = repository.commit(
          {
            [`${DIR}/election.yaml`]: yaml({ start_datetime: '2026-06-15 00:00:00', end_datetime: '2026-06-15 11:00:00', allow_no_opinion: 'False' }),
            [`${DIR}/voters.yaml`]: 'eligible_voters:\n  - dave\n',
          },
          'move the window, forbid no opinion, drop carol',
        );
        await sync(db, source);
        const lineOf = (key: string) => yaml().split('\n').findIndex((line) => line.startsWith(`${key}:`)) + 1;
        assert.deepEqual((await openWarnings(db, id)).sort(), [
          `allow-no-opinion-changed ${DIR}/election.yaml:${lineOf('allow_no_opinion')} ${moved}`,
          `end-moved-to-past ${DIR}/election.yaml:${lineOf('end_datetime')} ${moved}`,
          `start-moved ${DIR}/election.yaml:${lineOf('start_datetime')} ${moved}`,
          `voter-removed ${DIR}/voters.yaml ${moved}`,
        ]);
        assert.match((await listOpenGuardrails(db, id)).find((w) => w.kind === 'voter-removed')?.message ?? '', /^carol was removed from voters.yaml after voting started; a ballot they cast still counts/);

        // Put back, then results computed; changing the seats afterwards is unsafe too.
        repository.commit({ [`${DIR}/election.yaml`]: yaml(), [`${DIR}/voters.yaml`]: 'eligible_voters:\n  - carol\n  - dave\n' }, 'put back');
        await sync(db, source);
        assert.deepEqual(await openWarnings(db, id), []);
        await db.insertInto('election_result').values({ election_id: id, computed_at: NOW, computed_by: 'alice', input_hash: '0'.repeat(64), result: '{}' }).execute();
        const seats = repository.commit({ [`${DIR}/election.yaml`]: yaml({ no_winners: '3' }) }, 'three seats');
        await sync(db, source);
        assert.deepEqual(await openWarnings(db, id), [`seats-changed-after-results ${DIR}/election.yaml:${lineOf('no_winners')} ${seats}`]);

        // Every sync that changed the election is in its audit trail, with the commit.
        const trail = await listAudit(db, id);
        assert.ok(trail.every((entry) => entry.kind === 'sync' && entry.actor === 'sync'));
        assert.equal(trail[0]?.commit, seats);
        assert.equal(trail.filter((entry) => entry.commit === renamed).length, 1, 'a sync of the same commit changes nothing more');
        assert.match(trail.find((entry) => entry.commit === renamed)?.detail ?? '', /^changed candidates; guardrail warning: candidates changed after voting started/);
        assert.match(trail.at(-1)?.detail ?? '', /^added$/);
      } finally {
        repository.remove();
      }
    }));

  it('records an unsafe change once when two replicas sync its commit at the same instant', () =>
    withMigratedDatabase(dialect, async (db, target) => {
      const repository = MetaGitRepository.create(runningElectionFiles('board/2026', NOW));
      const otherReplica = openDatabase(target);
      try {
        const clone = (): MetaSource => ({ repo: repository.dir, branch: 'main', path: repository.clonePath(), electionDir: 'elections' });
        const [one, two] = [clone(), clone()];
        const id = (await sync(db, one)).electionIds.get(KEY);
        assert.ok(id !== undefined);
        await sync(otherReplica, two);
        await vote(db, id, 'carol', ['ada', 'grace']);
        repository.commit({ [`${DIR}/candidate-grace.md`]: candidateMd('grace-h') }, 'rename grace');

        const reports = await Promise.all([sync(db, one), sync(otherReplica, two)]);
        assert.equal(reports.flatMap((report) => report.guardrails.recorded).length, 1, 'one replica recorded it');
        assert.equal((await listOpenGuardrails(db, id)).length, 1);
        const mentions = (await listAudit(db, id)).filter((entry) => entry.detail.includes('guardrail warning'));
        assert.equal(mentions.length, 1);
      } finally {
        await otherReplica.destroy();
        repository.remove();
      }
    }));
});
