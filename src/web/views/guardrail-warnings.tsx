import type { ComponentChildren } from 'preact';
import { Time } from './layout.js';

/** A guardrail warning, as the console shows it. */
export interface GuardrailWarningView {
  readonly message: string;
  readonly advice: string;
  /** `file:line`, or the file, or null. */
  readonly where: string | null;
  readonly commit: string | null;
  readonly at: Date;
}

/** An open warning, with the page where an officer can accept it. */
export interface OpenGuardrailView extends GuardrailWarningView {
  readonly acceptHref: string;
}

/** A warning an officer accepted: who, when and why. */
export interface AcceptedGuardrailView extends GuardrailWarningView {
  readonly acceptedBy: string;
  readonly acceptedAt: Date;
  readonly reason: string;
}

/**
 * The open guardrail warnings of an election (SPEC §14), at the top of the console: each
 * unsafe change, the commit that made it, what to do, and a link to accept it. A warning goes
 * away by itself once a sync finds the change undone.
 */
export function GuardrailWarnings({ warnings }: { warnings: readonly OpenGuardrailView[] }) {
  if (warnings.length === 0) return null;
  return (
    <section class="notice notice-error" aria-labelledby="guardrails" role="alert">
      <h2 id="guardrails">Unsafe changes to this election ({warnings.length})</h2>
      <p>
        These merged changes can make the count wrong. Each warning clears by itself at the next sync once the change is undone in the
        meta repository. If a change is meant (a candidate withdrew), an officer can accept it, with a reason.
      </p>
      <ul>
        {warnings.map((w) => (
          <WarningItem warning={w}>
            <p>What to do: {w.advice}.</p>
            <p>
              <a href={w.acceptHref}>Accept this change…</a>
            </p>
          </WarningItem>
        ))}
      </ul>
    </section>
  );
}

/** The console's history of accepted changes, newest first; nothing when there is none. */
export function AcceptedGuardrails({ warnings }: { warnings: readonly AcceptedGuardrailView[] }) {
  if (warnings.length === 0) return null;
  return (
    <section aria-labelledby="accepted-changes">
      <h2 id="accepted-changes">Accepted changes</h2>
      <p class="hint">Unsafe changes the officers accepted as meant; the sync compares the election with them since.</p>
      <ul>
        {warnings.map((w) => (
          <WarningItem warning={w}>
            <p>
              Accepted by {w.acceptedBy}, <Time at={w.acceptedAt} />: <span class="user-text">{w.reason}</span>
            </p>
          </WarningItem>
        ))}
      </ul>
    </section>
  );
}

/** One warning in a list: what changed, `children`, then where and when. */
function WarningItem({ warning, children }: { warning: GuardrailWarningView; children: ComponentChildren }) {
  return (
    <li>
      <p>
        <strong>{warning.message}.</strong>
      </p>
      {children}
      <p class="hint">
        <GuardrailOrigin warning={warning} />
      </p>
    </li>
  );
}

/** Where a warning's change is (file and line), the commit that made it, and when it was seen. */
export function GuardrailOrigin({ warning }: { warning: GuardrailWarningView }) {
  return (
    <>
      {warning.where && (
        <>
          <code>{warning.where}</code>,{' '}
        </>
      )}
      {warning.commit ? (
        <>
          commit <code>{warning.commit.slice(0, 12)}</code>
        </>
      ) : (
        'unversioned checkout'
      )}
      , seen <Time at={warning.at} />
    </>
  );
}
