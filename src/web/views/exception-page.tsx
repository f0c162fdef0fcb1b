import { ErrorSummary } from './components.js';
import { CsrfField, Layout, type PageContext } from './layout.js';

export const EXCEPTION_FIELDS = ['name', 'email', 'chat', 'description', 'comments'] as const;
export type ExceptionField = (typeof EXCEPTION_FIELDS)[number];

export interface ExceptionPageProps {
  readonly page: PageContext;
  readonly election: { readonly name: string; readonly href: string };
  readonly action: string;
  readonly descriptionHtml: string;
  readonly values: Partial<Record<ExceptionField, string>>;
  /** What is wrong: with a field, at that field; without one, about the whole form (an outage). */
  readonly errors: readonly { readonly field?: ExceptionField; readonly message: string }[];
  /** Set once the request is stored. */
  readonly submitted: boolean;
}

const LABELS: Record<ExceptionField, [string, boolean]> = {
  name: ['Your name', true],
  email: ['Email address', true],
  chat: ['Chat handle (Slack, Discord…)', false],
  description: ['Your contributions that make you eligible', true],
  comments: ['Anything else the officers should know', false],
};

const AUTOCOMPLETE = { name: 'name', email: 'email', chat: 'off', description: 'off', comments: 'off' } as const;

/** A non-voter asks the election officers to be added to the voters (SPEC §6). */
export function ExceptionPage({ page, election, action, descriptionHtml, values, errors, submitted }: ExceptionPageProps) {
  return (
    <Layout page={page} title={`Request an exception · ${election.name}`}>
      <p class="breadcrumb">
        <a href={election.href}>{election.name}</a>
      </p>
      <h1>Request an exception</h1>
      {submitted ? (
        <p role="status">Your request was sent to the election officers. They will review it.</p>
      ) : (
        <>
          {descriptionHtml && <div class="markdown" dangerouslySetInnerHTML={{ __html: descriptionHtml }} />}
          <ErrorSummary title={errors.every((e) => e.field) ? 'Please correct the following' : undefined} errors={errors.map((e) => ({ message: e.message, href: e.field && `#exception-${e.field}` }))} />
          <form method="post" action={action} class="stacked">
            <CsrfField page={page} />
            {EXCEPTION_FIELDS.map((field) => {
              const [label, required] = LABELS[field];
              const id = `exception-${field}`;
              const long = field === 'description' || field === 'comments';
              const problems = errors.filter((e) => e.field === field);
              const errorIds = problems.map((_, i) => `${id}-error-${i}`);
              const invalid = problems.length > 0 ? { 'aria-invalid': 'true' as const, 'aria-describedby': errorIds.join(' ') } : {};
              return (
                <p class={problems.length ? 'has-error' : undefined}>
                  <label for={id}>
                    {label}
                    {required ? '' : ' (optional)'}
                  </label>
                  {problems.map((problem, i) => (
                    <span class="field-error" id={errorIds[i]}>
                      <span class="visually-hidden">Error: </span>
                      {problem.message}
                    </span>
                  ))}
                  {long ? (
                    <textarea id={id} name={field} required={required} rows={5} maxLength={5000} {...invalid}>
                      {values[field] ?? ''}
                    </textarea>
                  ) : (
                    <input id={id} name={field} type="text" inputMode={field === 'email' ? 'email' : 'text'} required={required} value={values[field] ?? ''} maxLength={255} autoComplete={AUTOCOMPLETE[field]} {...invalid} />
                  )}
                </p>
              );
            })}
            <button type="submit" class="button button-primary">
              Send the request
            </button>
          </form>
        </>
      )}
    </Layout>
  );
}
