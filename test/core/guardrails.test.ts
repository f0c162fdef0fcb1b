import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptanceMeaning, acceptedBaseline, nextBaseline, unsafeChanges, type GuardedSettings, type GuardrailFacts } from '../../src/core/guardrails.js';

const base: GuardedSettings = {
  start: new Date('2026-06-01T00:00:00Z'),
  end: new Date('2026-06-30T00:00:00Z'),
  method: 'schulze',
  allowNoOpinion: true,
  seats: 2,
  candidates: ['ada', 'grace'],
};
const quiet: GuardrailFacts = { ballotsCast: false, ballotCandidates: null, resultsComputed: false, removedVoters: [] };
const before = new Date('2026-05-20T00:00:00Z');
const during = new Date('2026-06-15T00:00:00Z');
const kinds = (baseline: GuardedSettings | undefined, after: Partial<GuardedSettings>, facts: Partial<GuardrailFacts>, now: Date) =>
  unsafeChanges(baseline, { ...base, ...after }, { ...quiet, ...facts }, now).map((f) => f.kind);

test('before the start, every change is safe', () => {
  const after = { start: new Date('2026-06-02T00:00:00Z'), method: 'stv', allowNoOpinion: false, seats: 3, candidates: ['ada'] };
  assert.deepEqual(kinds(base, after, {}, before), []);
});

test('after the start: the method, allow_no_opinion and the start are frozen', () => {
  assert.deepEqual(kinds(base, { method: 'stv' }, {}, during), ['method-changed']);
  assert.deepEqual(kinds(base, { allowNoOpinion: false }, {}, during), ['allow-no-opinion-changed']);
  assert.deepEqual(kinds(base, { start: new Date('2026-06-10T00:00:00Z') }, {}, during), ['start-moved']);
  assert.deepEqual(kinds(base, { end: new Date('2026-07-10T00:00:00Z') }, { ballotsCast: true }, during), [], 'extending is safe');
});

test('the end moved into the past while ballots were being cast', () => {
  const end = new Date('2026-06-14T00:00:00Z');
  assert.deepEqual(kinds(base, { end }, { ballotsCast: true }, during), ['end-moved-to-past']);
  assert.deepEqual(kinds(base, { end }, { ballotsCast: false }, during), [], 'no ballot, nothing cut short');
});

test('candidates are compared with those on the stored ballots, else with the baseline', () => {
  const [finding] = unsafeChanges(base, { ...base, candidates: ['ada', 'linus'] }, { ...quiet, ballotsCast: true, ballotCandidates: ['ada', 'grace'] }, during);
  assert.deepEqual([finding?.added, finding?.removed, finding?.subject], [['linus'], ['grace'], 'ada,grace → ada,linus']);
  assert.deepEqual(kinds(undefined, { candidates: ['ada'] }, { ballotsCast: true, ballotCandidates: ['ada', 'grace'] }, during), ['candidates-changed']);
  assert.deepEqual(kinds(base, { candidates: ['grace', 'ada'] }, { ballotsCast: true }, during), [], 'order does not matter');
});

test('seats after results, and voters who voted removed from voters.yaml', () => {
  assert.deepEqual(kinds(base, { seats: 3 }, { resultsComputed: true }, during), ['seats-changed-after-results']);
  assert.deepEqual(kinds(base, {}, { removedVoters: ['Carol', 'dave'] }, during), ['voter-removed', 'voter-removed']);
});

test('the baseline keeps an unsafe value and takes every safe one', () => {
  const after = { ...base, start: new Date('2026-06-10T00:00:00Z'), end: new Date('2026-07-10T00:00:00Z') };
  const findings = unsafeChanges(base, after, quiet, during);
  assert.deepEqual(nextBaseline(base, after, findings), { ...base, end: after.end });
  assert.deepEqual(nextBaseline(undefined, after, []), after);
});

test('an accepted candidate set replaces the ballots as the reference: the same set is safe, a further change is found', () => {
  const facts = { ballotsCast: true, ballotCandidates: ['ada', 'grace', 'linus'], acceptedCandidates: ['ada', 'grace'] };
  assert.deepEqual(kinds(base, { candidates: ['ada', 'grace'] }, facts, during), []);
  const [further] = unsafeChanges(base, { ...base, candidates: ['ada'] }, { ...quiet, ...facts }, during);
  assert.deepEqual([further?.removed, further?.subject], [['grace'], 'ada,grace → ada']);
  assert.deepEqual(kinds(base, { candidates: ['ada', 'grace', 'linus'] }, facts, during), ['candidates-changed'], 'bringing back a withdrawn candidate is a change too');
});

test('accepting a finding moves its setting on to the new value and keeps every other one', () => {
  const after = { ...base, method: 'meek-stv', allowNoOpinion: false };
  const findings = unsafeChanges(base, after, quiet, during);
  const method = findings.find((f) => f.kind === 'method-changed');
  assert.ok(method);
  const accepted = acceptedBaseline(base, after, method);
  assert.deepEqual(accepted, { ...base, method: 'meek-stv' });
  assert.deepEqual(unsafeChanges(accepted, after, quiet, during).map((f) => f.kind), ['allow-no-opinion-changed'], 'the other change is still found');
  const voter = unsafeChanges(base, base, { ...quiet, removedVoters: ['carol'] }, during)[0];
  assert.ok(voter);
  assert.deepEqual(acceptedBaseline(base, after, voter), base, 'a removed voter moves no setting');
});

test('what accepting means is said for each kind of change', () => {
  const [candidates] = unsafeChanges(base, { ...base, candidates: ['ada', 'hopper'] }, { ...quiet, ballotsCast: true, ballotCandidates: ['ada', 'grace'] }, during);
  assert.ok(candidates);
  assert.deepEqual(acceptanceMeaning(candidates, { ...base, candidates: ['hopper', 'ada'] }), [
    'The ranks given to grace on ballots already cast are ignored in the count',
    'Ballots already cast leave hopper unranked; voters who already voted with a passphrase may change their ballot to rank them',
    'Voting resumes with the candidates ada, hopper',
    'A further change to the candidates is caught again',
  ]);
  const after = { ...base, method: 'scottish-stv', start: new Date('2026-06-10T00:00:00Z') };
  const meanings = unsafeChanges(base, after, quiet, during).map((f) => acceptanceMeaning(f, after).join(' '));
  assert.deepEqual(meanings, [
    'The count uses the new setting: election_method is scottish-stv from now on: every ballot, those already cast too, is counted with it',
    'The count uses the new setting: start_datetime is 2026-06-10 00:00:00 UTC from now on; ballots already cast still count',
  ]);
});
