import type { Result } from '../core/result.js';
import type { KdfParams } from './kdf-params.js';

/**
 * Too many key derivations are running or waiting: the request was refused at once rather than
 * queued without bound. The web layer answers 503 with `Retry-After: retryAfterSeconds`.
 */
export interface KdfBusy {
  readonly kind: 'busy';
  /** Whole seconds (≥ 1) after which the queue has probably drained enough to accept it. */
  readonly retryAfterSeconds: number;
  readonly message: string;
}

/** libsodium could not derive the key, most likely because the memory could not be allocated. */
export interface KdfFailed {
  readonly kind: 'kdf-failed';
  readonly message: string;
}

export type KdfError = KdfBusy | KdfFailed;

/**
 * Turns a passphrase into a 32-byte key. The caller owns the returned key and must wipe it
 * (`wipeKey`) once used. Implemented by `deriveKey`, and by `KdfQueue#deriveKey` which
 * bounds how many run at once.
 */
export type DeriveKey = (
  passphrase: string,
  salt: Uint8Array,
  params: KdfParams,
) => Promise<Result<Uint8Array, KdfError>>;
