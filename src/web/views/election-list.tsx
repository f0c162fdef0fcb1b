import { ELECTION_STATUSES, type ElectionStatus } from '../../core/election-status.js';
import { StateBadge } from './badges.js';
import { Layout, Time, type PageContext } from './layout.js';
import type { ElectionSummary } from './view-models.js';

export interface ElectionListProps {
  readonly page: PageContext;
  readonly elections: readonly ElectionSummary[];
  readonly filter: ElectionStatus | null;
  /** `/elections` for the public list, `/app/elections` for logged-in users. */
  readonly basePath: string;
}

const FILTER_LABELS: Record<ElectionStatus, string> = { upcoming: 'Upcoming', running: 'Running', completed: 'Completed' };

/** Every election, newest first, with a status filter (SPEC §6). */
export function ElectionList({ page, elections, filter, basePath }: ElectionListProps) {
  const filters: [ElectionStatus | null, string][] = [[null, 'All'], ...ELECTION_STATUSES.map((s): [ElectionStatus, string] => [s, FILTER_LABELS[s]])];
  return (
    <Layout page={page} title="Elections">
      <h1>Elections</h1>
      <nav aria-label="Filter by status" class="filters">
        <ul>
          {filters.map(([status, label]) => (
            <li>
              <a href={status ? `${basePath}?status=${status}` : basePath} aria-current={status === filter ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {elections.length === 0 ? (
        <p>No elections{filter ? ` are ${filter}` : ' yet'}.</p>
      ) : (
        <ul class="election-list">
          {elections.map((election) => (
            <li class="card">
              <h2>
                <a href={election.href}>{election.name}</a>
              </h2>
              <p class="meta">
                <StateBadge state={election.state} /> {election.organization}
              </p>
              {election.start && election.end && (
                <p class="window">
                  Voting from <Time at={election.start} /> to <Time at={election.end} />
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
