import { isOfficer } from '../meta/index.js';
import { listComputedElectionIds } from '../storage/repositories/election-result-repository.js';
import { countPendingRequests } from '../storage/repositories/exception-request-repository.js';
import { listOpenGuardrails } from '../storage/repositories/guardrail-repository.js';
import type { AppDeps } from './app-deps.js';
import { electionState } from './election-presenter.js';
import { officerTodo } from './officer-workflow-presenter.js';
import type { OfficerElection } from './views/officer-elections.js';

/** The elections `login` is an officer of, newest first, each with its next actions (SPEC §14). */
export async function officerElections(deps: AppDeps, login: string): Promise<OfficerElection[]> {
  const { catalog, electionIds } = deps.catalog();
  const mine = catalog.list().flatMap((election) => {
    const id = electionIds.get(election.key);
    return id !== undefined && isOfficer(election, login) ? [{ election, id }] : [];
  });
  if (mine.length === 0) return [];
  const ids = mine.map((m) => m.id);
  const [pending, guardrails, computed] = await Promise.all([countPendingRequests(deps.db, ids), listOpenGuardrails(deps.db), listComputedElectionIds(deps.db)]);
  const now = deps.clock();
  return mine.map(({ election, id }) => {
    const state = electionState(election, now, computed.has(id));
    const todo = officerTodo({
      state,
      guardrails: guardrails.filter((w) => w.electionId === id).length,
      pendingRequests: pending.get(id) ?? 0,
      computed: computed.has(id),
      published: election.valid && election.results !== undefined,
    });
    return { name: election.config.name ?? election.key, state, consoleHref: `/app/elections/${encodeURIComponent(election.key)}/admin/`, todo };
  });
}
