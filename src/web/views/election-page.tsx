import type { ElectionMethod } from '../../core/election-method.js';
import { StateBadge, VoterBadgeView } from './badges.js';
import { HowVotesAreCounted } from './counting-method.js';
import { ElectionFacts } from './election-facts.js';
import { CsrfField, Layout, type PageContext } from './layout.js';
import type { CandidateSummary, ElectionSummary, FileProblem, VoterBadge } from './view-models.js';

/** Everything the election page shows about the election itself. */
export interface ElectionDetail extends Omit<ElectionSummary, 'href'> {
  readonly exceptionDue: Date | null;
  readonly seats: number | null;
  /** `election_method` (SPEC §13). */
  readonly method: ElectionMethod;
  /** Sanitised HTML rendered from the repository's Markdown. */
  readonly descriptionHtml: string;
  readonly eligibilityHtml: string;
  readonly exceptionDescriptionHtml: string;
}

/** Where the viewer may go from here; a link is present only when the policy allows it. */
export interface ElectionActions {
  readonly vote?: string;
  /** What leaving a candidate unranked means here, said before the voter ranks. */
  readonly unranked?: string;
  /** The ballot can be viewed, changed or withdrawn with the passphrase; `error`: a refused passphrase. */
  readonly manage?: { readonly viewAction: string; readonly error?: string | undefined };
  /** The viewer voted without a passphrase: nothing to manage, and the page says why. */
  readonly votedWithoutPassphrase?: boolean;
  readonly exception?: string;
  /** The published results (or, for a visitor, the login that leads there). */
  readonly results?: string;
  /** Completed, but the officers have not published results yet. */
  readonly resultsPending?: boolean;
  /** A visitor on a running election: the login that leads to the ballot. */
  readonly login?: string;
  readonly admin?: string;
}

export interface ElectionPageProps {
  readonly page: PageContext;
  readonly election: ElectionDetail;
  readonly candidates: readonly CandidateSummary[];
  /** Null on the public page; the logged-in viewer's standing otherwise. */
  readonly viewer: { readonly badge: VoterBadge } | null;
  readonly actions: ElectionActions;
  /** The broken files, shown to the election's officers only (null for everyone else). */
  readonly problems: readonly FileProblem[] | null;
}

/** An election: description, eligibility, window, candidates, and what the viewer may do. */
export function ElectionPage({ page, election, candidates, viewer, actions, problems }: ElectionPageProps) {
  return (
    <Layout page={page} title={election.name}>
      <p class="breadcrumb">
        <a href={viewer ? '/app/elections' : '/elections'}>Elections</a>
      </p>
      <h1>{election.name}</h1>
      <p class="meta">
        <StateBadge state={election.state} /> {viewer && <VoterBadgeView badge={viewer.badge} />} {election.organization}
      </p>
      {election.state === 'invalid' && <InvalidNotice problems={problems} />}
      <ElectionFacts start={election.start} end={election.end} exceptionDue={election.exceptionDue} seats={election.seats} />
      <Actions actions={actions} page={page} loggedIn={viewer !== null} />
      {election.descriptionHtml && <section class="markdown" dangerouslySetInnerHTML={{ __html: election.descriptionHtml }} />}
      {election.eligibilityHtml && (
        <section aria-labelledby="eligibility">
          <h2 id="eligibility">Who can vote</h2>
          <div class="markdown" dangerouslySetInnerHTML={{ __html: election.eligibilityHtml }} />
          {election.exceptionDescriptionHtml && <div class="markdown" dangerouslySetInnerHTML={{ __html: election.exceptionDescriptionHtml }} />}
        </section>
      )}
      {election.state !== 'invalid' && <HowVotesAreCounted method={election.method} />}
      <section aria-labelledby="candidates">
        <h2 id="candidates">Candidates</h2>
        {candidates.length === 0 ? (
          <p>No candidates yet.</p>
        ) : (
          <ul class="candidate-list">
            {candidates.map((candidate) => (
              <li>
                <a href={candidate.href}>{candidate.name}</a> <span class="candidate-id">({candidate.id})</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}

function InvalidNotice({ problems }: { problems: readonly FileProblem[] | null }) {
  return (
    <section class="notice notice-error" aria-labelledby="invalid">
      <h2 id="invalid">This election has a configuration error</h2>
      <p>Voting is closed until the election officers fix the election's files in the repository.</p>
      {problems && (
        <ul>
          {problems.map((p) => (
            <li>
              <code>{p.line === null ? p.file : `${p.file}:${p.line}`}</code>: {p.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Actions({ actions, page, loggedIn }: { actions: ElectionActions; page: PageContext; loggedIn: boolean }) {
  const links = [actions.exception && 'exception', actions.results && 'results', actions.admin && 'admin'].filter(Boolean);
  const empty = !actions.vote && !actions.manage && !actions.votedWithoutPassphrase && !actions.login && !actions.resultsPending && links.length === 0;
  if (empty) return null;
  return (
    <section class="actions election-actions" aria-label="What you can do">
      {actions.vote && (
        <div class="next-step">
          <a class="button button-primary" href={actions.vote}>
            Vote
          </a>
          {actions.unranked && <p class="hint">You rank the candidates in order of preference. {actions.unranked}</p>}
        </div>
      )}
      {actions.login && (
        <a class="button button-primary" href={actions.login}>
          Log in to vote
        </a>
      )}
      {actions.manage && <ManageBallot manage={actions.manage} page={page} />}
      {actions.votedWithoutPassphrase && (
        <p class="next-step">
          You voted without a passphrase, so your ballot counts but nobody can link it to you: it cannot be viewed,
          changed or withdrawn.
        </p>
      )}
      {actions.resultsPending && <p class="next-step">The election officers have not published the results yet.</p>}
      {actions.exception && <a href={actions.exception}>Request an exception to vote</a>}
      {actions.results && <a href={actions.results}>{loggedIn ? 'Read the published results' : 'Log in to read the results'}</a>}
      {actions.admin && <a href={actions.admin}>Officer console</a>}
    </section>
  );
}

function ManageBallot({ manage, page }: { manage: NonNullable<ElectionActions['manage']>; page: PageContext }) {
  const { viewAction, error } = manage;
  return (
    <form method="post" action={viewAction} class={error ? 'manage-ballot has-error' : 'manage-ballot'}>
      <CsrfField page={page} />
      <label for="manage-passphrase">Passphrase you chose when voting</label>
      {error && (
        <p class="field-error" id="manage-passphrase-error" role="alert">
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      <input
        id="manage-passphrase"
        name="passphrase"
        type="password"
        autocomplete="off"
        required
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'manage-passphrase-error' : undefined}
      />
      <button type="submit">View, change or withdraw my ballot</button>
    </form>
  );
}
