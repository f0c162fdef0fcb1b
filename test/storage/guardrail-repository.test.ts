// Guardrail warnings in the database (SPEC §14): one open warning per unsafe change, whichever
// replica records it, enforced by the database rather than by the order of the statements.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import type { GuardedSettings, GuardrailFinding } from '../../src/core/guardrails.js';
import type { Problem } from '../../src/core/problem.js';
import { isUniqueViolation } from '../../src/storage/driver-errors.js';
import { openDatabase } from '../../src/storage/open-database.js';
import { acceptGuardrail, applyGuardrails, listOpenGuardrails, readBaseline, runGuardrailTransaction } from '../../src/storage/repositories/guardrail-repository.js';
import type { Database } from '../../src/storage/schema.js';
import { NOW, storedElection } from './storage-fixtures.js';
import { describeEachDialect, withMigratedDatabase, type Dialect } from './test-databases.js';

const BASELINE: GuardedSettings = { start: NOW, end: NOW, method: 'schulze', allowNoOpinion: true, seats: 1, candidates: ['ada', 'grace'] };
const RENAMED: GuardrailFinding & { readonly at: Problem } = {
  kind: 'candidates-changed',
  field: 'candidates',
  subject: 'ada,grace → ada,grace-h',
  message: 'candidates changed after voting started',
  advice: 'put grace back',
  at: { file: 'elections/board/2026/candidate-grace.md', line: 3, message: '' },
};

/** One sync's write of an election's baseline and findings, as the sync makes it. */
function applyInTransaction(db: Kysely<Database>, election: Parameters<typeof applyGuardrails>[1], commit: string) {
  return runGuardrailTransaction(db, election.id, (trx) => applyGuardrails(trx, election, commit, NOW));
}

/** The stored row of `finding`, open, as any replica writes it. */
function warningRow(electionId: number, finding: typeof RENAMED, commit: string) {
  const { kind, subject, message, advice } = finding;
  return { election_id: electionId, kind, subject, message, advice, file: finding.at.file, line: finding.at.line ?? null, commit, created_at: NOW };
}

/**
 * How many sessions of this database are stuck running `statement` (its start), waiting for
 * another transaction. SQLite has none to show: it has one writer at a time, and
 * better-sqlite3 waits for the lock synchronously, so a transaction cannot stay open while
 * another one writes in this process. (MariaDB's `innodb_trx` lags by seconds; a running
 * statement on one row is stuck.)
 */
const LOCK_WAITERS: Readonly<Record<Dialect, ((db: Kysely<Database>, statement: string) => Promise<number>) | null>> = {
  sqlite: null,
  postgresql: async (db) =>
    Number((await sql<{ n: number }>`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db)).rows[0]?.n),
  mysql: async (db, statement) =>
    Number(
      (
        await sql<{ n: number }>`select count(*) as n from information_schema.processlist
          where db = database() and command = 'Query' and info like ${`${statement}%`}`.execute(db)
      ).rows[0]?.n,
    ),
};

/** Resolves once `done` settles or some session of the database waits for a lock running `statement`. */
async function untilSettledOrWaiting(db: Kysely<Database>, dialect: Dialect, done: Promise<unknown>, statement: string): Promise<void> {
  const waiters = LOCK_WAITERS[dialect];
  if (!waiters) return;
  let settled = false;
  void done.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled && (await waiters(db, statement)) === 0) await sleep(10);
}

describeEachDialect('guardrail warnings', (dialect) => {
  it('are open once per change: the database refuses a second open copy, and resolving one frees the change', () =>
    withMigratedDatabase(dialect, async (db) => {
      const electionId = await storedElection(db, 'board---2026');
      await db.insertInto('guardrail_warning').values(warningRow(electionId, RENAMED, 'c1')).execute();
      const [first] = await listOpenGuardrails(db, electionId);
      assert.ok(first);
      await assert.rejects(db.insertInto('guardrail_warning').values(warningRow(electionId, RENAMED, 'c2')).execute(), isUniqueViolation);
      // Another change of the same kind, or the same change in another election, is another warning.
      await db.insertInto('guardrail_warning').values(warningRow(electionId, { ...RENAMED, subject: 'ada,grace → ada' }, 'c2')).execute();
      await db.insertInto('guardrail_warning').values(warningRow(await storedElection(db, 'board---other'), RENAMED, 'c2')).execute();

      await db.updateTable('guardrail_warning').set({ resolved_at: NOW, resolved_by: 'sync' }).where('id', '=', first.id).execute();
      await db.insertInto('guardrail_warning').values(warningRow(electionId, RENAMED, 'c3')).execute();
      const open = await listOpenGuardrails(db, electionId);
      assert.deepEqual(open.map((w) => w.commit).sort(), ['c2', 'c3'], 'the change made again after it was undone is open again');
    }));

  it('are recorded once when another replica records the same change while this one is writing', () =>
    withMigratedDatabase(dialect, async (db, target) => {
      const electionId = await storedElection(db, 'board---2026');
      await applyInTransaction(db, { id: electionId, baseline: BASELINE, findings: [] }, 'c0');
      const otherReplica = openDatabase(target);
      try {
        // The other replica's transaction has written the warning and not committed yet when
        // this one looks for open warnings, finds none, and writes its own.
        let commitOther = () => {};
        const othersTurn = new Promise<void>((resolve) => (commitOther = resolve));
        let written = () => {};
        const othersWrite = new Promise<void>((resolve) => (written = resolve));
        const other = otherReplica.transaction().execute(async (trx) => {
          await trx.insertInto('guardrail_warning').values(warningRow(electionId, RENAMED, 'c1')).execute();
          written();
          if (LOCK_WAITERS[dialect]) await othersTurn;
        });
        await othersWrite;
        const mine = applyInTransaction(db, { id: electionId, baseline: BASELINE, findings: [RENAMED] }, 'c1');
        await untilSettledOrWaiting(db, dialect, mine, 'insert into `guardrail_warning`');
        commitOther();
        await other;

        assert.deepEqual(await mine, [], 'the warning is the other replica’s: not new here');
        const open = await listOpenGuardrails(db, electionId);
        assert.equal(open.length, 1);
        assert.equal(open[0]?.kind, 'candidates-changed');
      } finally {
        await otherReplica.destroy();
      }
    }));

  it('keep a change whose subject is longer than the column open across syncs, not resolved and recorded again', () =>
    withMigratedDatabase(dialect, async (db) => {
      const electionId = await storedElection(db, 'board---2026');
      // 300 candidates' worth of "before → after", with astral characters on the cut (the
      // column counts code points, as MySQL's and PostgreSQL's varchar do).
      const long = { ...RENAMED, subject: `${'ada,'.repeat(63)}𝒜𝒜𝒜𝒜𝒜 → ${'grace,'.repeat(40)}` };
      const election = { id: electionId, baseline: BASELINE, findings: [long] };
      assert.equal((await applyInTransaction(db, election, 'c1')).length, 1);
      assert.deepEqual(await applyInTransaction(db, election, 'c2'), [], 'the same change is not new at the next sync');
      const all = await db.selectFrom('guardrail_warning').select(['subject', 'resolved_at']).execute();
      assert.equal(all.length, 1);
      assert.equal(all[0]?.resolved_at, null);
      assert.equal([...(all[0]?.subject ?? '')].length, 255);
    }));

  it('keep changes whose subjects differ only by case, accents or trailing spaces apart, each open once', () =>
    withMigratedDatabase(dialect, async (db) => {
      const electionId = await storedElection(db, 'board---2026');
      // Candidate IDs are compared byte for byte: `Ada` and `ada` are two candidates, and MySQL's
      // default collation (which ignores case, accents and trailing spaces) must not merge them.
      const subjects = ['ada', 'Ada', 'adá', 'ada '];
      const findings = subjects.map((subject) => ({ ...RENAMED, kind: 'voter-removed' as const, subject }));
      const election = { id: electionId, baseline: BASELINE, findings };
      assert.equal((await applyInTransaction(db, election, 'c1')).length, subjects.length);
      assert.deepEqual(await applyInTransaction(db, election, 'c2'), [], 'none is new at the next sync');
      const open = await db.selectFrom('guardrail_warning').select('subject').where('resolved_at', 'is', null).orderBy('id').execute();
      assert.deepEqual(
        open.map((row) => row.subject),
        subjects,
      );
    }));

  it('are written by one sync or acceptance of an election at a time: an acceptance waits for the sync that read the baseline before it', () =>
    withMigratedDatabase(dialect, async (db) => {
      const electionId = await storedElection(db, 'board---2026');
      await applyInTransaction(db, { id: electionId, baseline: BASELINE, findings: [RENAMED] }, 'c1');
      const [warning] = await listOpenGuardrails(db, electionId);
      assert.ok(warning);
      const accepted = { ...BASELINE, candidates: ['ada', 'grace-h'] };

      // A sync has read the baseline, the change held back by the open warning, and has not
      // written it back yet when an officer accepts the change.
      let syncsTurn = () => {};
      const released = new Promise<void>((resolve) => (syncsTurn = resolve));
      let read = () => {};
      const baselineRead = new Promise<void>((resolve) => (read = resolve));
      const sync = runGuardrailTransaction(db, electionId, async (trx) => {
        const baseline = await readBaseline(trx, electionId);
        read();
        if (LOCK_WAITERS[dialect]) await released;
        return applyGuardrails(trx, { id: electionId, baseline: baseline ?? BASELINE, findings: [RENAMED] }, 'c2', NOW);
      });
      await baselineRead;
      const acceptance = runGuardrailTransaction(db, electionId, (trx) =>
        acceptGuardrail(trx, { electionId, warningId: warning.id, by: 'alice', reason: 'renamed', baseline: accepted, candidates: accepted.candidates }, NOW),
      );
      await untilSettledOrWaiting(db, dialect, acceptance, 'update `election_settings`');
      syncsTurn();

      assert.deepEqual(await sync, [], 'the sync saw the warning open: nothing new');
      assert.equal(await acceptance, true, 'the acceptance ran after the sync, and found the warning still open');
      assert.deepEqual(await listOpenGuardrails(db, electionId), []);
      assert.deepEqual((await readBaseline(db, electionId))?.candidates, accepted.candidates, 'the accepted baseline stays');
    }));
});
