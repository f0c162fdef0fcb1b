import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTIONS, DENIALS, decide, type Action, type ElectionFacts, type ViewerFacts } from '../../src/core/policy.js';
import type { ElectionStatus } from '../../src/core/election-status.js';

const now = new Date('2025-10-05T12:00:00Z');
const election = (status: ElectionStatus, extra: Partial<ElectionFacts> = {}): ElectionFacts => ({
  valid: true,
  status,
  exceptionDue: new Date('2025-10-06T00:00:00Z'),
  now,
  candidatesChanged: false,
  ...extra,
});
const changed = { candidatesChanged: true };
const anonymous: ViewerFacts = { loggedIn: false, eligible: false, officer: false, voted: false, requestedException: false };
const user: ViewerFacts = { ...anonymous, loggedIn: true };
const voter: ViewerFacts = { ...user, eligible: true };
const votedVoter: ViewerFacts = { ...voter, voted: true };
const officer: ViewerFacts = { ...user, officer: true };

// [action, election, viewer, expected denial or 'allowed']
const table: [Action, ElectionFacts, ViewerFacts, keyof typeof DENIALS | 'allowed'][] = [
  ['cast-ballot', election('running'), anonymous, 'login-required'],
  ['cast-ballot', election('running'), user, 'not-eligible'],
  ['cast-ballot', election('running'), voter, 'allowed'],
  ['cast-ballot', election('upcoming'), voter, 'not-started'],
  ['cast-ballot', election('completed'), voter, 'ended'],
  ['cast-ballot', election('running'), votedVoter, 'already-voted'],
  ['cast-ballot', election('running', { valid: false }), voter, 'election-invalid'],
  ['cast-ballot', election('running'), officer, 'not-eligible'],
  ['cast-ballot', election('running', changed), voter, 'candidates-changed'],
  ['manage-ballot', election('running'), votedVoter, 'allowed'],
  ['manage-ballot', election('running', changed), votedVoter, 'candidates-changed'],
  ['manage-ballot', election('running'), voter, 'not-voted'],
  ['manage-ballot', election('completed'), votedVoter, 'ended'],
  ['manage-ballot', election('upcoming'), votedVoter, 'not-started'],
  ['request-exception', election('running'), user, 'allowed'],
  ['request-exception', election('upcoming'), user, 'allowed'],
  ['request-exception', election('running'), anonymous, 'login-required'],
  ['request-exception', election('running'), voter, 'already-eligible'],
  ['request-exception', election('running'), { ...user, requestedException: true }, 'exception-requested'],
  ['request-exception', election('running', { exceptionDue: new Date('2025-10-05T11:59:59Z') }), user, 'exceptions-closed'],
  ['request-exception', election('running', { exceptionDue: now }), user, 'allowed'],
  ['request-exception', election('running', { valid: false }), user, 'election-invalid'],
  ['request-exception', election('running'), officer, 'officer-no-exception'],
  ['read-results', election('completed'), user, 'allowed'],
  ['read-results', election('running'), user, 'not-completed'],
  ['read-results', election('completed'), anonymous, 'login-required'],
  ['administer', election('running'), officer, 'allowed'],
  ['administer', election('running', { valid: false }), officer, 'allowed'],
  ['administer', election('running'), votedVoter, 'not-officer'],
  ['administer', election('running'), anonymous, 'login-required'],
  ['compute-results', election('completed'), officer, 'allowed'],
  ['compute-results', election('running'), officer, 'not-ended'],
  ['compute-results', election('upcoming'), officer, 'not-ended'],
  ['compute-results', election('completed'), voter, 'not-officer'],
  ['compute-results', election('completed', { valid: false }), officer, 'election-invalid'],
  ['compute-results', election('completed', changed), officer, 'allowed'],
  ['download-ballots', election('completed'), officer, 'allowed'],
  ['download-ballots', election('running'), officer, 'not-ended'],
  ['accept-guardrail', election('running', changed), officer, 'allowed'],
  ['accept-guardrail', election('completed'), officer, 'allowed'],
  ['accept-guardrail', election('running', changed), voter, 'not-officer'],
  ['accept-guardrail', election('running', { valid: false }), officer, 'election-invalid'],
];

for (const [action, e, v, expected] of table) {
  const who = Object.entries(v).filter(([, on]) => on).map(([k]) => k).join('+') || 'anonymous';
  test(`${action} in a${e.valid ? '' : 'n invalid'} ${e.status} election by ${who}: ${expected}`, () => {
    const decision = decide(action, e, v);
    assert.equal(decision.allowed ? 'allowed' : decision.denial, expected);
  });
}

test('every action appears in the table', () => {
  assert.deepEqual(new Set(table.map(([action]) => action)), new Set(ACTIONS));
});

test('every denial carries an HTTP status and a sentence', () => {
  for (const { status, message } of Object.values(DENIALS)) {
    assert.ok([401, 403, 409].includes(status));
    assert.match(message, /\.$/);
  }
});
