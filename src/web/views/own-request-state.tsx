import type { RequestState } from '../../storage/repositories/exception-request-repository.js';

const SENTENCES: Readonly<Record<RequestState, string>> = {
  pending: 'Your exception request is pending: the election officers have not decided on it yet.',
  approved: 'Your exception request was approved. You can vote once the officers have added you to the list of eligible voters.',
  declined: 'Your exception request was declined by the election officers.',
  reviewed: 'The election officers have reviewed your exception request.',
};

/** The viewer's own exception request, where it stands (SPEC §14); nobody else's is ever shown. */
export function OwnRequestState({ state }: { state: RequestState }) {
  return (
    <p class="notice" id="your-request" role="status">
      {SENTENCES[state]}
    </p>
  );
}

/** Ballots cast of eligible voters, on a completed election's page. */
export function TurnoutLine({ turnout }: { turnout: { readonly cast: number; readonly eligible: number | null; readonly percent: number | null } }) {
  return (
    <p class="turnout" id="turnout">
      Turnout: {turnout.cast} {turnout.cast === 1 ? 'ballot' : 'ballots'} cast
      {turnout.eligible !== null && ` of ${turnout.eligible} eligible ${turnout.eligible === 1 ? 'voter' : 'voters'}`}
      {turnout.percent !== null && ` (${turnout.percent.toFixed(1)} %)`}.
    </p>
  );
}
