import sodium from 'sodium-native';
import { err, ok, type Result } from '../core/result.js';
import type { DeriveKey, KdfFailed } from './kdf-error.js';
import { checkKdfParams, type KdfAlgorithm } from './kdf-params.js';

/** Salt length of Elekto 0.6 links (libsodium `crypto_pwhash_SALTBYTES`). */
export const SALT_BYTES = 16;
/** Key length: an XSalsa20-Poly1305 secretbox key (`crypto_secretbox_KEYBYTES`). */
export const KEY_BYTES = 32;

const ALGORITHM_IDS: Record<KdfAlgorithm, number> = {
  argon2i: sodium.crypto_pwhash_ALG_ARGON2I13,
  argon2id: sodium.crypto_pwhash_ALG_ARGON2ID13,
};

/**
 * Derives a 32-byte key from the UTF-8 bytes of `passphrase` (not normalised: Elekto 0.6 did
 * not normalise either) with Argon2 as `params` say, using sodium-native's asynchronous call so
 * the work runs on libuv's thread pool and the event loop stays free.
 *
 * Unbounded: each call holds `params.memlimit` bytes (512 MiB for Elekto 0.6 links) for about
 * two seconds, so a server must go through a `KdfQueue`. The returned key belongs to the caller,
 * who wipes it with {@link wipeKey} after use; the passphrase bytes are wiped here (the JS
 * string itself cannot be).
 */
export const deriveKey: DeriveKey = async (passphrase, salt, params) => {
  const checked = checkKdfParams(params);
  if (!checked.ok) return failed(`invalid key-derivation parameters: ${checked.error}`);
  if (salt.byteLength !== SALT_BYTES) return failed(`the salt must be ${SALT_BYTES} bytes, got ${salt.byteLength}`);

  const password = new TextEncoder().encode(passphrase); // a fresh array, never a pooled Buffer
  const key = new Uint8Array(KEY_BYTES);
  try {
    await sodium.crypto_pwhash_async(key, password, salt, params.opslimit, params.memlimit, ALGORITHM_IDS[params.algorithm]);
    return ok(key);
  } catch (error) {
    wipeKey(key);
    const status = error instanceof Error ? error.message : String(error);
    return failed(
      `Argon2 key derivation failed (${status}); most likely ${params.memlimit / 1024 ** 2} MiB could not be ` +
        'allocated: lower KDF_CONCURRENCY or give the process more memory',
    );
  } finally {
    wipeKey(password);
  }
};

/** Overwrites key material with zeros (libsodium `sodium_memzero`, not optimised away). */
export function wipeKey(bytes: Uint8Array): void {
  sodium.sodium_memzero(bytes);
}

function failed(message: string): Result<never, KdfFailed> {
  return err({ kind: 'kdf-failed', message });
}
