/**
 * SPEC §16, "nothing the user entered is lost": forms sent while the database is down (a
 * private PostgreSQL cluster, stopped) come back as themselves — 503, Retry-After, the text and
 * ranks kept — whether this replica still has the sender's session cached (the route runs and
 * its query fails) or cannot read it at all (the login cannot be checked). A page that cannot
 * check the login does not pretend the user logged out, and a form given back that way can be
 * sent again once the database returns.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { migrateDatabase } from '../../src/storage/migrate-database.js';
import { openDatabase } from '../../src/storage/open-database.js';
import type { Database } from '../../src/storage/schema.js';
import { startPrivatePostgres } from '../support/private-postgres.js';
import type { PrivateServer } from '../support/private-server.js';
import { ADMIN, seedRequest } from './officer-fixtures.js';
import { Client, countRows, KEYS, LOGINS, rankFields, selectedRanks, testApp } from './web-harness.js';

const TIMEOUTS = { connectMs: 1000, acquireMs: 1500, statementMs: 1500, sqliteBusyMs: 100 };
const RUNNING = `/app/elections/${KEYS.running}`;
/** Accepting a guardrail warning: given back without reading it, so it need not exist here. */
const ACCEPT_URL = `${ADMIN(KEYS.running)}/guardrail/7`;
/** Longer than the per-replica session cache (`SESSIONS.cacheMs`, 2 s): the session must be read again. */
const SESSION_CACHE_EXPIRY_MS = 2_100;

const RANKS = { ada: 2, grace: 1, linus: 3 };
const CHANGED = { ada: 3, grace: 2, linus: 1 };
const EXCEPTION = {
  name: 'Mallory Example',
  email: 'mallory@example.org',
  chat: '@mallory',
  description: 'I maintain the documentation site\nand review pull requests every week.',
  comments: 'Ask the docs team, they know my work.',
};
const NOTE = 'Known docs maintainer & reviewer';
const REASON = 'Grace withdrew on the list & asked us to remove her';

/** The `rank:<id>` selects of a page, in page order. */
const candidateOrder = (html: string) => [...html.matchAll(/<select[^>]*\bname="rank:([^"]+)"/g)].map((m) => m[1]);
/** The site header of a page. */
const header = (html: string) => /<header class="site-header">.*?<\/header>/s.exec(html)?.[0] ?? '';
/** The hidden CSRF field of the page's form (not the header's logout form). */
const formToken = (html: string) => /<main.*name="_csrf" value="([^"]+)"/s.exec(html)?.[1] ?? '';

describe('forms sent while the database is down come back filled in (private PostgreSQL cluster)', () => {
  let cluster: PrivateServer;
  let db: Kysely<Database>;
  let app: FastifyInstance;
  let voter: Client;
  /** A voter who already voted, with a passphrase, and changes the ranking. */
  let changer: Client;
  let outsider: Client;
  let officer: Client;
  let decisionUrl: string;
  /** The candidates in the order the voter's ballot form shows them. */
  let shownOrder: string[];

  before(async () => {
    cluster = await startPrivatePostgres();
    db = openDatabase({ ...cluster.target, timeouts: TIMEOUTS });
    assert.ok((await migrateDatabase(db, 'postgresql')).ok);
    const { app: built, view } = await testApp(db);
    app = built;
    // dave's candidate order differs from a visitor's and from the files' (carol's is a visitor's).
    voter = await Client.as(app, LOGINS.voter2);
    outsider = await Client.as(app, LOGINS.outsider);
    officer = await Client.as(app, LOGINS.officer);
    changer = await Client.as(app, LOGINS.voter);
    const cast = await changer.postForm(`${RUNNING}/vote`, { ...rankFields({ ada: 1, grace: 2, linus: 3 }), passphrase: 'battery staple', passphrase_confirmation: 'battery staple' });
    assert.equal(cast.statusCode, 303);
    decisionUrl = `${ADMIN(KEYS.running)}/exception/${await seedRequest(db, view, KEYS.running, 'eve')}`;
    shownOrder = candidateOrder((await voter.get(`${RUNNING}/vote`)).body) as string[];
    assert.notDeepEqual(shownOrder, ['ada', 'grace', 'linus'], 'the voter sees a shuffled order');
  });
  after(async () => {
    await app?.close();
    await db?.destroy();
    await cluster?.remove();
  });

  /** A CSRF token of each sender's session; reading it caches the session on this replica for 2 s. */
  async function freshTokens() {
    const [ballotToken, exceptionToken, decisionToken, changeToken, acceptToken] = await Promise.all([
      voter.csrfToken(),
      outsider.csrfToken(),
      officer.csrfToken(),
      changer.csrfToken(),
      officer.csrfToken(),
    ]);
    return { ballotToken, exceptionToken, decisionToken, changeToken, acceptToken };
  }

  /** Each form as a browser sends it: fields in page order, with `tokens`. */
  async function postForms(tokens: Awaited<ReturnType<typeof freshTokens>>) {
    const [ballot, exception, decision, change, accept] = await Promise.all([
      voter.postForm(`${RUNNING}/vote`, {
        _csrf: tokens.ballotToken,
        ...rankFields(RANKS, shownOrder),
        passphrase: 'correct horse',
        passphrase_confirmation: 'correct horse',
      }),
      outsider.postForm(`${RUNNING}/exception`, { _csrf: tokens.exceptionToken, ...EXCEPTION }),
      officer.postForm(decisionUrl, { _csrf: tokens.decisionToken, return: 'request', note: NOTE, decision: 'approved' }),
      changer.postForm(`${RUNNING}/vote/edit`, { _csrf: tokens.changeToken, action: 'change', ...rankFields(CHANGED), passphrase: 'battery staple' }),
      officer.postForm(ACCEPT_URL, { _csrf: tokens.acceptToken, reason: REASON }),
    ]);
    return { ballot, exception, decision, change, accept };
  }

  async function healthy(): Promise<void> {
    while ((await voter.get('/health')).statusCode !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  /** Every form came back as itself: 503, Retry-After, what was entered, the login not denied. */
  function assertGivenBack(phase: string, answers: Awaited<ReturnType<typeof postForms>>, loginShown: (login: string) => RegExp): void {
    const logins = { ballot: LOGINS.voter2, exception: LOGINS.outsider, decision: LOGINS.officer, change: LOGINS.voter, accept: LOGINS.officer };
    for (const [name, response] of Object.entries(answers) as [keyof typeof answers, (typeof answers)['ballot']][]) {
      assert.equal(response.statusCode, 503, `${phase}: ${name}: ${response.body.slice(0, 300)}`);
      assert.match(String(response.headers['retry-after']), /^\d+$/, `${phase}: ${name} has Retry-After`);
      assert.match(response.body, /The database is not answering right now/, `${phase}: ${name} says why`);
      assert.doesNotMatch(header(response.body), /href="\/login"/, `${phase}: ${name} does not offer to log in as if the login were lost`);
      assert.match(header(response.body), loginShown(logins[name]), `${phase}: ${name}: the header`);
    }
    const { ballot, exception, decision, change, accept } = answers;
    assert.deepEqual(selectedRanks(ballot.body), { ada: '2', grace: '1', linus: '3' }, `${phase}: the ranks are kept`);
    assert.deepEqual(candidateOrder(ballot.body), shownOrder, `${phase}: the candidates in the order the voter saw`);
    for (const [field, value] of Object.entries(EXCEPTION)) {
      const shown = value.replaceAll('&', '&amp;');
      assert.ok(exception.body.includes(field === 'description' || field === 'comments' ? `>${shown}</textarea>` : `value="${shown}"`), `${phase}: the exception form keeps its ${field}`);
    }
    assert.match(decision.body, /name="note"[^>]*value="Known docs maintainer &amp; reviewer"/, `${phase}: the officer's note is kept`);
    assert.match(decision.body, new RegExp(`action="${decisionUrl}"`), `${phase}: the decision form posts to the same request`);
    assert.deepEqual(selectedRanks(change.body), { ada: '3', grace: '2', linus: '1' }, `${phase}: the changed ranking is kept`);
    assert.match(change.body, /action="[^"]*\/vote\/edit"[^>]*>.*name="action" value="change"/s, `${phase}: as a change of ranking`);
    assert.doesNotMatch(change.body, /battery staple/, `${phase}: the passphrase is never sent back`);
    assert.ok(accept.body.includes(`>${REASON.replaceAll('&', '&amp;')}</textarea>`), `${phase}: the reason for accepting is kept`);
    assert.match(accept.body, new RegExp(`<form method="post" action="${ACCEPT_URL}"`), `${phase}: the accept form posts to the same warning`);
  }

  it('gives every form back (503, Retry-After, input kept) while the sender’s session is still cached', async () => {
    const tokens = await freshTokens(); // each read its session just now: cached for 2 s
    await cluster.stop();
    try {
      assertGivenBack('session cached', await postForms(tokens), (login) => new RegExp(`Logged in as ${login}`));
    } finally {
      await cluster.start();
    }
    await healthy();
    assert.deepEqual(await countRows(db), { voter: 1, ballot: 3, request: 1 }, 'nothing was written');
  });

  it('gives every form back without denying the login when the session cannot be read, and each can be sent again afterwards', async (t) => {
    const tokens = await freshTokens();
    await cluster.stop();
    let answers: Awaited<ReturnType<typeof postForms>>;
    try {
      await new Promise((resolve) => setTimeout(resolve, SESSION_CACHE_EXPIRY_MS));
      answers = await postForms(tokens);
      assertGivenBack('session unreadable', answers, () => /login cannot be checked/i);
    } finally {
      await cluster.start();
    }
    await healthy();

    // The database is back: each page's form is sent again as it was given back.
    const again = await Promise.all([
      voter.postForm(`${RUNNING}/vote`, {
        _csrf: formToken(answers.ballot.body),
        ...rankFields(RANKS, shownOrder),
        passphrase: 'correct horse',
        passphrase_confirmation: 'correct horse',
      }),
      outsider.postForm(`${RUNNING}/exception`, { _csrf: formToken(answers.exception.body), ...EXCEPTION }),
      officer.postForm(decisionUrl, { _csrf: formToken(answers.decision.body), return: 'request', note: NOTE, decision: 'approved' }),
      changer.postForm(`${RUNNING}/vote/edit`, { _csrf: formToken(answers.change.body), action: 'change', ...rankFields(CHANGED), passphrase: 'battery staple' }),
    ]);
    t.diagnostic(`sent again: ${again.map((r) => r.statusCode).join(', ')}`);
    assert.deepEqual(again.map((r) => r.statusCode), [303, 201, 303, 303], again.map((r) => r.body.slice(0, 200)).join('\n'));
    assert.deepEqual(await countRows(db), { voter: 2, ballot: 6, request: 2 });
    const decided = await db.selectFrom('request').select(['decision', 'decision_note']).where('decided_by', '=', LOGINS.officer).executeTakeFirstOrThrow();
    assert.deepEqual(decided, { decision: 'approved', decision_note: NOTE });
  });
});
