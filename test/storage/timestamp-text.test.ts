import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTimestampText, parseTimestampText } from '../../src/storage/timestamp-text.js';

describe('timestamps as text', () => {
  it('writes the format SQLAlchemy writes for SQLite, in UTC', () => {
    assert.equal(formatTimestampText(new Date('2023-08-02T12:00:00.123Z')), '2023-08-02 12:00:00.123000');
  });

  it('reads what Elekto 0.6 wrote, with or without a fraction, as UTC', () => {
    assert.deepEqual(parseTimestampText('2023-08-02 12:00:00'), new Date('2023-08-02T12:00:00Z'));
    assert.deepEqual(parseTimestampText('2023-08-02 12:00:00.123456'), new Date('2023-08-02T12:00:00.123Z'));
    assert.deepEqual(parseTimestampText('2023-08-02'), new Date('2023-08-02T00:00:00Z'));
  });

  it('reads back what it writes', () => {
    const date = new Date('2026-11-21T23:59:59.999Z');
    assert.deepEqual(parseTimestampText(formatTimestampText(date)), date);
  });

  it('refuses text that is not a timestamp rather than guess', () => {
    assert.throws(() => parseTimestampText('yesterday'), /unreadable timestamp 'yesterday'/);
  });
});
