import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isElectionStatus, type ElectionStatus } from '../../core/election-status.js';
import { listComputedElectionIds } from '../../storage/repositories/election-result-repository.js';
import type { AppDeps } from '../app-deps.js';
import { loadElection, type ElectionContext } from '../election-context.js';
import { candidateProfile, candidateSummaries, detail, electionHref, electionState, resultsHtml, summarize } from '../election-presenter.js';
import { HttpError, notFound } from '../http-error.js';
import { pageContext, sendPage } from '../page-context.js';
import { CandidatePage } from '../views/candidate-page.js';
import { ElectionList } from '../views/election-list.js';
import { ElectionPage, type ElectionActions } from '../views/election-page.js';
import type { ElectionSummary } from '../views/view-models.js';

type ElectionParams = { Params: { eid: string } };
export type CandidateParams = { Params: { eid: string; cid: string } };

/** Reads `?status=`: absent means all; anything but the three names is a 400. */
export function statusFilter(value: unknown): ElectionStatus | null {
  if (value === undefined || value === '') return null;
  if (isElectionStatus(value)) return value;
  throw new HttpError(400, 'The status filter must be upcoming, running or completed.');
}

/** Every election of the catalog as list entries, filtered by status, newest first. */
export async function electionSummaries(deps: AppDeps, loggedIn: boolean, filter: ElectionStatus | null): Promise<ElectionSummary[]> {
  const now = deps.clock();
  const { catalog, electionIds } = deps.catalog();
  const frozen = await listComputedElectionIds(deps.db);
  return catalog
    .list()
    .map((election) => {
      const id = electionIds.get(election.key);
      return summarize(election, electionState(election, now, id !== undefined && frozen.has(id)), loggedIn);
    })
    .filter((summary) => filter === null || summary.state === filter);
}

/** What anyone may see, logged in or not (SPEC §1 transparency, §6). */
export async function publicRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/', async (request, reply) => {
    if (request.viewer) return reply.redirect('/app');
    return reply.redirect('/elections');
  });

  app.get<{ Querystring: { status?: string } }>('/elections', async (request, reply) => {
    const filter = statusFilter(request.query.status);
    const elections = await electionSummaries(deps, false, filter);
    return sendPage(reply, <ElectionList page={pageContext(request, reply)} elections={elections} filter={filter} basePath="/elections" />);
  });

  app.get<ElectionParams>('/elections/:eid', async (request, reply) => {
    const context = await loadElection(deps, request.params.eid);
    const { election, state } = context;
    return sendPage(
      reply,
      <ElectionPage
        page={pageContext(request, reply)}
        election={detail(election, state)}
        candidates={candidateSummaries(election, false)}
        viewer={null}
        actions={visitorActions(context)}
        problems={null}
      />,
    );
  });

  app.get<CandidateParams>('/elections/:eid/candidates/:cid', (request, reply) => sendCandidatePage(deps, request, reply, false));
}

/** A visitor's next step: log in to vote while voting runs, or to read the published results. */
function visitorActions(context: ElectionContext): ElectionActions {
  const appPath = `/app/elections/${encodeURIComponent(context.election.key)}`;
  const login = (next: string) => `/login?next=${encodeURIComponent(next)}`;
  if (context.state === 'running') return { login: login(appPath) };
  if (context.state !== 'completed') return {};
  return resultsHtml(context.election) ? { results: login(`${appPath}/results/`) } : { resultsPending: true };
}

/**
 * A candidate's profile, on the public site or in the app (`loggedIn` picks the links).
 * An unknown candidate, or any candidate of a broken election, is a 404.
 */
export async function sendCandidatePage(deps: AppDeps, request: FastifyRequest<CandidateParams>, reply: FastifyReply, loggedIn: boolean) {
  const { election } = await loadElection(deps, request.params.eid);
  const candidate = election.valid ? election.candidates.find((c) => c.id === request.params.cid) : undefined;
  if (!election.valid || !candidate) throw notFound('candidate');
  return sendPage(
    reply,
    <CandidatePage
      page={pageContext(request, reply)}
      election={{ name: election.config.name, href: electionHref(election, loggedIn) }}
      candidate={candidateProfile(election, candidate)}
    />,
  );
}
