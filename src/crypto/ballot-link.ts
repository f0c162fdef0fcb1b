import sodium from 'sodium-native';
import { err, ok, type Result } from '../core/result.js';
import { deriveKey as deriveKeyDirectly, SALT_BYTES, wipeKey } from './derive-key.js';
import type { DeriveKey, KdfError } from './kdf-error.js';
import type { KdfParams } from './kdf-params.js';

/**
 * The only link between a voter record and their anonymous ballot rows: the ballot-group id,
 * encrypted under a key only the voter's passphrase can re-derive. Stored in the voter row as
 * Elekto 0.6 does (`salt`, `ballot_id`), plus the parameters when they are not the 0.6 set.
 */
export interface BallotLink {
  /** 16 random bytes, the Argon2 salt. */
  readonly salt: Uint8Array;
  /** nonce(24) ‖ MAC(16) ‖ XSalsa20 ciphertext: PyNaCl's `SecretBox.encrypt` layout. */
  readonly encrypted: Uint8Array;
  readonly kdf: KdfParams;
}

/** Why a link did not open. A tampered link cannot be told from a wrong passphrase. */
export type OpenLinkError =
  | KdfError
  | { readonly kind: 'wrong-passphrase'; readonly message: string }
  | { readonly kind: 'malformed-link'; readonly message: string };

const NONCE_BYTES = 24; // crypto_secretbox_NONCEBYTES
const MAC_BYTES = 16; // crypto_secretbox_MACBYTES

/**
 * Encrypts `ballotGroupId` (a UUID string) under a key derived from `passphrase` with a new
 * random salt and nonce. `kdf` is the parameter set for new links (`ELEKTO_0_6_KDF` in
 * production, something cheap in tests); `derive` is normally a `KdfQueue`'s, so the
 * derivation waits its turn or is refused with `busy`.
 */
export async function sealBallotLink(
  ballotGroupId: string,
  passphrase: string,
  kdf: KdfParams,
  derive: DeriveKey = deriveKeyDirectly,
): Promise<Result<BallotLink, KdfError>> {
  const salt = randomBytes(SALT_BYTES);
  const derived = await derive(passphrase, salt, kdf);
  if (!derived.ok) return derived;
  const key = derived.value;
  const message = new TextEncoder().encode(ballotGroupId);
  const encrypted = new Uint8Array(NONCE_BYTES + MAC_BYTES + message.byteLength);
  const nonce = encrypted.subarray(0, NONCE_BYTES);
  sodium.randombytes_buf(nonce);
  sodium.crypto_secretbox_easy(encrypted.subarray(NONCE_BYTES), message, nonce, key);
  wipeKey(key);
  return ok({ salt, encrypted, kdf });
}

/**
 * Recovers the ballot-group id from a stored link with the voter's passphrase. Works on links
 * written by Elekto 0.6 (see test/fixtures/elekto-crypto-vectors.json). Never throws for bad
 * input: a wrong passphrase or altered bytes give `wrong-passphrase`, a link of impossible shape
 * gives `malformed-link`.
 */
export async function openBallotLink(
  link: BallotLink,
  passphrase: string,
  derive: DeriveKey = deriveKeyDirectly,
): Promise<Result<string, OpenLinkError>> {
  if (link.salt.byteLength !== SALT_BYTES || link.encrypted.byteLength < NONCE_BYTES + MAC_BYTES) {
    return err({
      kind: 'malformed-link',
      message: `the stored ballot link is damaged (salt ${link.salt.byteLength} bytes, link ${link.encrypted.byteLength} bytes)`,
    });
  }
  const derived = await derive(passphrase, link.salt, link.kdf);
  if (!derived.ok) return derived;
  const key = derived.value;
  const box = link.encrypted.subarray(NONCE_BYTES);
  const message = new Uint8Array(box.byteLength - MAC_BYTES);
  const opened = sodium.crypto_secretbox_open_easy(message, box, link.encrypted.subarray(0, NONCE_BYTES), key);
  wipeKey(key);
  if (!opened) {
    return err({ kind: 'wrong-passphrase', message: 'the passphrase does not match the one this ballot was cast with' });
  }
  try {
    return ok(new TextDecoder('utf-8', { fatal: true }).decode(message));
  } catch {
    return err({ kind: 'malformed-link', message: 'the stored ballot link does not hold a ballot id' });
  }
}

function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  sodium.randombytes_buf(bytes);
  return bytes;
}
