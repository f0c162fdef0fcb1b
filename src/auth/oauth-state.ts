import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The OAuth `state`: a random value the web layer keeps in a signed short-lived cookie when a
 * login starts and that the identity provider must echo back, so a callback forged by another site (login
 * CSRF) is refused.
 */

/** 32 random bytes as base64url: unguessable, and safe in a URL and a cookie as is. */
export function generateState(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Whether the `state` sent back equals the one saved, compared in constant time. Both are
 * hashed first so they have equal lengths: neither the comparison nor a length check tells an
 * attacker how close a guess was. A missing or empty side never matches.
 */
export function statesMatch(expected: string | undefined, received: string | undefined): boolean {
  if (!expected || !received) return false;
  return timingSafeEqual(sha256(expected), sha256(received));
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
