import type { ComponentChildren } from 'preact';
import { StateBadge } from './badges.js';
import { ColumnChart } from './chart-columns.js';
import { ElectionFacts } from './election-facts.js';
import { ExceptionRequestsSection, type VoterListChange } from './exception-decisions.js';
import { Layout, Time, type PageContext } from './layout.js';
import type { BallotsPerPeriod, RequestSummary, Turnout } from './officer-view-models.js';
import type { ElectionState, FileProblem } from './view-models.js';
import { plural } from '../../core/plural.js';
import { TableRegion } from './table-region.js';

export interface ConsoleElection {
  readonly name: string;
  readonly organization: string;
  readonly state: ElectionState;
  readonly start: Date | null;
  readonly end: Date | null;
  readonly exceptionDue: Date | null;
  readonly seats: number | null;
  readonly deleteAfter: boolean | null;
  /** The election's page. */
  readonly href: string;
}

/** What the officers can do with the results now. */
export interface ConsoleResults {
  readonly href: string;
  readonly computed: boolean;
  /** Why the results cannot be computed now (the policy's sentence); null when they can. */
  readonly computeRefusal: string | null;
  /** After the end only. */
  readonly downloadHref: string | null;
  /** The `results.md` draft, once the results are computed. */
  readonly draftHref: string | null;
}

export interface OfficerConsoleProps {
  readonly page: PageContext;
  readonly election: ConsoleElection;
  readonly turnout: Turnout;
  /** Logins of those who voted, sorted; nothing about their ballots. */
  readonly voters: readonly string[];
  readonly perPeriod: BallotsPerPeriod;
  readonly requests: readonly RequestSummary[];
  /** Lines to add to `voters.yaml` for approved requests; null when there are none. */
  readonly voterList: VoterListChange | null;
  /** The election's broken files (when invalid) and warnings. */
  readonly problems: readonly FileProblem[];
  readonly warnings: readonly FileProblem[];
  readonly results: ConsoleResults;
  /** The open guardrail warnings (rendered first, prominently), the accepted ones and the audit trail. */
  readonly guardrails: ComponentChildren;
  readonly acceptedChanges: ComponentChildren;
  readonly audit: ComponentChildren;
}

/** The officer console of one election (SPEC §9). */
export function OfficerConsole(props: OfficerConsoleProps) {
  const { page, election, turnout, voters, perPeriod, requests, voterList, problems, warnings, results, guardrails, acceptedChanges, audit } = props;
  return (
    <Layout page={page} title={`Officer console · ${election.name}`}>
      <p class="breadcrumb">
        <a href={election.href}>{election.name}</a>
      </p>
      <h1>
        Officer console <span class="subtitle">{election.name}</span>
      </h1>
      <p class="meta">
        <StateBadge state={election.state} /> {election.organization}
      </p>
      {guardrails}
      {problems.length > 0 && <FileProblems id="problems" title="This election has a configuration error" problems={problems} error />}
      <Window election={election} />
      <TurnoutSection turnout={turnout} />
      <ResultsSection results={results} election={election} />
      <PerPeriodSection perPeriod={perPeriod} />
      <VotersSection voters={voters} source={page.loginSource} />
      <ExceptionRequestsSection page={page} requests={requests} voterList={voterList} />
      {warnings.length > 0 && <FileProblems id="warnings" title="Warnings about the election's files" problems={warnings} error={false} />}
      {acceptedChanges}
      {audit}
    </Layout>
  );
}

function FileProblems({ id, title, problems, error }: { id: string; title: string; problems: readonly FileProblem[]; error: boolean }) {
  return (
    <section class={`notice ${error ? 'notice-error' : 'notice-warning'}`} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {error && <p>Voting is closed until these files are fixed in the meta repository.</p>}
      <ul>
        {problems.map((p) => (
          <li>
            <code>{p.line === null ? p.file : `${p.file}:${p.line}`}</code>: {p.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Window({ election }: { election: ConsoleElection }) {
  return (
    <section aria-labelledby="window">
      <h2 id="window">Voting window</h2>
      <ElectionFacts
        start={election.start}
        end={election.end}
        exceptionDue={election.exceptionDue}
        seats={election.seats}
        unknownWindow="unknown (see the configuration error)"
      >
        {election.deleteAfter !== null && (
          <>
            <dt>Links between voters and ballots</dt>
            <dd>{election.deleteAfter ? 'Erased when the results are computed (delete_after)' : 'Kept after the results are computed'}</dd>
          </>
        )}
      </ElectionFacts>
    </section>
  );
}

function TurnoutSection({ turnout }: { turnout: Turnout }) {
  return (
    <section aria-labelledby="turnout">
      <h2 id="turnout">Turnout</h2>
      <dl class="stats">
        <div>
          <dt>Eligible voters</dt>
          <dd>{turnout.eligible ?? 'unknown'}</dd>
        </div>
        <div>
          <dt>Ballots cast</dt>
          <dd>{turnout.cast}</dd>
        </div>
        <div>
          <dt>Turnout</dt>
          <dd>{turnout.percent === null ? '—' : `${turnout.percent.toFixed(1)} %`}</dd>
        </div>
      </dl>
    </section>
  );
}

function ResultsSection({ results, election }: { results: ConsoleResults; election: ConsoleElection }) {
  return (
    <section aria-labelledby="results">
      <h2 id="results">Results</h2>
      {results.computed ? (
        <p>
          The results have been computed; the election is closed for good. <a href={results.href}>See the results</a>.
        </p>
      ) : results.computeRefusal === null ? (
        <p>
          Voting has ended. <a href={results.href}>Compute the results</a>.
        </p>
      ) : (
        <p>
          {results.computeRefusal}
          {election.state !== 'invalid' && election.end && (
            <>
              {' '}
              The results can be computed once voting closes (<Time at={election.end} />).
            </>
          )}
        </p>
      )}
      {results.draftHref && (
        <p>
          <a href={results.draftHref} download>
            Download a results.md draft
          </a>{' '}
          (winners, ranking, turnout and the hash of the counted ballots) to edit and merge into the meta repository.
        </p>
      )}
      {results.downloadHref && (
        <p>
          <a href={results.downloadHref} download>
            Download the anonymous ballots (CSV)
          </a>
        </p>
      )}
    </section>
  );
}

function PerPeriodSection({ perPeriod }: { perPeriod: BallotsPerPeriod }) {
  const unit = perPeriod.unit;
  const title = `Ballots cast per ${unit} (UTC)`;
  return (
    <section aria-labelledby="per-period">
      <h2 id="per-period">{title}</h2>
      {perPeriod.periods.length === 0 ? (
        <p>No ballots cast yet.</p>
      ) : (
        <div class="chart-and-table">
          <ColumnChart id="per-period-chart" title={title} summary={`Column chart of the ballots cast each ${unit}.`} columns={perPeriod.periods.map((p) => ({ label: p.label, longLabel: p.longLabel, value: p.count }))} />
          <TableRegion id="per-period-table" title={title}>
            <table>
              <caption>{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{unit === 'day' ? 'Day' : 'Week'}</th>
                  <th scope="col" class="number">
                    Ballots
                  </th>
                </tr>
              </thead>
              <tbody>
                {perPeriod.periods.map((p) => (
                  <tr>
                    <th scope="row">{p.longLabel}</th>
                    <td class="number">{p.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        </div>
      )}
      {perPeriod.undated > 0 && <p class="hint">{plural(perPeriod.undated, 'ballot has', 'ballots have')} no recorded time and {perPeriod.undated === 1 ? 'is' : 'are'} not shown.</p>}
    </section>
  );
}

function VotersSection({ voters, source }: { voters: readonly string[]; source: string | undefined }) {
  return (
    <section aria-labelledby="voters">
      <h2 id="voters">Who has voted ({voters.length})</h2>
      <p class="hint">{source ? `${source} logins` : 'Logins'} only. Ballots are anonymous: nothing here, or anywhere, tells whose ballot is whose.</p>
      {voters.length === 0 ? (
        <p>Nobody has voted yet.</p>
      ) : (
        <ul class="login-list">
          {voters.map((login) => (
            <li>{login}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
