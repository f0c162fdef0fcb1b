import { dirname } from 'node:path';
import type { Kysely } from 'kysely';
import { err, ok, type Result } from '../core/result.js';
import type { Config } from '../config/config-schema.js';
import { demoBallots } from '../demo/demo-ballots.js';
import { DEMO_LOGINS } from '../demo/demo-logins.js';
import { prepareDemoMeta } from '../demo/prepare-demo-meta.js';
import type { Catalog } from '../meta/index.js';
import { castBallot } from '../storage/repositories/ballot-casting.js';
import { newBallotGroupId } from '../storage/repositories/ballot-rows.js';
import { listElectionVoters } from '../storage/repositories/voter-repository.js';
import { upsertUserByLogin } from '../storage/repositories/user-repository.js';
import type { Database } from '../storage/schema.js';
import type { MetaSource } from './election-sync.js';

/**
 * The zero-configuration demo (SPEC §12) is on when the server runs in development and no
 * meta repository is configured: it then serves a generated local one.
 */
export function isDemo(config: Config): boolean {
  return config.environment === 'development' && config.meta.repo === undefined;
}

/** The logins the development login page suggests in the demo. */
export const DEMO_SUGGESTIONS = DEMO_LOGINS.map((l) => ({ login: l.login, role: l.description }));

/**
 * Generates (or refreshes) the demo meta repository beside the database and returns where to
 * sync it from: dates move with today, so the demo always has an upcoming, a running and a
 * completed election.
 */
export async function prepareDemoSource(config: Config, now: Date): Promise<Result<MetaSource, string>> {
  const dataDir = dirname(config.meta.path);
  const demo = await prepareDemoMeta({ dataDir, now });
  if (!demo.ok) return err(`cannot prepare the demo meta repository: ${demo.error.message}`);
  return ok({ repo: demo.value.repoPath, branch: demo.value.branch, path: config.meta.path, electionDir: demo.value.electionDir });
}

/**
 * Casts the demo's ballots in its completed election once (when nobody has voted there yet),
 * without passphrases, so the officer console has turnout and results to show.
 */
export async function seedDemoBallots(db: Kysely<Database>, catalog: Catalog, electionIds: ReadonlyMap<string, number>, now: Date): Promise<void> {
  const { electionKey, voters, ballots } = demoBallots();
  const election = catalog.get(electionKey);
  const electionId = electionIds.get(electionKey);
  if (!election?.valid || electionId === undefined) return;
  if ((await listElectionVoters(db, electionId)).length > 0) return;
  const candidates = election.candidates.map((c) => c.id);
  const start = election.config.start_datetime.getTime();
  const span = Math.min(now.getTime(), election.config.end_datetime.getTime()) - start;
  for (const [index, login] of voters.entries()) {
    // Spread over the voting window, so the officer console's per-day chart has a shape.
    const votedAt = new Date(start + Math.floor((span * (index + 1)) / (voters.length + 1)));
    const user = await upsertUserByLogin(db, { login, name: null }, votedAt);
    const ballot = ballots[index];
    if (!ballot) continue;
    await castBallot(db, { electionId, userId: user.id, ballotGroupId: newBallotGroupId(), ballot, candidates, link: null, now: votedAt });
  }
}
