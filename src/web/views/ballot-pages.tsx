import { CsrfField, Layout, type PageContext } from './layout.js';

interface ElectionRef {
  readonly name: string;
  readonly href: string;
}

/** After casting or changing: the ballot is stored; says what the voter can and cannot do next. */
export function ConfirmationPage(props: { page: PageContext; election: ElectionRef; withPassphrase: boolean | null; changed?: boolean }) {
  const { page, election, withPassphrase, changed = false } = props;
  const heading = changed ? 'Your ballot is changed' : 'Your ballot is cast';
  return (
    <Layout page={page} title={`${changed ? 'Ballot changed' : 'Ballot cast'} · ${election.name}`}>
      <h1>{heading}</h1>
      <p role="status">{changed ? `Your new ranking replaced your old ballot in ${election.name}.` : `Thank you for voting in ${election.name}.`}</p>
      {withPassphrase === true && (
        <p>
          While voting is open you can view, change or withdraw your ballot from the election page with the passphrase you
          chose. Nobody else can link the ballot to you.
        </p>
      )}
      {withPassphrase === false && (
        <p>
          You cast it without a passphrase, so nobody — not you, not the administrators — can link this ballot to you
          again. It cannot be viewed or changed.
        </p>
      )}
      <p>
        <a href={election.href}>Back to the election</a>
      </p>
    </Layout>
  );
}

export interface BallotViewProps {
  readonly page: PageContext;
  readonly election: ElectionRef;
  /** Every candidate with the voter's rank, or null for "No opinion"; ranked first, by rank. */
  readonly entries: readonly { readonly name: string; readonly id: string; readonly rank: number | null }[];
  /** Carried to the change and withdraw forms so the voter need not type it again. */
  readonly passphrase: string;
  readonly editAction: string;
}

/** The voter's own ballot, opened with their passphrase, with change and withdraw. */
export function BallotViewPage({ page, election, entries, passphrase, editAction }: BallotViewProps) {
  return (
    <Layout page={page} title={`Your ballot · ${election.name}`}>
      <h1>Your ballot</h1>
      <table class="ballot-table">
        <caption>Your ranking in {election.name} (1 = most preferred)</caption>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Candidate</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr>
              <td>{entry.rank ?? 'No opinion'}</td>
              <th scope="row">
                {entry.name} <span class="candidate-id">({entry.id})</span>
              </th>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="actions">
        <form method="post" action={editAction}>
          <CsrfField page={page} />
          <input type="hidden" name="passphrase" value={passphrase} />
          <input type="hidden" name="action" value="form" />
          <button type="submit">Change my ballot</button>
        </form>
        <form method="post" action={editAction}>
          <CsrfField page={page} />
          <input type="hidden" name="passphrase" value={passphrase} />
          <input type="hidden" name="action" value="withdraw" />
          <button type="submit" class="button-danger">
            Withdraw my ballot
          </button>
        </form>
      </div>
      <p>
        Withdrawing removes your ballot; you may then vote again while voting is open. <a href={election.href}>Back to the election</a>
      </p>
    </Layout>
  );
}

/** After a withdrawal: the ballot is gone and the voter may vote again. */
export function WithdrawnPage({ page, election, voteHref }: { page: PageContext; election: ElectionRef; voteHref: string }) {
  return (
    <Layout page={page} title={`Ballot withdrawn · ${election.name}`}>
      <h1>Your ballot is withdrawn</h1>
      <p role="status">Your ballot was removed. You may vote again while voting is open.</p>
      <p>
        <a class="button" href={voteHref}>
          Vote again
        </a>{' '}
        <a href={election.href}>Back to the election</a>
      </p>
    </Layout>
  );
}
