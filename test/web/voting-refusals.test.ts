// Casting and changing ballots over HTTP when something is wrong (SPEC §5, §8, §11): every
// refusal answers with its status and a sentence the voter understands, and stores nothing;
// two simultaneous ballots of one voter store one; a failed change keeps the old ballot; a
// full key-derivation queue answers 503 with the voter's ranks kept.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Kysely, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { newBallotBox } from '../../src/app/ballot-box.js';
import type { CatalogView } from '../../src/app/catalog-store.js';
import { KdfQueue } from '../../src/crypto/kdf-queue.js';
import type { Database } from '../../src/storage/schema.js';
import { candidateMd, electionYaml } from '../meta/meta-helpers.js';
import { describeEachDialect } from '../storage/test-databases.js';
import {
  buildTestApp,
  Client,
  countRows,
  KEYS,
  openTestDatabase,
  NO_PASSPHRASE,
  rankFields,
  selectedRanks,
  TEST_KDF,
  testAppOn,
  testRepositoryFiles,
  ymd,
} from './web-harness.js';

const running = `/app/elections/${KEYS.running}`;
const STRICT = 'board---strict';
const strict = `/app/elections/${STRICT}`;
const STV = `/app/elections/board---stv`;

/** Each test votes as voters of its own, so that one test's ballot never affects another. */
const VOTERS = ['carol', 'DAVE', 'erin', 'frank', 'gina', 'hank', 'ian', 'jill', 'kim', 'lena', 'mona'];

/** The test repository, with more voters in the running election and a running election that requires every rank. */
function repository(): Map<string, string> {
  const voters = `eligible_voters:\n${VOTERS.map((login) => `  - ${login}\n`).join('')}`;
  const strictDir = 'elections/board/strict';
  return testRepositoryFiles({
    'elections/board/running/voters.yaml': voters,
    [`${strictDir}/election.yaml`]: electionYaml({
      name: 'Board election (every rank required)',
      start_datetime: ymd(-5),
      end_datetime: ymd(5),
      exception_due: ymd(4),
      allow_no_opinion: 'False',
      election_officers: '\n  - alice',
    }),
    [`${strictDir}/voters.yaml`]: voters,
    ...Object.fromEntries(['ada', 'grace', 'linus'].map((id) => [`${strictDir}/candidate-${id}.md`, candidateMd(id)])),
    'elections/board/stv/election.yaml': electionYaml({
      name: 'Board election (STV)',
      start_datetime: ymd(-5),
      end_datetime: ymd(5),
      exception_due: ymd(4),
      election_method: 'meek-stv',
      election_officers: '\n  - alice',
    }),
    'elections/board/stv/voters.yaml': voters,
    ...Object.fromEntries(['ada', 'grace', 'linus'].map((id) => [`elections/board/stv/candidate-${id}.md`, candidateMd(id)])),
  });
}

/** The ballot rows of the database, comparable across dialects. */
async function ballotRows(db: Kysely<Database>) {
  const rows = await db.selectFrom('ballot').select(['election_id', 'voter', 'candidate', 'rank']).orderBy('voter').orderBy('candidate').execute();
  return rows.map((row) => ({ election: Number(row.election_id), group: row.voter, candidate: row.candidate, rank: Number(row.rank) }));
}

async function voterRows(db: Kysely<Database>) {
  const rows = await db.selectFrom('voter').selectAll().orderBy('id').execute();
  return rows.map((row) => ({ ...row, id: Number(row.id), user_id: Number(row.user_id), election_id: Number(row.election_id) }));
}

/** A page must not show what went wrong inside: no stack frame, no file path, no internal message. */
function assertNoInternals(body: string): void {
  assert.doesNotMatch(body, /\bat [^\s]+ \(|\.tsx?:\d+|node_modules|injected failure/);
}

/**
 * Makes every INSERT into `ballot` fail while `failing` is set, as a full disk or a dropped
 * connection would; added to a second Kysely instance that only the ballot box uses.
 */
class FailingBallotInserts implements KyselyPlugin {
  failing = false;
  /** How many inserts were made to fail. */
  failures = 0;

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node;
    if (this.failing && node.kind === 'InsertQueryNode' && node.into?.table.identifier.name === 'ballot') {
      this.failures += 1;
      throw new Error('injected failure: the ballot rows could not be written');
    }
    return node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

describeEachDialect('voting refusals over HTTP', (dialect) => {
  let close: () => Promise<void>;
  let db: Kysely<Database>;
  let app: FastifyInstance;
  let view: CatalogView;

  before(async () => {
    ({ db, close } = await openTestDatabase(dialect));
    ({ app, view } = await testAppOn(db, repository()));
  });

  after(async () => {
    await app?.close();
    await close?.();
  });

  /** POSTs `fields` as `voter` and asserts the answer's status and sentence, and that nothing was stored. */
  async function answersWithoutStoring(voter: Client, url: string, fields: Record<string, string>, status: number, message: RegExp, options: { csrf?: boolean } = {}) {
    const before = await countRows(db);
    const response = await voter.postForm(url, fields, options);
    assert.equal(response.statusCode, status, `${JSON.stringify(fields)}: ${response.body.slice(0, 200)}`);
    assert.match(response.body, message);
    assertNoInternals(response.body);
    assert.deepEqual(await countRows(db), before, `${JSON.stringify(fields)} stored something`);
    return response;
  }

  it('refuses a ballot before the start and after the end', async () => {
    const carol = await Client.as(app, 'carol');
    const ballot = { ...rankFields({ ada: 1, grace: 2 }), ...NO_PASSPHRASE };
    await answersWithoutStoring(carol, `/app/elections/${KEYS.upcoming}/vote`, ballot, 409, /Voting has not started yet\./);
    await answersWithoutStoring(carol, `/app/elections/${KEYS.completed}/vote`, ballot, 409, /Voting has ended\./);
    await answersWithoutStoring(carol, `/app/elections/${KEYS.invalid}/vote`, ballot, 409, /configuration error/);
  });

  it('refuses unknown candidates, missing candidates and ranks that are out of range or not numbers', async () => {
    const carol = await Client.as(app, 'carol');
    const cases: [string, Record<string, string>, RegExp][] = [
      ['an unknown candidate', { ...rankFields({ ada: 1 }), 'rank:zed': '2' }, /zed(&quot;|")? is not a candidate in this election\./],
      ['a missing candidate', { 'rank:ada': '1', 'rank:grace': '2' }, /The ballot has no answer for candidate linus\./],
      ['a rank above the number of candidates', rankFields({ ada: 4 }), /The rank for ada must be a whole number from 1 to 3\./],
      ['rank zero', rankFields({ ada: 0, grace: 1 }), /The rank for ada must be a whole number from 1 to 3\./],
      ['a negative rank', { ...rankFields({ grace: 1 }), 'rank:ada': '-1' }, /The rank for ada must be a whole number from 1 to 3\./],
      ['a fractional rank', { ...rankFields({ grace: 1 }), 'rank:ada': '1.5' }, /The rank for ada must be a whole number from 1 to 3\./],
      ['a word', { ...rankFields({ grace: 1 }), 'rank:ada': 'first' }, /The rank for ada must be a whole number from 1 to 3\./],
      ['the magic no-opinion number', { ...rankFields({ grace: 1 }), 'rank:ada': '100000000' }, /The rank for ada must be a whole number from 1 to 3\./],
    ];
    for (const [what, fields, message] of cases) {
      await test422(carol, what, fields, message);
    }

    // A rank sent twice for one candidate (a forged form) is refused, not resolved either way.
    const before = await countRows(db);
    const payload = new URLSearchParams([['rank:ada', '1'], ['rank:ada', '2'], ['rank:grace', '3'], ['rank:linus', ''], ['_csrf', await carol.csrfToken()]]);
    const twice = await app.inject({
      method: 'POST',
      url: `${running}/vote`,
      headers: { cookie: carol.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
      payload: payload.toString(),
    });
    // Every form field is one string (SPEC §16): a repeated one is a malformed request.
    assert.equal(twice.statusCode, 400, twice.body);
    assert.match(twice.body, /The form field (&#x27;|&#39;|')rank:ada(&#x27;|&#39;|') must be given once, as text\./);
    assert.deepEqual(await countRows(db), before);
  });

  async function test422(voter: Client, what: string, fields: Record<string, string>, message: RegExp) {
    const response = await answersWithoutStoring(voter, `${running}/vote`, fields, 422, message);
    assert.match(response.body, /Vote: Board election/, `${what}: the ballot form is shown again`);
  }

  it('requires every rank when the election does not allow "No opinion"', async () => {
    const lena = await Client.as(app, 'lena');
    await answersWithoutStoring(lena, `${strict}/vote`, rankFields({ ada: 1, linus: 2 }), 422, /Please rank grace: this election asks you to rank every candidate\./);
    const cast = await lena.postForm(`${strict}/vote`, { ...rankFields({ ada: 1, grace: 3, linus: 2 }), ...NO_PASSPHRASE });
    assert.equal(cast.statusCode, 303, cast.body);
    assert.equal(cast.headers.location, `${strict}/confirmation`);
  });

  it('refuses equal ranks and gaps on an STV ballot with 422, storing nothing (SPEC §13)', async () => {
    const mona = await Client.as(app, 'mona');
    await answersWithoutStoring(mona, `${STV}/vote`, rankFields({ ada: 1, grace: 1 }), 422, /ada and grace both have rank 1\. In this election each rank is used once/);
    await answersWithoutStoring(mona, `${STV}/vote`, rankFields({ ada: 1, linus: 3 }), 422, /Rank 2 is missing: number the candidates you rank 1, 2, 3… without a gap/);
    // One ranked candidate is a full STV vote: no "all tied" question.
    const cast = await mona.postForm(`${STV}/vote`, { ...rankFields({ linus: 1 }), ...NO_PASSPHRASE });
    assert.equal(cast.statusCode, 303, cast.body.slice(0, 300));
  });

  it('refuses a passphrase that is too short or differs from its confirmation, keeping the ranks', async () => {
    const carol = await Client.as(app, 'carol');
    const ranks = rankFields({ ada: 2, linus: 1 });
    const short = await answersWithoutStoring(carol, `${running}/vote`, { ...ranks, passphrase: 'abc12', passphrase_confirmation: 'abc12' }, 422, /A passphrase must have at least 6 characters\./);
    assert.deepEqual(selectedRanks(short.body), { ada: '2', grace: '', linus: '1' });
    const differ = await answersWithoutStoring(carol, `${running}/vote`, { ...ranks, passphrase: 'correct horse', passphrase_confirmation: 'correct house' }, 422, /The two passphrases differ\./);
    assert.deepEqual(selectedRanks(differ.body), { ada: '2', grace: '', linus: '1' });
    assert.doesNotMatch(differ.body, /correct ho/, 'a refused passphrase is never sent back');
  });

  it('refuses a form without a CSRF token, with a forged one and with another browser\'s', async () => {
    const mona = await Client.as(app, 'mona');
    const ballot = { ...rankFields({ ada: 1, grace: 2 }), ...NO_PASSPHRASE };
    // The ballot form comes back with the ranking kept (the voter's old tab), nothing stored.
    const expired = /This form had expired, so nothing was saved\. Your ranking is kept below/;
    const otherBrowser = await Client.as(app, null);
    for (const [fields, options] of [[ballot, { csrf: false }], [{ ...ballot, _csrf: 'forged-token' }, {}], [{ ...ballot, _csrf: await otherBrowser.csrfToken() }, {}]] as const) {
      const refused = await answersWithoutStoring(mona, `${running}/vote`, fields, 403, expired, options);
      assert.deepEqual(selectedRanks(refused.body), { ada: '1', grace: '2', linus: '' });
      assert.match(refused.body, /value="none" checked/, 'the passphrase choice is kept too');
    }
    const visitor = await Client.as(app, null);
    await answersWithoutStoring(visitor, `${running}/vote`, ballot, 401, /Your login expired, so nothing was saved/);
    assert.equal((await mona.postForm(`${running}/vote`, ballot)).statusCode, 303, 'the same ballot with a valid token is cast');
  });

  it('refuses a second ballot by the same voter, whatever the spelling of their login', async () => {
    const erin = await Client.as(app, 'erin');
    assert.equal((await erin.postForm(`${running}/vote`, { ...rankFields({ ada: 1, grace: 2 }), ...NO_PASSPHRASE })).statusCode, 303);
    await answersWithoutStoring(erin, `${running}/vote`, rankFields({ linus: 1, ada: 2 }), 409, /You have already voted in this election\./);
    const erinAgain = await Client.as(app, 'ERIN');
    await answersWithoutStoring(erinAgain, `${running}/vote`, rankFields({ linus: 1, ada: 2 }), 409, /You have already voted in this election\./);
  });

  it('refuses an incomplete exception request with 422, storing nothing', async () => {
    const mallory = await Client.as(app, 'mallory');
    const request = { name: 'Mallory', email: 'mallory@example.org', description: 'I triage issues.' };
    const exception = `${running}/exception`;
    await answersWithoutStoring(mallory, exception, { ...request, email: '' }, 422, /Please give an email address\./);
    await answersWithoutStoring(mallory, exception, { ...request, email: 'not an address' }, 422, /Please give a valid email address/);
    await answersWithoutStoring(mallory, exception, { ...request, description: '   ' }, 422, /Please give your contributions\./);
    await answersWithoutStoring(mallory, exception, { ...request, comments: 'x'.repeat(5001) }, 422, /Comments must be at most 5000 characters/);
    const filed = await mallory.postForm(exception, request);
    assert.equal(filed.statusCode, 201, filed.body);
  });

  it('limits wrong passphrases per voter, not per address', async () => {
    const dave = await Client.as(app, 'dave');
    const passphrase = 'dave passphrase';
    assert.equal((await dave.postForm(`${running}/vote`, { ...rankFields({ ada: 1, grace: 2 }), passphrase, passphrase_confirmation: passphrase })).statusCode, 303);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 10; attempt += 1) statuses.push((await dave.postForm(`${running}/vote/view`, { passphrase: `guess ${attempt}` })).statusCode);
    assert.deepEqual(statuses, Array<number>(10).fill(403));
    const limited = await dave.postForm(`${running}/vote/view`, { passphrase });
    assert.equal(limited.statusCode, 429, 'even the right passphrase waits once the limit is reached');
    assert.match(limited.body, /Too many attempts/);
    const carol = await Client.as(app, 'carol');
    assert.equal((await carol.postForm(`${running}/vote/view`, { passphrase: 'anything' })).statusCode, 409, 'another voter from the same address is not limited');
  });

  it('asks before accepting an empty ballot, then stores it once confirmed', async () => {
    const frank = await Client.as(app, 'frank');
    const empty = { ...rankFields({}), ...NO_PASSPHRASE };
    const asked = await answersWithoutStoring(frank, `${running}/vote`, empty, 200, /Please confirm your ballot/);
    assert.match(asked.body, /You have not ranked any candidate\./);
    assert.match(asked.body, /name="confirm" value="empty"/);
    const before = await ballotRows(db);
    const cast = await frank.postForm(`${running}/vote`, { ...empty, confirm: 'empty' });
    assert.equal(cast.statusCode, 303, cast.body);
    const added = (await ballotRows(db)).filter((row) => !before.some((old) => old.group === row.group));
    assert.deepEqual(added.map((row) => [row.candidate, row.rank]), [['ada', 100000000], ['grace', 100000000], ['linus', 100000000]]);
  });

  it('asks before accepting an all-tied ballot, and only the matching confirmation stores it', async () => {
    const gina = await Client.as(app, 'gina');
    const tied = { ...rankFields({ ada: 1, grace: 1, linus: 1 }), ...NO_PASSPHRASE };
    const asked = await answersWithoutStoring(gina, `${running}/vote`, tied, 200, /Please confirm your ballot/);
    assert.match(asked.body, /every candidate you ranked has the same rank/);
    assert.match(asked.body, /name="confirm" value="all-tied"/);
    assert.deepEqual(selectedRanks(asked.body), { ada: '1', grace: '1', linus: '1' });
    await answersWithoutStoring(gina, `${running}/vote`, { ...tied, confirm: 'empty' }, 200, /Please confirm your ballot/);
    const before = await countRows(db);
    const cast = await gina.postForm(`${running}/vote`, { ...tied, confirm: 'all-tied' });
    assert.equal(cast.statusCode, 303, cast.body);
    assert.deepEqual(await countRows(db), { ...before, voter: before.voter + 1, ballot: before.ballot + 3 });
  });

  it('stores exactly one of two ballots a voter submits at the same time', async () => {
    for (const [login, passphrase] of [['hank', ''], ['ian', 'same time passphrase']] as const) {
      const voter = await Client.as(app, login);
      const csrf = await voter.csrfToken();
      const before = await countRows(db);
      const choice = passphrase === '' ? NO_PASSPHRASE : { passphrase_choice: 'set' };
      const fields = (ranks: Record<string, number>) => ({ ...rankFields(ranks), ...choice, passphrase, passphrase_confirmation: passphrase, _csrf: csrf });
      const answers = await Promise.all([voter.postForm(`${running}/vote`, fields({ ada: 1, grace: 2 })), voter.postForm(`${running}/vote`, fields({ linus: 1, ada: 2 }))]);
      assert.deepEqual(answers.map((a) => a.statusCode).sort(), [303, 409], `${login}: ${answers.map((a) => a.body.slice(0, 300)).join('\n')}`);
      const loser = answers.find((a) => a.statusCode === 409);
      assert.match(loser?.body ?? '', /already (voted|sent a ballot)/);
      assert.deepEqual(await countRows(db), { ...before, voter: before.voter + 1, ballot: before.ballot + 3 }, login);
    }
  });

  it('keeps the old ballot when storing its replacement fails, and shows a 500 page without details', async () => {
    const failing = new FailingBallotInserts();
    const kdf = new KdfQueue({ concurrency: 1 });
    const faulty = await buildTestApp(db, view, { ballots: newBallotBox(db.withPlugin(failing), kdf, TEST_KDF) });
    try {
      const jill = await Client.as(faulty, 'jill');
      const passphrase = 'jill passphrase';
      const cast = await jill.postForm(`${running}/vote`, { ...rankFields({ ada: 1, grace: 2 }), passphrase, passphrase_confirmation: passphrase });
      assert.equal(cast.statusCode, 303, cast.body);
      const [ballotsBefore, votersBefore] = [await ballotRows(db), await voterRows(db)];

      failing.failing = true;
      const change = await jill.postForm(`${running}/vote/edit`, { ...rankFields({ linus: 1, ada: 2 }), passphrase, action: 'change' });
      assert.equal(change.statusCode, 500);
      assert.equal(failing.failures, 1, 'the replacing rows were the ones that failed');
      assert.match(change.body, /Something went wrong on our side/);
      assertNoInternals(change.body);
      assert.deepEqual(await ballotRows(db), ballotsBefore, 'the old ballot rows are intact');
      assert.deepEqual(await voterRows(db), votersBefore, 'the voter record is intact');

      failing.failing = false;
      const opened = await jill.postForm(`${running}/vote/view`, { passphrase });
      assert.equal(opened.statusCode, 200, opened.body);
      assert.match(opened.body, /Candidate ada/);
    } finally {
      await faulty.close();
    }
  });

  it('answers 503 with Retry-After and the ballot kept when the key-derivation queue is full', async () => {
    const kdf = new KdfQueue({ concurrency: 1, maxWaiting: 0 });
    const busy = await buildTestApp(db, view, { ballots: newBallotBox(db, kdf, TEST_KDF) });
    let finishSlowDerivation = () => {};
    const inFlight = kdf.run(() => new Promise<void>((resolve) => (finishSlowDerivation = resolve)));
    try {
      const kim = await Client.as(busy, 'kim');
      const passphrase = 'kim passphrase';
      const ballot = { ...rankFields({ ada: 2, linus: 1 }), passphrase, passphrase_confirmation: passphrase };
      const before = await countRows(db);
      const refusal = await kim.postForm(`${running}/vote`, ballot);
      assert.equal(refusal.statusCode, 503, refusal.body);
      assert.match(refusal.headers['retry-after']?.toString() ?? '', /^[1-9]\d*$/);
      assert.match(refusal.body, /too many ballot passphrases are being processed right now/);
      assert.deepEqual(selectedRanks(refusal.body), { ada: '2', grace: '', linus: '1' });
      assert.deepEqual(await countRows(db), before);

      finishSlowDerivation();
      await inFlight;
      assert.equal((await kim.postForm(`${running}/vote`, ballot)).statusCode, 303, 'once the queue has room, the same ballot is cast');

      // Opening a ballot needs a derivation too, and is refused the same way.
      const busyAgain = kdf.run(() => new Promise<void>((resolve) => (finishSlowDerivation = resolve)));
      const view = await kim.postForm(`${running}/vote/view`, { passphrase });
      assert.equal(view.statusCode, 503, view.body);
      assert.match(view.headers['retry-after']?.toString() ?? '', /^[1-9]\d*$/);
      assertNoInternals(view.body);
      finishSlowDerivation();
      await busyAgain;
    } finally {
      finishSlowDerivation();
      await busy.close();
    }
  });
});
