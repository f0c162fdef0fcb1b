import { randomBytes } from 'node:crypto';

/** Shortest APP_KEY accepted in production: 32 characters, as many as a 24-byte base64 secret. */
export const MIN_APP_KEY_LENGTH = 32;

/**
 * The APP_KEY used in development when none is set. Public, fixed (so sessions survive a
 * restart of the demo) and therefore refused in production like any other placeholder.
 */
export const DEVELOPMENT_APP_KEY = 'elekto-development-key-never-use-in-production';

// Values copied from examples and tutorials. Compared case-insensitively.
const PLACEHOLDERS = [
  DEVELOPMENT_APP_KEY,
  'test', // Elekto 0.6's built-in default
  'secret',
  'changeme',
  'change-me',
  'change_me',
  'your-secret-key',
  'your_secret_key',
  'secret-key',
  'app_key',
  'app-key',
  'random secret key',
];

/**
 * Why `key` is too weak to sign production sessions, or undefined when it is strong enough.
 * Strong means: at least 32 characters, not a known placeholder, and at least 10 different
 * characters (so `aaaa…` or `abab…` padding is refused). A key from `elekto generate-key`, or
 * Elekto 0.6's 64 hexadecimal digits, always passes.
 */
export function appKeyWeakness(key: string): string | undefined {
  if (PLACEHOLDERS.includes(key.trim().toLowerCase())) return 'is a well-known placeholder';
  if (key.length < MIN_APP_KEY_LENGTH) return `is only ${key.length} characters long`;
  if (new Set(key).size < 10) return 'repeats too few different characters to be random';
  return undefined;
}

/** A new APP_KEY: 32 random bytes (256 bits) as 43 base64url characters. */
export function generateAppKey(): string {
  return randomBytes(32).toString('base64url');
}
