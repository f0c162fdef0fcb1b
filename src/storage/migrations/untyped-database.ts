import type { Kysely } from 'kysely';

/**
 * The database as migrations see it: untyped, as Kysely advises, because a migration is
 * frozen in time and must not change meaning when today's table types (`schema.ts`) do.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the point of this type
export type UntypedDatabase = Kysely<any>;
