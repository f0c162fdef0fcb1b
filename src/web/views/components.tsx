import type { ComponentChildren } from 'preact';

/** One problem listed in an error summary; `href` points at the field to fix (`#field-id`). */
export interface SummaryError {
  readonly message: string;
  readonly href?: string;
}

/**
 * The list of problems shown at the top of a refused form (WCAG 3.3.1): announced as an alert,
 * each problem a link to its field when there is one. `ballot.js` moves focus to it on load.
 */
export function ErrorSummary({ errors, title = 'There is a problem' }: { errors: readonly SummaryError[]; title?: string }) {
  if (errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1} data-error-summary>
      <h2 id="error-summary-title">{title}</h2>
      <ul>
        {errors.map((error) => (
          <li>{error.href ? <a href={error.href}>{error.message}</a> : error.message}</li>
        ))}
      </ul>
    </div>
  );
}

/** Text read by screen readers but not shown (for example the candidate a button acts on). */
export function VisuallyHidden({ children }: { children: ComponentChildren }) {
  return <span class="visually-hidden">{children}</span>;
}

/** The badges of the site: a voter's standing in an election, and an election's state. */
export const BADGE_LABELS = {
  eligible: 'Eligible',
  'not-eligible': 'Not eligible',
  voted: 'Voted',
  upcoming: 'Upcoming',
  running: 'Running',
  completed: 'Completed',
  invalid: 'Configuration error',
} as const;
export type BadgeKind = keyof typeof BADGE_LABELS;

/**
 * A small labelled badge (`.badge.badge--<kind>` in elekto.css). The text always says what the
 * colour means, so the colour is never the only cue (WCAG 1.4.1).
 */
export function Badge({ kind, children }: { kind: BadgeKind; children?: ComponentChildren }) {
  return <span class={`badge badge--${kind}`}>{children ?? BADGE_LABELS[kind]}</span>;
}
