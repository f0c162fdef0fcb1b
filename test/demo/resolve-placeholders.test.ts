import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolvePlaceholders, utcDay } from '../../src/demo/resolve-placeholders.js';

const today = new Date('2024-02-27T00:00:00Z');

describe('resolvePlaceholders', () => {
  it('writes a placeholder with a time as an unquoted UTC datetime, as real election.yaml files do', () => {
    const resolved = resolvePlaceholders('e.yaml', 'start_datetime: {{ today-7d 00:00:01 }}\n', today);
    assert.deepEqual(resolved, { ok: true, value: 'start_datetime: 2024-02-20 00:00:01\n' });
  });

  it('writes a placeholder without a time as a date, across month and leap-day boundaries', () => {
    const resolved = resolvePlaceholders('r.md', 'from {{today+2d}} to {{ today+3d }} ({{ today }})', today);
    assert.deepEqual(resolved, { ok: true, value: 'from 2024-02-29 to 2024-03-01 (2024-02-27)' });
  });

  it('leaves text without placeholders unchanged, dashes and single braces included', () => {
    const text = '---\n`tessera --namespace demo` {not a placeholder}\n';
    assert.deepEqual(resolvePlaceholders('c.md', text, today), { ok: true, value: text });
  });

  it('refuses an unknown placeholder and names its file and line', () => {
    const resolved = resolvePlaceholders('e.yaml', 'name: x\nend_datetime: {{ now+7d }}\n', today);
    assert.equal(resolved.ok, false);
    if (resolved.ok) return;
    assert.equal(resolved.error.file, 'e.yaml');
    assert.equal(resolved.error.line, 2);
    assert.match(resolved.error.message, /unknown placeholder '\{\{ now\+7d \}\}'/);
  });

  it('refuses an impossible time of day', () => {
    assert.equal(resolvePlaceholders('e.yaml', '{{ today+1d 24:00:00 }}', today).ok, false);
  });
});

describe('utcDay', () => {
  it('is midnight UTC of the day that contains the instant', () => {
    assert.equal(utcDay(new Date('2024-02-29T23:59:59.999Z')).toISOString(), '2024-02-29T00:00:00.000Z');
    assert.equal(utcDay(new Date('2024-03-01T00:00:00.000Z')).toISOString(), '2024-03-01T00:00:00.000Z');
  });
});
