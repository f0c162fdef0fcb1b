import type { ComponentChildren } from 'preact';
import { Time } from './layout.js';

export interface ElectionFactsProps {
  readonly start: Date | null;
  readonly end: Date | null;
  readonly exceptionDue: Date | null;
  readonly seats: number | null;
  /** Shown for an unknown start or end (a broken election); without it those rows are left out. */
  readonly unknownWindow?: string;
  /** Further `<dt>`/`<dd>` pairs for the same list. */
  readonly children?: ComponentChildren;
}

/** The voting window, exception deadline and seats, as the election page and console show them. */
export function ElectionFacts({ start, end, exceptionDue, seats, unknownWindow, children }: ElectionFactsProps) {
  const instant = (at: Date | null) => (at ? <Time at={at} /> : unknownWindow);
  return (
    <dl class="facts">
      {((start && end) || unknownWindow) && (
        <>
          <dt>Voting opens</dt>
          <dd>{instant(start)}</dd>
          <dt>Voting closes</dt>
          <dd>{instant(end)}</dd>
        </>
      )}
      {exceptionDue && (
        <>
          <dt>Exception requests due</dt>
          <dd>
            <Time at={exceptionDue} />
          </dd>
        </>
      )}
      {seats !== null && (
        <>
          <dt>Seats</dt>
          <dd>{seats}</dd>
        </>
      )}
      {children}
    </dl>
  );
}
