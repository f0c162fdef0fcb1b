// Accepting a guardrail warning (SPEC §14): a change the officers mean — a candidate who
// withdrew — is accepted from the console with a reason, after a confirmation page. Voting
// resumes with the new candidates, the count ignores the withdrawn one, and a further unsafe
// change is caught again. Through the real app, on a real git meta repository.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import { CatalogStore } from '../../src/app/catalog-store.js';
import { checkGuardrails } from '../../src/app/guardrail-check.js';
import type { Database } from '../../src/storage/schema.js';
import { MetaGitRepository, runningElectionFiles } from '../app/meta-git-repository.js';
import { candidateMd, electionYaml } from '../meta/meta-helpers.js';
import { describeEachDialect, withMigratedDatabase } from '../storage/test-databases.js';
import { buildTestApp, Client, NO_PASSPHRASE, NOW, rankFields } from './web-harness.js';

const KEY = 'board---2026';
const DIR = 'elections/board/2026';
const OTHER_KEY = 'board---old';
const CONSOLE = `/app/elections/${KEY}/admin`;
const CANDIDATES = ['ada', 'grace', 'linus'];
const DAY = 86_400_000;

interface Setup {
  readonly app: FastifyInstance;
  readonly repository: MetaGitRepository;
  readonly db: Kysely<Database>;
  readonly store: CatalogStore;
  /** Syncs the app's catalog with the repository's head, as a webhook delivery would. */
  sync(): Promise<void>;
  /** Moves the clock of the app and of its syncs. */
  setNow(at: Date): void;
}

/** The app wired to a real git meta repository (two elections officered by alice), synced once. */
async function withMetaApp(db: Kysely<Database>, work: (setup: Setup) => Promise<void>): Promise<void> {
  let now = NOW;
  const clock = () => now;
  const repository = MetaGitRepository.create({
    ...runningElectionFiles('board/2026', NOW),
    [`${DIR}/candidate-linus.md`]: candidateMd('linus'),
    ...runningElectionFiles('board/old', NOW, 'Old'),
  });
  const store = new CatalogStore(db, { repo: repository.dir, branch: 'main', path: repository.clonePath(), electionDir: 'elections' }, clock);
  const app = await buildTestApp(db, () => store.current, { clock });
  const sync = async () => {
    const synced = await store.sync();
    assert.ok(synced.ok, synced.ok ? '' : synced.error);
  };
  try {
    await sync();
    await work({ app, repository, db, store, sync, setNow: (at) => (now = at) });
  } finally {
    await app.close();
    repository.remove();
  }
}

/** Casts a ballot through the ballot form; returns the status. */
async function vote(app: FastifyInstance, login: string, ranks: Record<string, number>, candidates = CANDIDATES): Promise<number> {
  const voter = await Client.as(app, login);
  return (await voter.postForm(`/app/elections/${KEY}/vote`, { ...rankFields(ranks, candidates), ...NO_PASSPHRASE })).statusCode;
}

/** The open warnings of an election, as /health lists them. */
async function healthWarnings(app: FastifyInstance, key = KEY): Promise<{ kind: string; message: string }[]> {
  const health = (await app.inject({ method: 'GET', url: '/health' })).json<{ guardrails: { election: string; kind: string; message: string }[] }>();
  return health.guardrails.filter((w) => w.election === key);
}

/** The accept links of the console's warnings: the confirmation pages' paths. */
function acceptLinks(console: string): string[] {
  return [...console.matchAll(/href="([^"]*\/admin\/guardrail\/\d+)"/g)].map((match) => match[1] ?? '');
}

/** carol votes, then linus withdraws and the app syncs: one open `candidates-changed` warning. */
async function withdrawAfterAVote({ app, repository, sync }: Setup): Promise<void> {
  assert.equal(await vote(app, 'carol', { linus: 1, ada: 2, grace: 3 }), 303);
  repository.commit({ [`${DIR}/candidate-linus.md`]: null }, 'linus withdrew');
  await sync();
}

async function openWarningIds(db: Kysely<Database>, kind: string): Promise<number[]> {
  const rows = await db.selectFrom('guardrail_warning').select('id').where('kind', '=', kind).where('resolved_at', 'is', null).orderBy('id').execute();
  return rows.map((row) => Number(row.id));
}

/**
 * `db`, except that its first transaction waits until `release()`; `reached` resolves when it
 * is asked for. Nothing is held meanwhile: no connection, no lock, no snapshot.
 */
function holdingFirstTransaction(db: Kysely<Database>) {
  let reach = () => {};
  let release = () => {};
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  let held = false;
  const holding = new Proxy(db, {
    get(target, property) {
      if (property === 'transaction' && !held) {
        held = true;
        return () => ({
          execute: async <T>(work: (trx: Transaction<Database>) => Promise<T>) => {
            reach();
            await released;
            return target.transaction().execute(work);
          },
        });
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: holding, reached, release };
}

describeEachDialect('accepting a guardrail warning', (dialect) => {
  it('a candidate withdraws after ballots exist: the officer accepts it with a reason, voting resumes, the count ignores them, and a further change is caught', () =>
    withMigratedDatabase(dialect, (db) =>
      withMetaApp(db, async (setup) => {
        const { app, repository, sync, setNow } = setup;
        await withdrawAfterAVote(setup);
        assert.deepEqual((await healthWarnings(app)).map((w) => w.kind), ['candidates-changed']);
        assert.equal(await vote(app, 'dave', { ada: 1, grace: 2 }, ['ada', 'grace']), 409, 'voting is paused');

        const alice = await Client.as(app, 'alice');
        const before = (await alice.get(`${CONSOLE}/`)).body;
        assert.match((await alice.get('/app')).body, /Next: undo or accept 1 unsafe change\./);
        const [confirmHref, ...more] = acceptLinks(before);
        assert.ok(confirmHref !== undefined && more.length === 0, 'one accept link, for the one warning');

        // The confirmation page says what accepting means for a removed candidate.
        const confirm = await alice.get(confirmHref);
        assert.equal(confirm.statusCode, 200);
        assert.match(confirm.body, /<h1>Accept this change\?<\/h1>/);
        assert.match(confirm.body, /candidates changed after voting started: removed linus/);
        assert.match(confirm.body, /The ranks given to linus on ballots already cast are ignored in the count/);
        assert.match(confirm.body, /Voting resumes with the candidates ada, grace/);
        assert.match(confirm.body, /<textarea[^>]*name="reason"[^>]*required/);
        assert.match(confirm.body, /name="_csrf"/);
        assert.match(confirm.body, /<form method="post" action="[^"]*\/admin\/guardrail\/\d+">/, 'a plain form: no script needed');

        // A reason is required, and bounded.
        const empty = await alice.postForm(confirmHref, { reason: '   ' });
        assert.equal(empty.statusCode, 400);
        assert.match(empty.body, /Give the reason for accepting this change\./);
        const long = await alice.postForm(confirmHref, { reason: 'x'.repeat(1001) });
        assert.equal(long.statusCode, 400);
        assert.match(long.body, /The reason must be at most 1000 characters\./);
        assert.match(long.body, />x{1001}<\/textarea>/, 'what the officer wrote is kept');
        assert.equal((await healthWarnings(app)).length, 1, 'a refused acceptance changes nothing');

        const accepted = await alice.postForm(confirmHref, { reason: 'Linus withdrew on the mailing list <2026-06-15>' });
        assert.equal(accepted.statusCode, 303, accepted.body);
        assert.equal(accepted.headers.location, `${CONSOLE}/#guardrails`);

        // Resolved, with who, when and why, in the console's history and the audit trail.
        const after = (await alice.get(`${CONSOLE}/`)).body;
        assert.doesNotMatch(after, /Unsafe changes to this election/);
        assert.match(after, /<h2 id="accepted-changes">Accepted changes<\/h2>/);
        assert.match(after, /candidates changed after voting started: removed linus[^<]*<\/strong>/);
        assert.match(after, /Accepted by alice, <time[^>]*>[^<]*<\/time>: <span class="user-text">Linus withdrew on the mailing list &lt;2026-06-15><\/span>/);
        assert.match(after, /<td>alice<\/td><td>accept-guardrail<\/td><td>accepted the unsafe change &quot;candidates changed after voting started: removed linus[^&]*&quot;; reason: Linus withdrew/);
        assert.deepEqual(await healthWarnings(app), [], '/health no longer lists it');
        assert.doesNotMatch((await alice.get('/app')).body, /unsafe change/, 'nor does the dashboard');

        // Voting resumes with the new candidates, and the next syncs do not record the change again.
        assert.equal(await vote(app, 'dave', { grace: 1, ada: 2 }, ['ada', 'grace']), 303);
        await sync();
        repository.commit({ [`${DIR}/candidate-ada.md`]: candidateMd('ada', 'A new bio.') }, 'a new bio is safe');
        await sync();
        assert.deepEqual(await healthWarnings(app), []);

        // A further unsafe change is caught again, compared with the accepted candidates.
        repository.commit({ [`${DIR}/candidate-grace.md`]: null }, 'grace withdrew too');
        await sync();
        const again = await healthWarnings(app);
        assert.deepEqual(again.map((w) => w.message), ['candidates changed after voting started: removed grace. Ballots already cast do not rank them the same way']);
        const carol = await Client.as(app, 'carol');
        assert.equal((await carol.postForm(`/app/elections/${KEY}/vote/view`, {})).statusCode, 409, 'paused again');
        repository.commit({ [`${DIR}/candidate-grace.md`]: candidateMd('grace') }, 'grace stays');
        await sync();
        assert.deepEqual(await healthWarnings(app), [], 'undone: resolved by the sync');

        // The count: the withdrawn candidate's ranks on carol's ballot are ignored.
        setNow(new Date(NOW.getTime() + 2 * DAY));
        const officer = await Client.as(app, 'alice');
        assert.equal((await officer.postForm(`${CONSOLE}/results`, {})).statusCode, 303);
        const report = (await officer.get(`${CONSOLE}/results.json`)).json<{ candidates: string[]; ballots: number; winners: string[] }>();
        assert.deepEqual(report.candidates, ['ada', 'grace']);
        assert.equal(report.ballots, 2);
      }),
    ));

  it('is refused to non-officers, for a warning of another election, for a resolved warning, without a CSRF token, and once the files changed again', () =>
    withMigratedDatabase(dialect, (db) =>
      withMetaApp(db, async ({ app, repository, sync }) => {
        assert.equal(await vote(app, 'carol', { ada: 1, grace: 2, linus: 3 }), 303);
        const oldVoter = await Client.as(app, 'dave');
        const oldBallot = { ...rankFields({ ada: 1, grace: 2 }, ['ada', 'grace']), ...NO_PASSPHRASE };
        assert.equal((await oldVoter.postForm(`/app/elections/${OTHER_KEY}/vote`, oldBallot)).statusCode, 303);
        repository.commit({ [`${DIR}/candidate-linus.md`]: null, 'elections/board/old/candidate-grace.md': null }, 'two withdrawals');
        await sync();
        const [mine, theirs] = await openWarningIds(db, 'candidates-changed');
        assert.ok(mine !== undefined && theirs !== undefined);
        const url = `${CONSOLE}/guardrail/${mine}`;
        const reason = { reason: 'withdrew' };

        const carol = await Client.as(app, 'carol');
        for (const response of [await carol.get(url), await carol.postForm(url, reason)]) {
          assert.equal(response.statusCode, 403);
          assert.match(response.body, /Only the officers of this election may do this\./);
        }
        const alice = await Client.as(app, 'alice');
        for (const response of [await alice.get(`${CONSOLE}/guardrail/${theirs}`), await alice.postForm(`${CONSOLE}/guardrail/${theirs}`, reason)]) {
          assert.equal(response.statusCode, 404, 'a warning of another election is not found in this one');
        }
        for (const id of ['0', '99999999999', 'abc', `${mine}x`]) assert.equal((await alice.get(`${CONSOLE}/guardrail/${id}`)).statusCode, 404);
        assert.equal((await alice.postForm(url, reason, { csrf: false })).statusCode, 403);
        assert.equal((await alice.postForm(url, { ...reason, _csrf: 'not-a-token' })).statusCode, 403);
        assert.deepEqual(await openWarningIds(db, 'candidates-changed'), [mine, theirs], 'nothing was accepted');

        // The files changed again since the warning, and this replica has not synced yet: refused.
        await db.updateTable('guardrail_warning').set({ subject: 'ada,grace,linus → ada' }).where('id', '=', mine).execute();
        const stale = await alice.postForm(url, reason);
        assert.equal(stale.statusCode, 409);
        assert.match(stale.body, /This warning no longer matches the election&#39;s files|This warning no longer matches the election's files/);
        await db.updateTable('guardrail_warning').set({ subject: 'ada,grace,linus → ada,grace' }).where('id', '=', mine).execute();

        assert.equal((await alice.postForm(url, reason)).statusCode, 303);
        for (const response of [await alice.postForm(url, reason), await alice.get(url)]) {
          assert.equal(response.statusCode, 409);
          assert.match(response.body, /This warning is already resolved\./);
        }
        assert.deepEqual(await openWarningIds(db, 'candidates-changed'), [theirs], 'only the accepted one is resolved');
      }),
    ));

  it('accepts a setting changed after the start: the next sync compares with the new setting, and a removed voter is not reported again', () =>
    withMigratedDatabase(dialect, (db) =>
      withMetaApp(db, async ({ app, repository, sync }) => {
        assert.equal(await vote(app, 'carol', { ada: 1, grace: 2, linus: 3 }), 303);
        const yaml = (overrides: Record<string, string>) =>
          electionYaml({
            name: 'Election board/2026',
            start_datetime: new Date(NOW.getTime() - DAY).toISOString().slice(0, 19).replace('T', ' '),
            end_datetime: new Date(NOW.getTime() + DAY).toISOString().slice(0, 19).replace('T', ' '),
            exception_due: NOW.toISOString().slice(0, 19).replace('T', ' '),
            election_officers: '\n  - alice',
            ...overrides,
          });
        repository.commit({ [`${DIR}/election.yaml`]: yaml({ allow_no_opinion: 'False' }), [`${DIR}/voters.yaml`]: 'eligible_voters:\n  - dave\n' }, 'strict');
        await sync();
        assert.deepEqual((await healthWarnings(app)).map((w) => w.kind).sort(), ['allow-no-opinion-changed', 'voter-removed']);
        const alice = await Client.as(app, 'alice');
        const links = acceptLinks((await alice.get(`${CONSOLE}/`)).body);
        assert.equal(links.length, 2);
        const pages = await Promise.all(links.map(async (href) => ({ href, body: (await alice.get(href)).body })));
        const setting = pages.find((page) => /allow_no_opinion changed/.test(page.body));
        const voter = pages.find((page) => /carol was removed/.test(page.body));
        assert.ok(setting && voter);
        assert.match(setting.body, /The count uses the new setting: allow_no_opinion is False from now on/);
        assert.match(voter.body, /The ballot carol cast still counts: nothing links a ballot to its voter/);

        for (const page of [setting, voter]) assert.equal((await alice.postForm(page.href, { reason: 'decided at the meeting' })).statusCode, 303);
        await sync();
        assert.deepEqual(await healthWarnings(app), []);
        assert.equal(await vote(app, 'dave', { ada: 1, grace: 2, linus: 3 }), 303, 'voting was never paused by a setting');

        repository.commit({ [`${DIR}/election.yaml`]: yaml({ allow_no_opinion: 'True' }) }, 'relaxed again');
        await sync();
        assert.deepEqual((await healthWarnings(app)).map((w) => w.message), [
          'allow_no_opinion changed from False to True after voting started: ballots already cast follow the old rule',
        ]);
      }),
    ));

  it('made while a sync checks the election, stays accepted: the sync neither writes the old baseline back nor records the change again', () =>
    withMigratedDatabase(dialect, (db) =>
      withMetaApp(db, async (setup) => {
        const { app, store, sync } = setup;
        await withdrawAfterAVote(setup);
        const alice = await Client.as(app, 'alice');
        const [href] = acceptLinks((await alice.get(`${CONSOLE}/`)).body);
        assert.ok(href !== undefined);

        // A sync (another replica's, say) checks the election, and an officer's acceptance
        // commits just before the sync's transaction begins: after the sync read the baseline,
        // when it read it outside that transaction.
        const { catalog, electionIds } = store.current;
        const id = electionIds.get(KEY);
        assert.ok(id !== undefined);
        const held = holdingFirstTransaction(db);
        const rows = { added: [], updated: [], missing: [], restored: [] };
        const checking = checkGuardrails(held.db, { catalog, electionIds: new Map([[KEY, id]]), rows, commit: 'racing' }, NOW);
        await held.reached;
        assert.equal((await alice.postForm(href, { reason: 'Linus withdrew' })).statusCode, 303);
        held.release();
        const report = await checking;
        assert.deepEqual(report, { recorded: [], failures: [] }, 'the sync records nothing');

        assert.deepEqual(await healthWarnings(app), [], 'no open warning');
        assert.equal(await vote(app, 'dave', { grace: 1, ada: 2 }, ['ada', 'grace']), 303, 'voting is not paused');
        const settings = await db.selectFrom('election_settings').select(['candidate_ids', 'accepted_candidate_ids']).where('election_id', '=', id).executeTakeFirstOrThrow();
        assert.deepEqual(settings, { candidate_ids: '["ada","grace"]', accepted_candidate_ids: '["ada","grace"]' }, 'the accepted baseline and candidates are kept');
        await sync();
        assert.deepEqual(await healthWarnings(app), [], 'nor does the next sync find the change');
      }),
    ));
});
