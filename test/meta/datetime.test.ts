import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUtcDateTime } from '../../src/meta/datetime.js';

const iso = (text: string) => parseUtcDateTime(text)?.toISOString();

test('the unquoted YAML 1.1 form YYYY-MM-DD HH:MM:SS means UTC', () => {
  assert.equal(iso('2025-09-12 00:00:01'), '2025-09-12T00:00:01.000Z');
});

test('ISO 8601 with T, Z, an offset or fractional seconds is accepted', () => {
  assert.equal(iso('2025-09-12T00:00:01'), '2025-09-12T00:00:01.000Z');
  assert.equal(iso('2025-09-12T00:00:01Z'), '2025-09-12T00:00:01.000Z');
  assert.equal(iso('2025-09-12T02:00:01+02:00'), '2025-09-12T00:00:01.000Z');
  assert.equal(iso('2025-09-11 19:00:01 -0500'), '2025-09-12T00:00:01.000Z');
  assert.equal(iso('2025-09-12t00:00:01.25z'), '2025-09-12T00:00:01.250Z');
});

test('a date alone means midnight UTC, and minutes without seconds are accepted', () => {
  assert.equal(iso('2025-09-12'), '2025-09-12T00:00:00.000Z');
  assert.equal(iso('2025-09-12 08:30'), '2025-09-12T08:30:00.000Z');
});

test('single-digit months, days and hours are accepted as YAML 1.1 allows', () => {
  assert.equal(iso('2025-9-2 8:00:00'), '2025-09-02T08:00:00.000Z');
});

test('impossible dates and times and other text are refused', () => {
  for (const text of ['2025-02-30 00:00:00', '2025-13-01', '2025-09-12 24:00:00', '2025-09-12 10:60:00', 'tomorrow', '12/09/2025', '2025-09-12 00:00:00 +25:00', '']) {
    assert.equal(parseUtcDateTime(text), undefined, text);
  }
});
