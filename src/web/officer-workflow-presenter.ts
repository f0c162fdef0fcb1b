import type { Election } from '../meta/index.js';
import type { ExceptionRequest } from '../storage/repositories/exception-request-repository.js';
import type { VoterListChange } from './views/exception-decisions.js';
import type { RequestSummary } from './views/officer-view-models.js';
import type { ElectionState } from './views/view-models.js';

/** A stored request as the console lists it: its state, decision and whether the voter list has it. */
export function requestSummary(request: ExceptionRequest, election: Election, href: string): RequestSummary {
  return {
    id: request.id,
    login: request.login,
    name: request.name,
    state: request.state,
    decidedBy: request.decision?.by ?? null,
    decidedAt: request.decision?.at ?? null,
    note: request.decision?.note ?? '',
    inVoterList: election.valid && election.voters.has(request.login),
    createdAt: request.createdAt,
    href,
  };
}

/**
 * The exact `voters.yaml` lines for the approved requests not in the voter list yet (sorted
 * as `elekto voters` prints them), with the forge's editor for the file; null when none waits.
 */
export function voterListChange(
  requests: readonly RequestSummary[],
  election: Election,
  editUrl: ((path: string) => string | null) | null | undefined,
): VoterListChange | null {
  const waiting = requests.filter((r) => r.state === 'approved' && !r.inVoterList).map((r) => r.login);
  if (waiting.length === 0) return null;
  const file = `${election.path}/voters.yaml`;
  return {
    lines: waiting.sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase(), 'en')).map((login) => `  - ${login}`).join('\n'),
    file,
    editHref: editUrl?.(file) ?? null,
  };
}

/** What an officer should do next in an election, most urgent first. */
export function officerTodo(facts: {
  readonly state: ElectionState;
  readonly guardrails: number;
  readonly pendingRequests: number;
  readonly computed: boolean;
  /** `results.md` is in the repository. */
  readonly published: boolean;
}): string[] {
  const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  return [
    facts.state === 'invalid' && 'fix the configuration error in the meta repository',
    facts.guardrails > 0 && `undo or accept ${plural(facts.guardrails, 'unsafe change', 'unsafe changes')}`,
    facts.pendingRequests > 0 && `review ${plural(facts.pendingRequests, 'exception request', 'exception requests')}`,
    facts.state === 'completed' && !facts.computed && 'compute results',
    facts.state === 'completed' && facts.computed && !facts.published && 'publish results.md (download the draft from the console)',
  ].filter((todo): todo is string => typeof todo === 'string');
}
