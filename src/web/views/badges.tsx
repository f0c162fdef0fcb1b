import type { ElectionState, VoterBadge } from './view-models.js';

const STATE_LABELS: Record<ElectionState, string> = {
  upcoming: 'Upcoming',
  running: 'Running',
  completed: 'Completed',
  invalid: 'Configuration error',
};

/** The election's state as a text badge (never colour alone). */
export function StateBadge({ state }: { state: ElectionState }) {
  return <span class={`badge badge-${state}`}>{STATE_LABELS[state]}</span>;
}

const VOTER_LABELS: Record<VoterBadge, string> = {
  eligible: 'Eligible',
  'not-eligible': 'Not eligible',
  voted: 'Voted',
};

/** The viewer's standing: Eligible, Not eligible or Voted (SPEC §6). */
export function VoterBadgeView({ badge }: { badge: VoterBadge }) {
  return <span class={`badge badge-${badge}`}>{VOTER_LABELS[badge]}</span>;
}
