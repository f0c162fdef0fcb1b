import type { Kysely } from 'kysely';
import { err, ok, type Result } from '../core/result.js';
import { nthPassphraseAttempt, recordPassphraseAttempt } from '../storage/repositories/passphrase-attempt-repository.js';
import type { Database } from '../storage/schema.js';

/**
 * How many times a voter may try a ballot passphrase (view, change, withdraw) in a window:
 * each try costs a key derivation, and the limit stops guessing (SPEC §5, §16).
 */
export const PASSPHRASE_ATTEMPTS = Object.freeze({ max: 10, windowSeconds: 600 });

/** Too many attempts: wait this long before the next one counts again. */
export interface TooManyAttempts {
  readonly kind: 'too-many-attempts';
  readonly message: string;
  readonly retryAfterSeconds: number;
}

/**
 * Counts one passphrase attempt of `userId` in the database, before any key derivation, and
 * admits it if the user made at most `PASSPHRASE_ATTEMPTS.max` in the window: the limit
 * holds whichever replicas the attempts reach. Refused attempts count too.
 */
export async function admitPassphraseAttempt(db: Kysely<Database>, userId: number, now: Date): Promise<Result<void, TooManyAttempts>> {
  const { max, windowSeconds } = PASSPHRASE_ATTEMPTS;
  const since = new Date(now.getTime() - windowSeconds * 1000);
  const made = await recordPassphraseAttempt(db, userId, now, since);
  if (made <= max) return ok(undefined);
  // The next attempt is admitted once all but max - 1 of those in the window have aged out.
  const lastToAgeOut = (await nthPassphraseAttempt(db, userId, since, made - max)) ?? now;
  const retryAfterSeconds = Math.max(1, Math.ceil((lastToAgeOut.getTime() + windowSeconds * 1000 - now.getTime()) / 1000));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return err({
    kind: 'too-many-attempts',
    message: `Too many passphrase attempts. Please wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`,
    retryAfterSeconds,
  });
}
