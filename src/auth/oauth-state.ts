import { randomBytes } from 'node:crypto';

/**
 * The OAuth `state`: a random value the web layer keeps in a signed short-lived cookie when a
 * login starts and that the identity provider must echo back, so a callback forged by another site (login
 * CSRF) is refused.
 */

/** 32 random bytes as base64url: unguessable, and safe in a URL and a cookie as is. */
export function generateState(): string {
  return randomBytes(32).toString('base64url');
}
