import { VisuallyHidden } from './components.js';
import { TableRegion } from './table-region.js';
import { CsrfField, Time, type PageContext } from './layout.js';
import type { RequestSummary } from './officer-view-models.js';

/** Where a request stands, in words (and who decided when there is a decision). */
export function RequestStateText({ request }: { request: Pick<RequestSummary, 'state' | 'decidedBy' | 'decidedAt'> }) {
  const by = request.decidedBy && (
    <>
      {' '}
      by {request.decidedBy}
      {request.decidedAt && (
        <>
          , <Time at={request.decidedAt} />
        </>
      )}
    </>
  );
  switch (request.state) {
    case 'pending':
      return <strong>Pending</strong>;
    case 'approved':
      return (
        <>
          <strong>Approved</strong>
          {by}
        </>
      );
    case 'declined':
      return (
        <>
          <strong>Declined</strong>
          {by}
        </>
      );
    case 'reviewed':
      return <strong>Reviewed (no decision recorded)</strong>;
  }
}

/** What a decision form needs of its request; without the requester's login, its buttons say "this request". */
export type DecisionTarget = Pick<RequestSummary, 'href' | 'id' | 'note'> & Partial<Pick<RequestSummary, 'login'>>;

/** Approve or decline a request, with an optional note for the other officers. */
export function DecisionForm({ page, request, returnTo }: { page: PageContext; request: DecisionTarget; returnTo: 'console' | 'request' }) {
  const noteId = `note-${request.id}-${returnTo}`;
  const which = request.login === undefined ? ' this request' : ` the request by ${request.login}`;
  return (
    <form method="post" action={request.href} class="inline-form decision-form">
      <CsrfField page={page} />
      <input type="hidden" name="return" value={returnTo} />
      <label for={noteId}>
        Note <span class="hint">(optional, seen by officers only)</span>
      </label>
      <input id={noteId} name="note" type="text" maxLength={1000} value={request.note} />
      <button type="submit" name="decision" value="approved" class="button--small">
        Approve<VisuallyHidden>{which}</VisuallyHidden>
      </button>{' '}
      <button type="submit" name="decision" value="declined" class="button--small button--secondary">
        Decline<VisuallyHidden>{which}</VisuallyHidden>
      </button>
    </form>
  );
}

/** What to merge into `voters.yaml` for the approved requests whose login is not there yet. */
export interface VoterListChange {
  /** The exact lines to add under `eligible_voters:`. */
  readonly lines: string;
  /** Repository path of the file. */
  readonly file: string;
  /** The forge's web editor for that file, when META_REPO is on a known forge. */
  readonly editHref: string | null;
}

/** The console's exception requests: pending first, each with its state and the decision form. */
export function ExceptionRequestsSection({ page, requests, voterList }: { page: PageContext; requests: readonly RequestSummary[]; voterList: VoterListChange | null }) {
  const pending = requests.filter((r) => r.state === 'pending').length;
  return (
    <section aria-labelledby="requests">
      <h2 id="requests">Exception requests</h2>
      {requests.length === 0 ? (
        <p>No exception requests.</p>
      ) : (
        <>
          <p>
            {requests.length} request(s), {pending} pending. Approving records your decision; the voter can vote once their login is
            in the meta repository's <code>voters.yaml</code>.
          </p>
          {voterList && <VoterListNotice change={voterList} />}
          <TableRegion id="requests-table" title="Exception requests of this election">
            <table>
              <caption>Exception requests of this election, pending first</caption>
              <thead>
                <tr>
                  <th scope="col">Login</th>
                  <th scope="col">Name</th>
                  <th scope="col">Filed</th>
                  <th scope="col">State</th>
                  <th scope="col">Decide</th>
                </tr>
              </thead>
              <tbody>
                {requests.map((r) => (
                  <tr>
                    <th scope="row">
                      <a href={r.href}>{r.login}</a>
                    </th>
                    <td>{r.name}</td>
                    <td>{r.createdAt ? <Time at={r.createdAt} /> : 'unknown'}</td>
                    <td>
                      <RequestStateText request={r} />
                      {r.state === 'approved' && <> · {r.inVoterList ? 'in voters.yaml' : 'not in voters.yaml yet'}</>}
                      {r.note && <p class="hint">Note: {r.note}</p>}
                    </td>
                    <td>
                      <DecisionForm page={page} request={r} returnTo="console" />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        </>
      )}
    </section>
  );
}

function VoterListNotice({ change }: { change: VoterListChange }) {
  return (
    <div class="notice notice-warning" id="voters-to-add">
      <p>
        Approved requests waiting for the voter list: add these lines under <code>eligible_voters:</code> in <code>{change.file}</code>{' '}
        and merge the change.
      </p>
      <pre>
        <code>{change.lines}</code>
      </pre>
      {change.editHref && (
        <p>
          <a href={change.editHref}>Edit voters.yaml in the repository</a>
        </p>
      )}
    </div>
  );
}
