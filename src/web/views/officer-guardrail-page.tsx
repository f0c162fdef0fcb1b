import type { ComponentChildren } from 'preact';
import { ErrorSummary } from './components.js';
import { GuardrailOrigin, type GuardrailWarningView } from './guardrail-warnings.js';
import { CsrfField, Layout, type PageContext } from './layout.js';

export interface GuardrailAcceptPageProps {
  readonly page: PageContext;
  readonly election: { readonly name: string; readonly consoleHref: string };
  readonly warning: GuardrailWarningView;
  /** What accepting means for this kind of change, one sentence each. */
  readonly meaning: readonly string[];
  /** Where the form posts. */
  readonly action: string;
  readonly maxLength: number;
  /** The reason sent, when the form comes back refused. */
  readonly reason?: string;
  /** Why the form came back, if it did. */
  readonly error?: string;
}

/**
 * Asked before an officer accepts an unsafe change (SPEC §14): what happened, what accepting
 * means for the count and the voters, and the reason to record. A plain form: no script needed.
 */
export function GuardrailAcceptPage({ page, election, warning, meaning, action, maxLength, reason = '', error }: GuardrailAcceptPageProps) {
  return (
    <AcceptLayout page={page} election={election}>
      {error && <ErrorSummary errors={[{ message: error, href: '#reason' }]} />}
      <div class="notice notice-error">
        <p>
          <strong>{warning.message}.</strong>
        </p>
        <p class="hint">
          <GuardrailOrigin warning={warning} />
        </p>
      </div>
      <p>If the change is a mistake, do not accept it: {warning.advice}.</p>
      <h2>Accepting means</h2>
      <ul>
        {meaning.map((sentence) => (
          <li>{sentence}.</li>
        ))}
      </ul>
      <p>The warning is resolved in your name with your reason, which the console and its audit trail show to every officer of this election.</p>
      <AcceptForm page={page} action={action} maxLength={maxLength} reason={reason} invalid={error !== undefined} cancelHref={election.consoleHref} />
    </AcceptLayout>
  );
}

export interface GuardrailAcceptAgainPageProps {
  readonly page: PageContext;
  readonly election: { readonly name: string; readonly consoleHref: string };
  readonly action: string;
  readonly maxLength: number;
  readonly reason: string;
  /** Why nothing was recorded (the database did not answer). */
  readonly message: string;
}

/**
 * The accept form given back when the database could not record it (SPEC §16): the reason is
 * kept; the warning itself is not shown, since reading it needs the database.
 */
export function GuardrailAcceptAgainPage({ page, election, action, maxLength, reason, message }: GuardrailAcceptAgainPageProps) {
  return (
    <AcceptLayout page={page} election={election}>
      <ErrorSummary errors={[{ message }]} />
      <p>The change was not accepted. Send it again when the service is back; your reason is kept below.</p>
      <AcceptForm page={page} action={action} maxLength={maxLength} reason={reason} invalid={false} cancelHref={election.consoleHref} />
    </AcceptLayout>
  );
}

function AcceptLayout({ page, election, children }: { page: PageContext; election: GuardrailAcceptPageProps['election']; children: ComponentChildren }) {
  return (
    <Layout page={page} title={`Accept an unsafe change? · ${election.name}`}>
      <p class="breadcrumb">
        <a href={election.consoleHref}>Officer console: {election.name}</a>
      </p>
      <h1>Accept this change?</h1>
      {children}
    </Layout>
  );
}

interface AcceptFormProps {
  readonly page: PageContext;
  readonly action: string;
  readonly maxLength: number;
  readonly reason: string;
  readonly invalid: boolean;
  readonly cancelHref: string;
}

function AcceptForm({ page, action, maxLength, reason, invalid, cancelHref }: AcceptFormProps) {
  return (
    <form method="post" action={action}>
      <CsrfField page={page} />
      <p>
        <label for="reason">Why is this change meant? (required, at most {maxLength} characters)</label>
        <textarea id="reason" name="reason" required rows={4} maxLength={maxLength} aria-invalid={invalid ? 'true' : undefined}>
          {reason}
        </textarea>
      </p>
      <div class="actions">
        <button type="submit" class="button button-primary">
          Accept this change
        </button>
        <a href={cancelHref}>Cancel</a>
      </div>
    </form>
  );
}
