import { Layout, Time, type PageContext } from './layout.js';
import { ReviewedToggle } from './officer-console.js';

export interface RequestDetail {
  readonly login: string;
  readonly name: string;
  readonly email: string;
  readonly chat: string;
  readonly description: string;
  readonly comments: string;
  readonly reviewed: boolean;
  readonly createdAt: Date | null;
  /** Where the reviewed toggle posts (this page). */
  readonly href: string;
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
        Status: <strong>{request.reviewed ? 'Reviewed' : 'Not reviewed yet'}</strong>
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
        To let {request.login} vote, add the login to the election's <code>voters.yaml</code> in the meta repository. Marking the
        request reviewed only records that an officer has looked at it.
      </p>
      <div class="form-actions">
        <ReviewedToggle page={page} request={request} returnTo="request" />
      </div>
    </Layout>
  );
}
