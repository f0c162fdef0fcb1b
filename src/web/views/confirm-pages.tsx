import { BALLOT_FIELDS } from './ballot-form.js';
import { CsrfField, Layout, type PageContext } from './layout.js';

/**
 * The confirmation steps before what cannot be undone (SPEC §5): casting a ballot without a
 * passphrase, and withdrawing a ballot. Plain pages with forms, so they work without script.
 */

export interface ElectionRef {
  readonly name: string;
  readonly href: string;
}

/** A candidate with the voter's rank (null = No opinion), ranked ones first. */
export interface RankedEntry {
  readonly id: string;
  readonly name: string;
  readonly rank: number | null;
}

export interface NoPassphraseConfirmProps {
  readonly page: PageContext;
  readonly election: ElectionRef;
  readonly action: string;
  readonly entries: readonly RankedEntry[];
  /** The submitted form's fields to send again: every `rank:<ID>` and the `confirm` field. */
  readonly fields: Readonly<Record<string, string>>;
}

/** Asked before a ballot is cast without a passphrase: once cast, nobody can link it to the voter. */
export function NoPassphraseConfirmPage({ page, election, action, entries, fields }: NoPassphraseConfirmProps) {
  return (
    <Layout page={page} title={`Vote without a passphrase? · ${election.name}`}>
      <p class="breadcrumb">
        <a href={election.href}>Back to {election.name}</a>
      </p>
      <h1>Cast your ballot without a passphrase?</h1>
      <div class="notice notice--warning">
        <p>
          <strong>This cannot be undone.</strong> Without a passphrase nobody — not you, not the election officers, not
          the administrators of this site — can ever link this ballot to you again. You will not be able to view,
          change or withdraw it.
        </p>
      </div>
      <RankingSummary entries={entries} />
      <div class="actions">
        <form method="post" action={action}>
          <CsrfField page={page} />
          <HiddenFields fields={fields} />
          <input type="hidden" name={BALLOT_FIELDS.passphraseChoice} value="none" />
          <input type="hidden" name={BALLOT_FIELDS.noPassphraseConfirmed} value="yes" />
          <button type="submit" class="button button-primary">
            Cast without a passphrase
          </button>
        </form>
        <form method="post" action={action}>
          <CsrfField page={page} />
          <HiddenFields fields={fields} />
          <input type="hidden" name={BALLOT_FIELDS.revise} value="yes" />
          <button type="submit" class="button button--secondary">
            Go back and choose a passphrase
          </button>
        </form>
      </div>
    </Layout>
  );
}

export interface WithdrawConfirmProps {
  readonly page: PageContext;
  readonly election: ElectionRef;
  readonly editAction: string;
  /** Carried to the withdraw form, as on the ballot view page (the page is `no-store`). */
  readonly passphrase: string;
}

/** Asked before a ballot is withdrawn: it is deleted and does not count unless the voter votes again. */
export function WithdrawConfirmPage({ page, election, editAction, passphrase }: WithdrawConfirmProps) {
  return (
    <Layout page={page} title={`Withdraw your ballot? · ${election.name}`}>
      <p class="breadcrumb">
        <a href={election.href}>Back to {election.name}</a>
      </p>
      <h1>Withdraw your ballot?</h1>
      <div class="notice notice--warning">
        <p>
          <strong>This cannot be undone.</strong> Your ballot is deleted and will not be counted; it cannot be restored.
          While voting is open you may cast a new ballot.
        </p>
      </div>
      <div class="actions">
        <form method="post" action={editAction}>
          <CsrfField page={page} />
          <input type="hidden" name={BALLOT_FIELDS.passphrase} value={passphrase} />
          <input type="hidden" name="action" value="withdraw" />
          <input type="hidden" name="confirmed" value="yes" />
          <button type="submit" class="button button-danger">
            Yes, withdraw my ballot
          </button>
        </form>
        <a class="button button--secondary" href={election.href}>
          Keep my ballot
        </a>
      </div>
    </Layout>
  );
}

/** The voter's ranking as a list: ranked candidates by rank, then who has no opinion. */
export function RankingSummary({ entries }: { entries: readonly RankedEntry[] }) {
  const ranked = entries.filter((entry) => entry.rank !== null);
  const unranked = entries.filter((entry) => entry.rank === null);
  return (
    <section aria-labelledby="your-ranking">
      <h2 id="your-ranking">Your ranking</h2>
      {ranked.length === 0 ? (
        <p>You ranked no candidate.</p>
      ) : (
        <ul class="ranking-summary">
          {ranked.map((entry) => (
            <li>
              <span class="rank">{entry.rank}.</span> {entry.name}
            </li>
          ))}
        </ul>
      )}
      {unranked.length > 0 && <p>No opinion: {unranked.map((entry) => entry.name).join(', ')}.</p>}
    </section>
  );
}

function HiddenFields({ fields }: { fields: Readonly<Record<string, string>> }) {
  return (
    <>
      {Object.entries(fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
    </>
  );
}
