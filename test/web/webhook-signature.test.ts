import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { signWebhookBody, verifyWebhookSignature } from '../../src/auth/webhook-signature.js';
import { FIXTURES } from '../meta/meta-helpers.js';

/** GitHub's published test values ("Validating webhook deliveries"). */
const vector = JSON.parse(readFileSync(`${FIXTURES}github-webhook-vector.json`, 'utf8')) as {
  secret: string;
  payload: string;
  header: string;
  expected: string;
};

it("verifies GitHub's published test vector", () => {
  assert.equal(vector.header, 'X-Hub-Signature-256');
  assert.equal(signWebhookBody(vector.secret, vector.payload), vector.expected);
  assert.equal(verifyWebhookSignature(vector.secret, vector.payload, vector.expected), true);
  assert.equal(verifyWebhookSignature(vector.secret, Buffer.from(vector.payload), vector.expected), true);
});

it('refuses a tampered body, another secret, a missing header and a malformed one', () => {
  const { secret, payload, expected } = vector;
  const hex = expected.slice('sha256='.length);
  assert.equal(verifyWebhookSignature(secret, `${payload} `, expected), false, 'tampered body');
  assert.equal(verifyWebhookSignature(`${secret}!`, payload, expected), false, 'wrong secret');
  assert.equal(verifyWebhookSignature(secret, payload, undefined), false, 'missing header');
  assert.equal(verifyWebhookSignature(secret, payload, ''), false, 'empty header');
  assert.equal(verifyWebhookSignature(secret, payload, `sha1=${hex}`), false, 'another algorithm');
  assert.equal(verifyWebhookSignature(secret, payload, hex), false, 'no prefix');
  assert.equal(verifyWebhookSignature(secret, payload, `SHA256=${hex}`), false, 'prefix in another case');
  assert.equal(verifyWebhookSignature(secret, payload, `sha256=${hex.slice(0, 62)}`), false, 'short digest');
  assert.equal(verifyWebhookSignature(secret, payload, `sha256=${hex}00`), false, 'long digest');
  assert.equal(verifyWebhookSignature(secret, payload, ` ${expected}`), false, 'leading space');
  assert.equal(verifyWebhookSignature(secret, payload, `sha256=${'z'.repeat(64)}`), false, 'not hex');
});
