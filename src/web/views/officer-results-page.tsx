import type { ComponentChildren } from 'preact';
import { WinsDefeatsChart } from './chart-wins-defeats.js';
import { VisuallyHidden } from './components.js';
import { CsrfField, Layout, Time, type PageContext } from './layout.js';
import type { NamedCandidate, ResultView, SeatOutcome } from './officer-view-models.js';
import { StvResults, type StvResultsProps } from './stv-results.js';
import { TableRegion } from './table-region.js';

/** Before the count: whether it can be run now, and what it will do. */
export interface ComputeOffer {
  /** The form's action; null when computing is not possible now. */
  readonly action: string | null;
  /** Why it is not possible now (the policy's sentence), when `action` is null. */
  readonly refusal: string | null;
  readonly end: Date | null;
  readonly deleteAfter: boolean;
  readonly candidates: number;
  /** The counting method in words ("the Schulze method", "Scottish STV"). */
  readonly methodName: string;
}

export interface OfficerResultsPageProps {
  readonly page: PageContext;
  readonly election: { readonly name: string; readonly consoleHref: string };
  /** The stored result, or what computing it would do. */
  readonly result: ResultView | null;
  /** The stored result of an STV election (then `result` is null). */
  readonly stv?: StvResultsProps | null;
  readonly offer: ComputeOffer;
  /** The anonymous ballot CSV; null before the end. */
  readonly downloadHref: string | null;
}

const OUTCOME_LABELS: Record<SeatOutcome, string> = {
  elected: 'Elected',
  'tied-for-last-seat': 'Tied for the last seat',
  'not-elected': '—',
};

/** The officers' view of the count (SPEC §7, §9): compute it, then read it with its evidence. */
export function OfficerResultsPage({ page, election, result, stv, offer, downloadHref }: OfficerResultsPageProps) {
  return (
    <Layout page={page} title={`Results · ${election.name}`}>
      <p class="breadcrumb">
        <a href={election.consoleHref}>Officer console: {election.name}</a>
      </p>
      <h1>
        Results <span class="subtitle">{election.name}</span>
      </h1>
      <p class="notice">
        Only the election officers see this page. Voters see the <code>results.md</code> you publish in the meta repository once
        the election has completed.
      </p>
      {stv ? <StvResults {...stv} /> : result ? <StoredResult result={result} downloadHref={downloadHref} /> : <Compute page={page} offer={offer} downloadHref={downloadHref} />}
    </Layout>
  );
}

function Compute({ page, offer, downloadHref }: { page: PageContext; offer: ComputeOffer; downloadHref: string | null }) {
  if (!offer.action) {
    return (
      <section aria-labelledby="not-yet">
        <h2 id="not-yet">The results cannot be computed now</h2>
        <p>{offer.refusal}</p>
        {offer.end && (
          <p>
            Voting closes <Time at={offer.end} />.
          </p>
        )}
      </section>
    );
  }
  return (
    <section aria-labelledby="compute">
      <h2 id="compute">Compute the results</h2>
      <p>Voting has ended. Computing counts every stored ballot with {offer.methodName} over the election's {offer.candidates} candidates, then:</p>
      <ul>
        <li>stores the result with the SHA-256 hash of the anonymous ballots it counted;</li>
        <li>closes the election for good: it stays completed even if its dates are changed later;</li>
        {offer.deleteAfter ? (
          <li>
            <strong>erases every link between voters and their ballots</strong> (the election sets <code>delete_after</code>):
            nobody will be able to view a ballot with a passphrase any more. The ballots themselves stay.
          </li>
        ) : (
          <li>keeps the links between voters and their ballots (the election does not set <code>delete_after</code>).</li>
        )}
      </ul>
      <p>It is done once: computing again shows the same stored result.</p>
      <form method="post" action={offer.action} class="form-actions">
        <CsrfField page={page} />
        <button type="submit">Compute results</button>
        {downloadHref && (
          <a href={downloadHref} download>
            Download the anonymous ballots (CSV)
          </a>
        )}
      </form>
    </section>
  );
}

function StoredResult({ result, downloadHref }: { result: ResultView; downloadHref: string | null }) {
  const byPlace = result.ranking.flatMap((group) => group.members.map((m) => ({ ...m, place: group.place, tied: group.members.length > 1 })));
  return (
    <>
      <dl class="facts">
        <dt>Computed</dt>
        <dd>
          <Time at={result.computedAt} /> by {result.computedBy}
        </dd>
        <dt>Ballots counted</dt>
        <dd>{result.ballots}</dd>
        <dt>Seats</dt>
        <dd>{result.seats}</dd>
        <dt>SHA-256 of the counted ballots</dt>
        <dd>
          <code class="hash">{result.inputHash}</code>
        </dd>
      </dl>
      {downloadHref && (
        <p>
          <a href={downloadHref} download>
            Download the anonymous ballots (CSV)
          </a>{' '}
          — the file that was counted: <code>sha256sum</code> of it gives the hash above, and <code>elekto tally</code> on it gives
          this result.
        </p>
      )}

      <section aria-labelledby="winners">
        <h2 id="winners">Winners</h2>
        <Winners result={result} />
      </section>

      <section aria-labelledby="ranking">
        <h2 id="ranking">Ranking</h2>
        <p>
          Candidates are ordered by how many others defeat them by strongest paths, fewest first. Candidates sharing a place are
          tied.
        </p>
        <TableRegion id="ranking-table" title="Schulze ranking, best first">
          <table>
            <caption>Schulze ranking, best first</caption>
            <thead>
              <tr>
                <th scope="col" class="number">
                  Place
                </th>
                <th scope="col">Candidate</th>
                <th scope="col" class="number">
                  Beats
                </th>
                <th scope="col" class="number">
                  Beaten by
                </th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {byPlace.map((row) => (
                <tr>
                  <td class="number">
                    {row.place}
                    {row.tied && ' (tie)'}
                  </td>
                  <th scope="row">
                    <CandidateName candidate={row} />
                  </th>
                  <td class="number">{row.wins}</td>
                  <td class="number">{row.defeats}</td>
                  <td>{OUTCOME_LABELS[row.outcome]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
        <WinsDefeatsChart
          id="ranking-chart"
          title="Wins and defeats of each candidate, in ranking order"
          rows={byPlace.map((row) => ({ name: row.name, wins: row.wins, defeats: row.defeats }))}
        />
      </section>

      <section aria-labelledby="pairwise">
        <h2 id="pairwise">Pairwise preferences</h2>
        <Matrix
          id="pairwise-table"
          result={result}
          values={result.pairwise}
          caption={
            <>
              Ballots ranking the row's candidate above the column's candidate. <strong>Bold</strong>: more ballots prefer the row's
              candidate than the other way round.
            </>
          }
        />
      </section>

      <section aria-labelledby="paths">
        <h2 id="paths">Strongest paths</h2>
        <Matrix
          id="paths-table"
          result={result}
          values={result.strongestPaths}
          caption={
            <>
              Strength of the strongest path from the row's candidate to the column's candidate (winning votes).{' '}
              <strong>Bold</strong>: the row's candidate defeats the column's.
            </>
          }
        />
      </section>
    </>
  );
}

function Winners({ result }: { result: ResultView }) {
  const list = (candidates: readonly NamedCandidate[]) => (
    <ul>
      {candidates.map((c) => (
        <li>
          <CandidateName candidate={c} />
        </li>
      ))}
    </ul>
  );
  if (result.seats === 0) return <p>The election fills no seats.</p>;
  return (
    <>
      {result.winners.length > 0 ? (
        <>
          <p>
            {result.tie ? 'Elected outright' : 'Elected'} ({result.winners.length} of {result.seats} seat{result.seats === 1 ? '' : 's'}):
          </p>
          {list(result.winners)}
        </>
      ) : (
        !result.tie && <p>No candidate was elected.</p>
      )}
      {result.tie && (
        <div class="notice notice-warning" role="note">
          <h3>Tie for the last seat{result.tie.seats === 1 ? '' : 's'}</h3>
          <p>
            These {result.tie.candidates.length} candidates are tied for the remaining {result.tie.seats} seat
            {result.tie.seats === 1 ? '' : 's'}. The count does not pick among them: the officers must break the tie as the
            election's rules say.
          </p>
          {list(result.tie.candidates)}
        </div>
      )}
    </>
  );
}

function CandidateName({ candidate }: { candidate: NamedCandidate }) {
  return candidate.name === candidate.id ? (
    <>{candidate.id}</>
  ) : (
    <>
      {candidate.name} <span class="candidate-id">({candidate.id})</span>
    </>
  );
}

function Matrix({ id, result, values, caption }: { id: string; result: ResultView; values: ResultView['pairwise']; caption: ComponentChildren }) {
  const candidates = result.candidates;
  return (
    <TableRegion id={id} title={caption}>
      <table class="matrix">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">
              <VisuallyHidden>Candidate</VisuallyHidden>
            </th>
            {candidates.map((c) => (
              <th scope="col" class="number">
                {c.id}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {candidates.map((row, i) => (
            <tr>
              <th scope="row">
                <CandidateName candidate={row} />
              </th>
              {candidates.map((_, j) => {
                const value = values[i]?.[j] ?? null;
                if (value === null) {
                  return (
                    <td class="number diagonal">
                      <span aria-hidden="true">—</span>
                      <VisuallyHidden>same candidate</VisuallyHidden>
                    </td>
                  );
                }
                const wins = value > (values[j]?.[i] ?? 0);
                return <td class="number">{wins ? <strong>{value}</strong> : value}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
