import { VoterBadgeView } from './badges.js';
import { Layout, Time, type PageContext } from './layout.js';
import { ElectionsYouRun, type OfficerElection } from './officer-elections.js';
import type { ElectionSummary, VoterBadge } from './view-models.js';

export interface DashboardProps {
  readonly page: PageContext;
  readonly running: readonly (ElectionSummary & { readonly badge: VoterBadge })[];
  /** The elections the user is an officer of; empty for everyone else. */
  readonly officerOf?: readonly OfficerElection[];
}

/** The logged-in home: running elections with the user's eligibility and voted state. */
export function Dashboard({ page, running, officerOf = [] }: DashboardProps) {
  return (
    <Layout page={page} title="Dashboard">
      <h1>Welcome, {page.login}</h1>
      <ElectionsYouRun elections={officerOf} />
      <h2>Elections open for voting</h2>
      {running.length === 0 ? (
        <p>
          No election is running right now. <a href="/app/elections">See all elections</a>.
        </p>
      ) : (
        <ul class="election-list">
          {running.map((election) => (
            <li class="card">
              <h3>
                <a href={election.href}>{election.name}</a>
              </h3>
              <p class="meta">
                <VoterBadgeView badge={election.badge} /> {election.organization}
              </p>
              {election.end && (
                <p class="window">
                  Voting closes <Time at={election.end} />
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
