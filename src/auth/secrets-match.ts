import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether a secret sent by a client (an OAuth `state`, a webhook token, a bearer token) equals
 * the expected one, compared in constant time. Both are hashed first so they have equal
 * lengths: neither the comparison nor a length check tells an attacker how close a guess was.
 * A missing or empty side never matches.
 */
export function secretsMatch(expected: string | undefined, received: string | undefined): boolean {
  if (!expected || !received) return false;
  return timingSafeEqual(sha256(expected), sha256(received));
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
