import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderToString } from 'preact-render-to-string';
import { parseBallotInput } from '../../src/core/ballot-input.js';
import {
  BALLOT_FIELDS,
  BallotForm,
  NO_OPINION_VALUE,
  rankFieldName,
  readRankFields,
  type BallotFormProps,
} from '../../src/web/views/ballot-form.js';
import type { PageContext } from '../../src/web/views/layout.js';

const page: PageContext = { appName: 'Elekto', login: 'voter1', csrfToken: 'csrf-token-123', devLogin: false };
const candidates = [
  { id: 'alice', name: 'Alice Liddell' },
  { id: 'bob', name: 'Bob Ōkubo' },
  { id: 'carol', name: 'Carol' },
];

function render(extra: Partial<BallotFormProps> = {}): string {
  const props: BallotFormProps = {
    page,
    election: { key: 'steering---2025', name: 'Steering Committee 2025', allowNoOpinion: true },
    candidates,
    mode: 'cast',
    minPassphraseLength: 6,
    action: '/app/elections/steering---2025/vote',
    ...extra,
  };
  return renderToString(<BallotForm {...props} />);
}

/** The `<select>` element named `name`, with its options, as HTML. */
function selectNamed(html: string, name: string): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`<select[^>]*name="${escaped}"[^>]*>[\\s\\S]*?</select>`).exec(html);
  assert.ok(match, `no select named ${name}`);
  return match[0];
}

function attribute(element: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(element)?.[1];
}

/** Option values in order, and the selected one. */
function options(select: string): { values: string[]; labels: string[]; selected: string[] } {
  const found = [...select.matchAll(/<option([^>]*)>([^<]*)<\/option>/g)];
  return {
    values: found.map((m) => attribute(` ${m[1] ?? ''}`, 'value') ?? (/\svalue(\s|$)/.test(m[1] ?? '') ? '' : m[2] ?? '')),
    labels: found.map((m) => m[2] ?? ''),
    selected: found.filter((m) => /\sselected/.test(m[1] ?? '')).map((m) => attribute(` ${m[1] ?? ''}`, 'value') ?? ''),
  };
}

/** The text of the <label for="id">. */
function labelFor(html: string, id: string): string {
  const match = new RegExp(`<label[^>]*for="${id}"[^>]*>([\\s\\S]*?)</label>`).exec(html);
  assert.ok(match, `no label for #${id}`);
  return (match[1] ?? '').replace(/<[^>]+>/g, '');
}

test('every candidate has a select named rank:<ID>, labelled with its name', () => {
  const html = render();
  for (const candidate of candidates) {
    const select = selectNamed(html, rankFieldName(candidate.id));
    const id = attribute(select, 'id');
    assert.ok(id, 'the select has an id for its label');
    assert.equal(labelFor(html, id), candidate.name);
  }
  assert.equal(rankFieldName('alice'), 'rank:alice');
});

test('the selects keep the voter’s candidate order', () => {
  const html = render();
  const positions = candidates.map((candidate) => html.indexOf(`name="rank:${candidate.id}"`));
  assert.deepEqual([...positions].sort((a, b) => a - b), positions);
});

test('each select offers No opinion and the ranks 1..N, N being the number of candidates', () => {
  const { values, labels } = options(selectNamed(render(), 'rank:bob'));
  assert.deepEqual(values, [NO_OPINION_VALUE, '1', '2', '3']);
  assert.deepEqual(labels, ['No opinion', '1', '2', '3']);
});

test('the form starts with every candidate unranked (SPEC §5 fix)', () => {
  const html = render();
  for (const candidate of candidates) {
    const { selected } = options(selectNamed(html, rankFieldName(candidate.id)));
    assert.ok(selected.length === 0 || (selected.length === 1 && selected[0] === ''), `${candidate.id} is pre-ranked`);
  }
});

test('ranks of a refused submission are shown again; absent candidates are No opinion', () => {
  const html = render({ ranks: new Map<string, number | string>([['alice', 2], ['carol', '1']]) });
  assert.deepEqual(options(selectNamed(html, 'rank:alice')).selected, ['2']);
  assert.deepEqual(options(selectNamed(html, 'rank:carol')).selected, ['1']);
  assert.deepEqual(options(selectNamed(html, 'rank:bob')).selected, ['']);
});

test('the form posts to the action with the CSRF token and a submit button', () => {
  const html = render();
  assert.match(html, /<form[^>]*method="post"[^>]*action="\/app\/elections\/steering---2025\/vote"/);
  assert.match(html, /<input type="hidden" name="_csrf" value="csrf-token-123"\/>/);
  assert.match(html, /<button type="submit"[^>]*>Cast ballot<\/button>/);
  assert.equal(BALLOT_FIELDS.csrf, '_csrf');
});

test('when No opinion is allowed the selects are optional; otherwise required, and the page says so', () => {
  const optional = render();
  assert.equal(/\srequired/.test(selectNamed(optional, 'rank:alice')), false);
  assert.match(optional, /A candidate left at “No opinion” is not compared with anyone/);

  const required = render({ election: { key: 'k', name: 'K', allowNoOpinion: false } });
  for (const candidate of candidates) assert.match(selectNamed(required, rankFieldName(candidate.id)), /\srequired/);
  assert.match(required, /asks you to rank every candidate/);
  assert.deepEqual(options(selectNamed(required, 'rank:alice')).labels[0], 'No opinion');
});

test('cast mode asks to choose between a passphrase (with its confirmation) and none, with the trade-off explained', () => {
  const html = render({ minPassphraseLength: 8 });
  assert.match(html, /<legend>Passphrase<\/legend>/);
  const radios = [...html.matchAll(/<input type="radio"[^>]*>/g)].map(([radio]) => radio);
  assert.deepEqual(radios.map((radio) => [attribute(radio, 'name'), attribute(radio, 'value'), /\schecked/.test(radio)]), [
    [BALLOT_FIELDS.passphraseChoice, 'set', true],
    [BALLOT_FIELDS.passphraseChoice, 'none', false],
  ]);
  assert.match(labelFor(html, 'passphrase-choice-none'), /Vote without a passphrase/);
  assert.match(render({ passphraseChoice: 'none' }), /value="none" checked/, 'the choice is shown again as made');
  assert.match(html, /you can later view, change or withdraw your ballot while voting is open/);
  assert.match(html, /nobody — not even the election officers or the administrators of this site — can ever link this ballot to you again/);
  assert.match(html, /at least 8 characters/);
  const passphrase = /<input[^>]*name="passphrase"[^>]*>/.exec(html)?.[0] ?? '';
  const again = /<input[^>]*name="passphrase_confirmation"[^>]*>/.exec(html)?.[0] ?? '';
  for (const input of [passphrase, again]) {
    assert.equal(attribute(input, 'type'), 'password');
    assert.equal(attribute(input, 'minlength'), '8');
    assert.equal(/\srequired/.test(input), false, 'not required by the browser: the voter may choose none');
    assert.ok(labelFor(html, attribute(input, 'id') ?? '').length > 0);
  }
  assert.equal(BALLOT_FIELDS.passphrase, 'passphrase');
  assert.equal(BALLOT_FIELDS.passphraseConfirmation, 'passphrase_confirmation');
});

test('change mode asks for the current passphrase and replaces the ballot', () => {
  const html = render({ mode: 'change', ranks: new Map([['bob', 1]]) });
  const passphrase = /<input[^>]*name="passphrase"[^>]*>/.exec(html)?.[0] ?? '';
  assert.match(passphrase, /\srequired/);
  assert.equal(attribute(passphrase, 'autocomplete'), 'current-password');
  assert.doesNotMatch(html, /passphrase_confirmation/);
  assert.match(html, /<button type="submit"[^>]*>Replace my ballot<\/button>/);
  assert.deepEqual(options(selectNamed(html, 'rank:bob')).selected, ['1']);
});

test('change mode can carry the passphrase already typed, and extra hidden fields', () => {
  const html = render({ mode: 'change', carriedPassphrase: 'my "secret" <phrase>', hidden: { action: 'change' } });
  assert.match(html, /<input type="hidden" name="passphrase" value="my &quot;secret&quot; &lt;phrase>"\/>/);
  assert.doesNotMatch(html, /type="password"/);
  assert.match(html, /<input type="hidden" name="action" value="change"\/>/);
});

test('without a warning the confirm field is empty', () => {
  // Preact writes an empty attribute bare: `value` means value="".
  assert.match(render(), /<input type="hidden" name="confirm" value(="")?[ />]/);
});

test('a warning from the server is explained and sets the confirm field to its kind', () => {
  const empty = render({ warning: 'empty' });
  assert.match(empty, /<input type="hidden" name="confirm" value="empty"/);
  assert.match(empty, /role="alert"/);
  assert.match(empty, /You have not ranked any candidate/);
  assert.match(empty, /press “Cast ballot” again/);

  const tied = render({ warning: 'all-tied', ranks: new Map([['alice', 1], ['bob', 1]]) });
  assert.match(tied, /<input type="hidden" name="confirm" value="all-tied"/);
  assert.match(tied, /does not prefer any candidate to another/);

  const single = render({ warning: 'all-tied', ranks: new Map([['carol', 1]]) });
  assert.match(single, /you ranked only Carol/);
});

test('errors are listed in an alert at the top, linked to their fields and marked on them', () => {
  const html = render({
    errors: [
      'Something general.',
      { message: 'The rank for bob must be a whole number from 1 to 3.', candidate: 'bob' },
      { message: 'The two passphrases are different.', field: 'passphrase-confirmation' },
    ],
    ranks: new Map([['bob', '9']]),
  });
  const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
  assert.match(summary, /role="alert"/);
  assert.match(summary, /<li>Something general\.<\/li>/);
  const bob = selectNamed(html, 'rank:bob');
  const bobId = attribute(bob, 'id') ?? '';
  assert.match(summary, new RegExp(`<a href="#${bobId}">The rank for bob must be`));
  assert.equal(attribute(bob, 'aria-invalid'), 'true');
  const describedBy = attribute(bob, 'aria-describedby') ?? '';
  assert.match(html, new RegExp(`id="${describedBy}"[^>]*>(<[^>]+>[^<]*<\\/[^>]+>)?The rank for bob`));
  assert.match(summary, /<a href="#passphrase-confirmation">The two passphrases are different\.<\/a>/);
  assert.ok(html.indexOf('error-summary') < html.indexOf('<form'), 'the summary comes before the form');
  assert.match(html, /Type your passphrase again/);
});

test('errors straight from parseBallotInput are linked to their candidates', () => {
  const parsed = parseBallotInput(new Map([['alice', '7'], ['bob', ''], ['carol', '1']]), {
    candidates: candidates.map((c) => c.id),
    allowNoOpinion: true,
  });
  assert.equal(parsed.ok, false);
  if (parsed.ok) return;
  const html = render({ errors: parsed.error });
  assert.match(html, /<a href="#rank-0">The rank for alice must be a whole number from 1 to 3\.<\/a>/);
});

test('no error summary when there are no errors', () => {
  assert.doesNotMatch(render(), /error-summary/);
  assert.doesNotMatch(render({ errors: [] }), /error-summary/);
});

test('candidate names and IDs are escaped', () => {
  const html = render({
    candidates: [
      { id: '"><script>alert(1)</script>', name: '<img src=x onerror=alert(1)>' },
      { id: 'bob', name: 'Bob & "Robert"' },
    ],
    election: { key: 'a"b', name: '<b>Election</b>', allowNoOpinion: true },
    errors: [{ message: '<i>bad</i>', candidate: 'bob' }],
  });
  assert.doesNotMatch(html, /<img/);
  assert.doesNotMatch(html, /<script/);
  assert.doesNotMatch(html, /<b>Election/);
  assert.doesNotMatch(html, /<i>bad/);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)>/);
  assert.match(html, /name="rank:&quot;>&lt;script>alert\(1\)&lt;\/script>"/);
  assert.match(html, /Bob &amp; &quot;Robert&quot;|Bob &amp; "Robert"/);
  assert.match(html, /href="\/app\/elections\/a%22b"/);
});

test('element ids do not depend on candidate IDs, which may hold spaces or symbols', () => {
  const html = render({ candidates: [{ id: 'has space', name: 'A' }, { id: 'x:y', name: 'B' }] });
  assert.equal(attribute(selectNamed(html, 'rank:has space'), 'id'), 'rank-0');
  assert.equal(attribute(selectNamed(html, 'rank:x:y'), 'id'), 'rank-1');
});

test('readRankFields collects the rank fields of a form body by candidate ID', () => {
  const answers = readRankFields({
    _csrf: 't',
    'rank:alice': '1',
    'rank:bob': '',
    'rank:x:y': '2',
    'rank:dup': ['1', '2'],
    passphrase: 'secret',
    confirm: '',
  });
  assert.deepEqual(
    [...answers],
    [
      ['alice', '1'],
      ['bob', ''],
      ['x:y', '2'],
      ['dup', '1,2'],
    ],
  );
});

test('what the form submits parses into the ballot it shows', () => {
  const body = Object.fromEntries(
    new URLSearchParams('_csrf=t&rank%3Aalice=2&rank%3Abob=&rank%3Acarol=1&passphrase=&passphrase_confirmation=&confirm='),
  );
  const parsed = parseBallotInput(readRankFields(body), { candidates: candidates.map((c) => c.id), allowNoOpinion: true });
  assert.ok(parsed.ok);
  if (!parsed.ok) return;
  assert.deepEqual([...parsed.value], [['alice', 2], ['carol', 1]]);
});

test('an STV ballot form explains ranking in order, offers no equal ranks, and sums the ballot up', () => {
  const election = { key: 'steering---2025', name: 'Steering Committee 2025', allowNoOpinion: true, strictOrder: true };
  const html = render({ election, ranks: new Map([['carol', '1'], ['alice', '2']]) });
  assert.match(html, / data-ballot-strict>/);
  assert.match(html, /each rank once\. Your ballot moves to your next choice when your first is elected or excluded\./);
  assert.doesNotMatch(html, /same\s+rank/);
  assert.match(html, /<p class="ballot-summary" aria-live="polite" data-ballot-summary="true">Your ballot goes to: 1\. Carol, 2\. Alice Liddell\.<\/p>/);
  assert.match(render({ election }), /Your ballot goes to: nobody yet\./);
  const schulze = render();
  assert.doesNotMatch(schulze, /data-ballot-summary|data-ballot-strict/);
  assert.match(schulze, /equal ranks are allowed/);
});
