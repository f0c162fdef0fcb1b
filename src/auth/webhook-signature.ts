import { createHmac, timingSafeEqual, type Hmac } from 'node:crypto';

/**
 * GitHub's webhook signatures (SPEC §11): every delivery carries `X-Hub-Signature-256:
 * sha256=<hex>`, the HMAC-SHA256 of the raw request body under the webhook's secret
 * (`META_SECRET`). Checking it is the webhook's only authentication, so it is always done.
 */

/** The request header holding the signature (lower case, as Node presents headers). */
export const SIGNATURE_HEADER = 'x-hub-signature-256';

const PREFIX = 'sha256=';
const HEX_DIGEST = /^[0-9a-f]{64}$/i;

/** An HMAC to feed the body into chunk by chunk, so a delivery is checked without being kept. */
export function bodyHmac(secret: string): Hmac {
  return createHmac('sha256', secret);
}

/** The header value GitHub sends for `body` under `secret`: `sha256=` and 64 hex digits. */
export function signWebhookBody(secret: string, body: Uint8Array | string): string {
  return PREFIX + bodyHmac(secret).update(body).digest('hex');
}

/**
 * True when `header` is exactly `sha256=` followed by the hex of `digest` (the body's HMAC),
 * compared in constant time. A missing header, another algorithm (`sha1=`) or a malformed
 * value never matches.
 */
export function signatureMatches(digest: Uint8Array, header: string | undefined): boolean {
  if (header === undefined || !header.startsWith(PREFIX)) return false;
  const hex = header.slice(PREFIX.length);
  if (!HEX_DIGEST.test(hex)) return false;
  const claimed = Buffer.from(hex, 'hex');
  return claimed.length === digest.length && timingSafeEqual(claimed, digest);
}

/** True when `header` is GitHub's signature of `body` under `secret`. */
export function verifyWebhookSignature(secret: string, body: Uint8Array | string, header: string | undefined): boolean {
  return signatureMatches(bodyHmac(secret).update(body).digest(), header);
}
