import { RankingSummary, type ElectionRef, type RankedEntry } from './confirm-pages.js';
import { Layout, type PageContext } from './layout.js';

export interface ExpiredLoginProps {
  readonly page: PageContext;
  readonly election: ElectionRef;
  readonly entries: readonly RankedEntry[];
  /** The login link; its `next` returns to the ballot form, pre-filled when it can be. */
  readonly loginHref: string;
  /** The form restores the ranking after the login (a first ballot), or the voter ranks again (a change). */
  readonly restored: boolean;
}

/**
 * The answer (401) to a ballot sent after the login expired: nothing was saved, the ranking
 * is shown, and logging in again leads back to the form. The ranking travels only in this
 * page and the login link of the voter's own browser, never stored on the server.
 */
export function ExpiredLoginPage({ page, election, entries, loginHref, restored }: ExpiredLoginProps) {
  const next = restored
    ? 'Log in again; your ranking is kept below and will be restored on the ballot form.'
    : 'Log in again; your ranking is kept below: open your ballot with your passphrase and rank again.';
  return (
    <Layout page={page} title={`Please log in again · ${election.name}`}>
      <p class="breadcrumb">
        <a href={election.href}>Back to {election.name}</a>
      </p>
      <h1>Please log in again</h1>
      <div class="notice notice--warning" role="alert">
        <p>Your login expired, so nothing was saved. {next}</p>
      </div>
      <RankingSummary entries={entries} />
      <p>
        <a class="button button-primary" href={loginHref}>
          Log in again
        </a>
      </p>
    </Layout>
  );
}
