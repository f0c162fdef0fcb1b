import { countElectionVoters } from '../storage/repositories/voter-repository.js';
import type { AppDeps } from './app-deps.js';
import type { ElectionContext } from './election-context.js';
import { turnout } from './officer-presenter.js';
import type { Turnout } from './views/officer-view-models.js';

/**
 * The turnout an election's page shows to everyone once it is completed (SPEC §14): ballots
 * cast of eligible voters. Null before, so a running election's turnout never shows publicly.
 */
export async function publicTurnout(deps: AppDeps, context: ElectionContext): Promise<Turnout | null> {
  if (context.state !== 'completed') return null;
  return turnout(context.election, await countElectionVoters(deps.db, context.electionId));
}
