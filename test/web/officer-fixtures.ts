// Builders shared by the officer console tests: a second election with other officers, seeded
// ballots and exception requests.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CatalogView } from '../../src/app/catalog-store.js';
import { castBallot } from '../../src/storage/repositories/ballot-casting.js';
import { newBallotGroupId } from '../../src/storage/repositories/ballot-rows.js';
import { createExceptionRequest } from '../../src/storage/repositories/exception-request-repository.js';
import { upsertUserByLogin } from '../../src/storage/repositories/user-repository.js';
import type { Database } from '../../src/storage/schema.js';
import { candidateMd, electionYaml } from '../meta/meta-helpers.js';
import { KEYS, LOGINS, NOW, testRepositoryFiles } from './web-harness.js';

/** A completed election whose only officer is `olivia`, beside the harness's four. */
export const OTHER = 'board---other';
export const OTHER_OFFICER = 'olivia';

const DAY = 86_400_000;

/** `YYYY-MM-DD HH:MM:SS`, `days` from NOW. */
export function ymd(days: number): string {
  return new Date(NOW.getTime() + days * DAY).toISOString().slice(0, 19).replace('T', ' ');
}

/** An `election.yaml` for the harness's completed window (10 to 5 days ago), with overrides. */
export function completedYaml(overrides: Record<string, string | undefined> = {}): string {
  return electionYaml({
    name: 'Board election (completed)',
    start_datetime: ymd(-10),
    end_datetime: ymd(-5),
    exception_due: ymd(-6),
    election_officers: `\n  - ${LOGINS.officer}`,
    ...overrides,
  });
}

/** The harness's repository plus `board/other`, officered by someone else. */
export function officerTestFiles(overrides: Record<string, string> = {}): Map<string, string> {
  return testRepositoryFiles({
    'elections/board/other/election.yaml': completedYaml({ name: 'Other board', election_officers: `\n  - ${OTHER_OFFICER}` }),
    'elections/board/other/voters.yaml': `eligible_voters:\n  - ${LOGINS.voter}\n`,
    'elections/board/other/candidate-ada.md': candidateMd('ada'),
    ...overrides,
  });
}

export type Ranks = Readonly<Record<string, number>>;

/**
 * Casts `ballots` in election `key` straight through the storage functions, each by a new
 * voter `voter-N` at `votedAt` (NOW - 7 days by default: inside the completed window), with a
 * random-looking link when `withLinks` says so.
 */
export async function seedBallots(
  db: Kysely<Database>,
  view: CatalogView,
  key: string,
  ballots: readonly Ranks[],
  options: { readonly withLinks?: boolean; readonly votedAt?: Date; readonly candidates?: readonly string[] } = {},
): Promise<void> {
  const electionId = view.electionIds.get(key);
  if (electionId === undefined) throw new Error(`no election ${key}`);
  const votedAt = options.votedAt ?? new Date(NOW.getTime() - 7 * DAY);
  const candidates = options.candidates ?? ['ada', 'grace', 'linus'];
  for (const [index, ranks] of ballots.entries()) {
    const user = await upsertUserByLogin(db, { login: `voter-${key}-${index}`, name: null }, votedAt);
    const link = options.withLinks ? { salt: randomBytes(16), encrypted: randomBytes(24 + 16 + 36), kdfParams: null } : null;
    const cast = await castBallot(db, {
      electionId,
      userId: user.id,
      ballotGroupId: newBallotGroupId(),
      ballot: new Map(Object.entries(ranks)),
      candidates,
      link,
      now: votedAt,
    });
    if (!cast.ok) throw new Error(cast.error.message);
  }
}

/** Files an exception request by `login` in election `key`; returns its id. */
export async function seedRequest(db: Kysely<Database>, view: CatalogView, key: string, login: string): Promise<number> {
  const electionId = view.electionIds.get(key);
  if (electionId === undefined) throw new Error(`no election ${key}`);
  const user = await upsertUserByLogin(db, { login, name: null }, NOW);
  const input = { name: `Name of ${login}`, email: `${login}@example.org`, chat: '', description: `Contributions of ${login}.`, comments: '' };
  const stored = await createExceptionRequest(db, { electionId, userId: user.id, input, now: NOW });
  if (!stored.ok) throw new Error(stored.error);
  const row = await db
    .selectFrom('request')
    .select('id')
    .where('election_id', '=', electionId)
    .where('user_id', '=', user.id)
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export const ADMIN = (key: string = KEYS.completed) => `/app/elections/${key}/admin`;
