import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Records one passphrase attempt of `userId` at `now` and returns how many that user made
 * since `since`, this one included. Inserting before counting makes the limit exact across
 * replicas: of attempts racing each other, the later ones always count the earlier ones.
 */
export async function recordPassphraseAttempt(db: Kysely<Database>, userId: number, now: Date, since: Date): Promise<number> {
  await db.insertInto('passphrase_attempt').values({ user_id: userId, attempted_at: now }).execute();
  const row = await db
    .selectFrom('passphrase_attempt')
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .where('user_id', '=', userId)
    .where('attempted_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The time of the `n`-th attempt (0: the earliest) of `userId` after `since`. */
export async function nthPassphraseAttempt(db: Kysely<Database>, userId: number, since: Date, n: number): Promise<Date | undefined> {
  const row = await db
    .selectFrom('passphrase_attempt')
    .select('attempted_at')
    .where('user_id', '=', userId)
    .where('attempted_at', '>', since)
    .orderBy('attempted_at')
    .orderBy('id')
    .limit(1)
    .offset(n)
    .executeTakeFirst();
  return row?.attempted_at;
}

/** Deletes the attempts made up to `before` (they no longer count); returns how many. */
export async function deletePassphraseAttemptsBefore(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom('passphrase_attempt').where('attempted_at', '<=', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
