import { test } from 'node:test';
import assert from 'node:assert/strict';
import { electionStatus, isElectionStatus } from '../../src/core/election-status.js';

const window = { start: new Date('2025-10-01T00:00:00Z'), end: new Date('2025-10-10T23:59:59Z') };
const at = (iso: string) => new Date(iso);

test('an election is upcoming until the first second of its window', () => {
  assert.equal(electionStatus(window, at('2025-09-30T23:59:59.999Z'), false), 'upcoming');
  assert.equal(electionStatus(window, at('2025-10-01T00:00:00Z'), false), 'running');
});

test('an election is running up to and including its end instant, then completed', () => {
  assert.equal(electionStatus(window, at('2025-10-10T23:59:59Z'), false), 'running');
  assert.equal(electionStatus(window, at('2025-10-11T00:00:00Z'), false), 'completed');
});

test('computed results freeze an election as completed whatever its window says', () => {
  assert.equal(electionStatus(window, at('2025-10-05T00:00:00Z'), true), 'completed');
  assert.equal(electionStatus(window, at('2025-09-01T00:00:00Z'), true), 'completed');
});

test('a one-second election runs for exactly that second', () => {
  const tiny = { start: at('2025-01-01T00:00:00Z'), end: at('2025-01-01T00:00:01Z') };
  assert.equal(electionStatus(tiny, at('2025-01-01T00:00:01Z'), false), 'running');
  assert.equal(electionStatus(tiny, at('2025-01-01T00:00:01.001Z'), false), 'completed');
});

test('only the three status names are accepted as a filter', () => {
  assert.ok(isElectionStatus('running'));
  assert.ok(!isElectionStatus('RUNNING'));
  assert.ok(!isElectionStatus('invalid'));
});
