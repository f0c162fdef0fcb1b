import { ErrorSummary } from './components.js';
import { DecisionForm, RequestStateText, type DecisionTarget } from './exception-decisions.js';
import { Layout, Time, type PageContext } from './layout.js';
import type { RequestSummary } from './officer-view-models.js';

export interface RequestDetail extends RequestSummary {
  readonly email: string;
  readonly chat: string;
  readonly description: string;
  readonly comments: string;
}

export interface OfficerRequestPageProps {
  readonly page: PageContext;
  readonly election: { readonly name: string; readonly consoleHref: string };
  readonly request: RequestDetail;
}

/** One exception request of one election, for its officers (SPEC §6). */
export function OfficerRequestPage({ page, election, request }: OfficerRequestPageProps) {
  return (
    <Layout page={page} title={`Exception request by ${request.login} · ${election.name}`}>
      <p class="breadcrumb">
        <a href={election.consoleHref}>Officer console: {election.name}</a>
      </p>
      <h1>Exception request by {request.login}</h1>
      <p>
        State: <RequestStateText request={request} />
      </p>
      <dl class="facts">
        <dt>{page.loginSource ? `${page.loginSource} login` : 'Login'}</dt>
        <dd>{request.login}</dd>
        <dt>Name</dt>
        <dd>{request.name}</dd>
        <dt>Email address</dt>
        <dd>{request.email}</dd>
        <dt>Chat handle</dt>
        <dd>{request.chat || '—'}</dd>
        <dt>Filed</dt>
        <dd>{request.createdAt ? <Time at={request.createdAt} /> : 'unknown'}</dd>
      </dl>
      <h2>Contributions</h2>
      <p class="user-text">{request.description}</p>
      <h2>Comments</h2>
      <p class="user-text">{request.comments || 'None.'}</p>
      <p class="hint">
        Approving records the decision, and {request.login} sees it on the election page. They can vote once their login is in the
        election's <code>voters.yaml</code> in the meta repository{request.inVoterList ? ' (it is now)' : ''}; the console lists the lines to add.
      </p>
      {request.note && <p>Note: {request.note}</p>}
      <div class="form-actions">
        <DecisionForm page={page} request={request} returnTo="request" />
      </div>
    </Layout>
  );
}

export interface DecisionAgainPageProps {
  readonly page: PageContext;
  readonly election: { readonly name: string; readonly consoleHref: string };
  readonly request: DecisionTarget;
  readonly returnTo: 'console' | 'request';
  /** Why the decision was not recorded. */
  readonly message: string;
}

/** A decision that could not be recorded (the database is unavailable): its form again, note kept. */
export function DecisionAgainPage({ page, election, request, returnTo, message }: DecisionAgainPageProps) {
  return (
    <Layout page={page} title={`Exception request · ${election.name}`}>
      <p class="breadcrumb">
        <a href={election.consoleHref}>Officer console: {election.name}</a>
      </p>
      <h1>Exception request</h1>
      <ErrorSummary errors={[{ message }]} />
      <p>Your decision was not recorded. Send it again when the service is back; your note is kept below.</p>
      <div class="form-actions">
        <DecisionForm page={page} request={request} returnTo={returnTo} />
      </div>
    </Layout>
  );
}
