import { StateBadge } from './badges.js';
import type { ElectionState } from './view-models.js';

/** An election the viewer is an officer of, with what needs doing next. */
export interface OfficerElection {
  readonly name: string;
  readonly state: ElectionState;
  readonly consoleHref: string;
  /** The next actions, most urgent first ("Review 3 exception requests"); empty when none. */
  readonly todo: readonly string[];
}

/** The dashboard's "Elections you run" (SPEC §14): shown only to officers. */
export function ElectionsYouRun({ elections }: { elections: readonly OfficerElection[] }) {
  if (elections.length === 0) return null;
  return (
    <section aria-labelledby="you-run">
      <h2 id="you-run">Elections you run</h2>
      <ul class="election-list">
        {elections.map((e) => (
          <li class="card">
            <h3>
              <a href={e.consoleHref}>{e.name}</a>
            </h3>
            <p class="meta">
              <StateBadge state={e.state} />
            </p>
            <p>{e.todo.length === 0 ? 'Nothing to do right now.' : `Next: ${e.todo.join('; ')}.`}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
