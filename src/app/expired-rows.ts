import type { Kysely } from 'kysely';
import { deleteExpiredOAuthStates } from '../storage/repositories/oauth-state-repository.js';
import { deletePassphraseAttemptsBefore } from '../storage/repositories/passphrase-attempt-repository.js';
import { deleteExpiredSessions } from '../storage/repositories/session-repository.js';
import type { Database } from '../storage/schema.js';
import { PASSPHRASE_ATTEMPTS } from './passphrase-attempts.js';
import { repeat, type RepeatingTask } from './repeating-task.js';

/** How often each server purges (SPEC §16): expired rows are harmless, only clutter. */
export const PURGE_EVERY_MS = 15 * 60_000;

/** What a purge deleted. */
export interface PurgeReport {
  readonly sessions: number;
  readonly oauthStates: number;
  readonly passphraseAttempts: number;
}

/** Deletes the sessions and OAuth states expired at `now`, and the attempts that no longer count. */
export async function purgeExpiredRows(db: Kysely<Database>, now: Date): Promise<PurgeReport> {
  const attemptsBefore = new Date(now.getTime() - PASSPHRASE_ATTEMPTS.windowSeconds * 1000);
  return {
    sessions: await deleteExpiredSessions(db, now),
    oauthStates: await deleteExpiredOAuthStates(db, now),
    passphraseAttempts: await deletePassphraseAttemptsBefore(db, attemptsBefore),
  };
}

interface PurgeLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** `purgeExpiredRows` every `everyMs` until stopped; every replica may run it (deletes are idempotent). */
export function purgePeriodically(db: Kysely<Database>, clock: () => Date, log: PurgeLog, everyMs = PURGE_EVERY_MS): RepeatingTask {
  return repeat(
    async () => {
      const report = await purgeExpiredRows(db, clock());
      if (report.sessions + report.oauthStates + report.passphraseAttempts > 0) log.info({ ...report }, 'purged expired rows');
    },
    everyMs,
    (error) => log.warn({ err: error }, 'purging expired rows failed; next time, then'),
  );
}
