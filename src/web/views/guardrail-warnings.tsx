import { Time } from './layout.js';

/** An open guardrail warning, as the console shows it. */
export interface GuardrailWarningView {
  readonly message: string;
  readonly advice: string;
  /** `file:line`, or the file, or null. */
  readonly where: string | null;
  readonly commit: string | null;
  readonly at: Date;
}

/**
 * The open guardrail warnings of an election (SPEC §14), at the top of the console: each
 * unsafe change, the commit that made it, and what to do. A warning goes away by itself once
 * a sync finds the change undone.
 */
export function GuardrailWarnings({ warnings }: { warnings: readonly GuardrailWarningView[] }) {
  if (warnings.length === 0) return null;
  return (
    <section class="notice notice-error" aria-labelledby="guardrails" role="alert">
      <h2 id="guardrails">Unsafe changes to this election ({warnings.length})</h2>
      <p>
        These merged changes can make the count wrong. Each warning clears by itself at the next sync once the change is undone in the
        meta repository.
      </p>
      <ul>
        {warnings.map((w) => (
          <li>
            <p>
              <strong>{w.message}.</strong>
            </p>
            <p>What to do: {w.advice}.</p>
            <p class="hint">
              {w.where && (
                <>
                  <code>{w.where}</code>,{' '}
                </>
              )}
              {w.commit ? (
                <>
                  commit <code>{w.commit.slice(0, 12)}</code>
                </>
              ) : (
                'unversioned checkout'
              )}
              , seen <Time at={w.at} />
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
