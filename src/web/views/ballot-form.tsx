import type { BallotWarning } from '../../core/ballot-input.js';
import type { CandidateId, Rank } from '../../core/ballot.js';
import { ErrorSummary, type SummaryError } from './components.js';
import { CsrfField, type PageContext } from './layout.js';
import { unrankedMeaning } from './unranked-meaning.js';

// ---------------------------------------------------------------------------------------------
// The form-field contract between this page and the route that parses it.
// ---------------------------------------------------------------------------------------------

/** Every candidate's `<select>` is named `rank:<candidate ID>`. */
export const RANK_FIELD_PREFIX = 'rank:';

/** The value of the "No opinion" option; ranks are the decimal strings "1".."N". */
export const NO_OPINION_VALUE = '';

/** Names of the other fields of the ballot form (besides one `rank:<ID>` per candidate). */
export const BALLOT_FIELDS = {
  /** The CSRF token (see `CsrfField`). */
  csrf: '_csrf',
  /**
   * Cast: the optional passphrase (empty = no passphrase). Change: the voter's current
   * passphrase, required, which also protects the replacing ballot.
   */
  passphrase: 'passphrase',
  /** Cast only: the passphrase typed a second time; must equal `passphrase`. */
  passphraseConfirmation: 'passphrase_confirmation',
  /**
   * Empty, or the `BallotWarning` the voter has confirmed ("empty" or "all-tied"): set by the
   * server when it asked for confirmation, or by ballot.js after its own warning. Accept a
   * warned-about ballot only when this equals `ballotWarning(ballot)`.
   */
  confirm: 'confirm',
  /**
   * Cast only: `set` (protect the ballot with the passphrase typed in the form) or `none` (the
   * voter chose to vote without one). A ballot is cast without a passphrase only when this is
   * `none` and `noPassphraseConfirmed` is `yes` on the same submission (SPEC §5).
   */
  passphraseChoice: 'passphrase_choice',
  /** Cast only: `yes` once the voter confirmed, on the confirmation page, voting without a passphrase. */
  noPassphraseConfirmed: 'confirm_no_passphrase',
  /** Present when the voter goes back from a confirmation page to the form, ranking kept. */
  revise: 'revise',
} as const;

/** The values of `BALLOT_FIELDS.passphraseChoice`. */
export type PassphraseChoice = 'set' | 'none';

/** The scripts the ballot page loads (paths under /static/, for `Layout`'s `scripts`). */
export const BALLOT_SCRIPTS = ['vendor/Sortable.min.js', 'js/ballot.js'] as const;

/** The name of the `<select>` that carries a candidate's rank. */
export function rankFieldName(candidate: CandidateId): string {
  return `${RANK_FIELD_PREFIX}${candidate}`;
}

/**
 * The answers of a submitted ballot form, ready for `parseBallotInput`: candidate ID → the
 * submitted text ("" = No opinion), from every field named `rank:<ID>`; other fields are
 * ignored. A field sent more than once yields its values joined by commas, which is never a
 * valid rank, so the ballot is refused rather than one value silently chosen.
 */
export function readRankFields(body: Readonly<Record<string, unknown>>): Map<string, string> {
  const answers = new Map<string, string>();
  for (const [name, value] of Object.entries(body)) {
    if (!name.startsWith(RANK_FIELD_PREFIX)) continue;
    const text = Array.isArray(value) ? value.map(String).join(',') : typeof value === 'string' ? value : String(value);
    answers.set(name.slice(RANK_FIELD_PREFIX.length), text);
  }
  return answers;
}

// ---------------------------------------------------------------------------------------------
// The page body.
// ---------------------------------------------------------------------------------------------

/**
 * A problem to show above the form. Plain strings are listed as they are; objects may name the
 * candidate (`candidate`, as in `BallotInputError`) or the passphrase field they concern, and
 * are then linked to that field and marked on it.
 */
export type BallotFormError =
  | string
  | {
      readonly message: string;
      readonly candidate?: CandidateId;
      readonly field?: 'passphrase' | 'passphrase-confirmation' | 'passphrase-choice';
    };

export interface BallotFormProps {
  readonly page: PageContext;
  readonly election: {
    readonly key: string;
    readonly name: string;
    readonly allowNoOpinion: boolean;
    /** STV (SPEC §13): ranks 1..k, each once; the form says so and sums the ballot up. */
    readonly strictOrder?: boolean;
  };
  /** In this voter's stable shuffled order (SPEC §5). */
  readonly candidates: readonly { readonly id: CandidateId; readonly name: string }[];
  /** Ranks to show again after a refused submission; a candidate absent here is "No opinion". */
  readonly ranks?: ReadonlyMap<CandidateId, Rank | string>;
  readonly errors?: readonly BallotFormError[];
  /** The server asks the voter to confirm this kind of ballot before it accepts it. */
  readonly warning?: BallotWarning;
  /** `cast`: a first ballot, optional new passphrase; `change`: replaces a ballot, needs its passphrase. */
  readonly mode: 'cast' | 'change';
  /** `MIN_PASSCODE_LENGTH`. */
  readonly minPassphraseLength: number;
  /** Where the form posts to. */
  readonly action: string;
  /**
   * Change mode only: the passphrase the voter already typed to open the ballot, carried in a
   * hidden `passphrase` field (as the ballot view page does) instead of asking for it again.
   */
  readonly carriedPassphrase?: string;
  /** Extra hidden fields the route needs back (e.g. `{ action: 'change' }`). */
  readonly hidden?: Readonly<Record<string, string>>;
  /** Cast mode: the passphrase choice to show selected (default `set`). */
  readonly passphraseChoice?: PassphraseChoice;
  /** Why the form is shown again although nothing was wrong with it (an expired form, say). */
  readonly notice?: string;
}

/** The element id of the i-th candidate's select (candidate IDs need not be valid HTML ids). */
const selectId = (index: number) => `rank-${index}`;
const FIELD_IDS = {
  passphrase: 'passphrase',
  'passphrase-confirmation': 'passphrase-confirmation',
  'passphrase-choice': 'passphrase-choice-set',
} as const;
type FieldErrors = ReadonlyMap<keyof typeof FIELD_IDS, readonly string[]>;

/**
 * The ballot (SPEC §5, §6): one labelled `<select>` per candidate, "No opinion" or 1..N, in a
 * form that works without JavaScript. `ballot.js` adds drag and drop and keyboard reordering on
 * top of these selects, which always hold the truth of what is submitted.
 */
export function BallotForm(props: BallotFormProps) {
  const { page, election, candidates, ranks, errors = [], warning, mode, minPassphraseLength, action } = props;
  const { carriedPassphrase, hidden = {}, passphraseChoice = 'set', notice } = props;
  const indexOf = new Map(candidates.map((candidate, index) => [candidate.id, index]));
  const nameOf = new Map(candidates.map((candidate) => [candidate.id, candidate.name]));

  const candidateErrors = new Map<number, string[]>();
  const fieldErrors = new Map<keyof typeof FIELD_IDS, string[]>();
  const summary: SummaryError[] = errors.map((error) => {
    if (typeof error === 'string') return { message: error };
    const index = error.candidate === undefined ? undefined : indexOf.get(error.candidate);
    if (index !== undefined) {
      candidateErrors.set(index, [...(candidateErrors.get(index) ?? []), error.message]);
      return { message: error.message, href: `#${selectId(index)}` };
    }
    if (error.field) {
      fieldErrors.set(error.field, [...(fieldErrors.get(error.field) ?? []), error.message]);
      return { message: error.message, href: `#${FIELD_IDS[error.field]}` };
    }
    return { message: error.message };
  });

  const count = candidates.length;
  const rankValues = Array.from({ length: count }, (_, i) => String(i + 1));
  const submitLabel = mode === 'cast' ? 'Cast ballot' : 'Replace my ballot';
  const retyping = mode === 'cast' && (errors.length > 0 || warning !== undefined || notice !== undefined);

  return (
    <section class="ballot-page" aria-labelledby="ballot-title">
      <p class="breadcrumb">
        <a href={`/app/elections/${encodeURIComponent(election.key)}`}>Back to {election.name}</a>
      </p>
      <h1 id="ballot-title">
        {mode === 'cast' ? 'Vote' : 'Change your ballot'}: {election.name}
      </h1>

      <ErrorSummary errors={summary} />
      {notice && (
        <div class="notice notice--warning" role="alert" tabindex={-1} data-ballot-notice>
          <p>{notice}</p>
        </div>
      )}
      {warning && <WarningNotice warning={warning} mode={mode} nameOf={nameOf} ranks={ranks} submitLabel={submitLabel} />}

      <form class="ballot-form" method="post" action={action} data-ballot data-ballot-strict={election.strictOrder ? '' : undefined}>
        <CsrfField page={page} />
        {Object.entries(hidden).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <fieldset class="ballot" aria-describedby="ballot-help">
          <legend>Rank the candidates</legend>
          <div id="ballot-help" class="hint">
            {election.strictOrder ? <StvHelp allowNoOpinion={election.allowNoOpinion} /> : <p>
              Rank 1 is your first choice; equal ranks are allowed.{' '}
              {election.allowNoOpinion
                ? unrankedMeaning()
                : 'This election asks you to rank every candidate: “No opinion” is not accepted.'}
            </p>}
          </div>
          <ul class="ballot-candidates" data-ballot-candidates>
            {candidates.map((candidate, index) => {
              const id = selectId(index);
              const problems = candidateErrors.get(index) ?? [];
              const current = ranks?.get(candidate.id);
              const selected = current === undefined ? NO_OPINION_VALUE : String(current);
              return (
                <li class={problems.length ? 'ballot-candidate has-error' : 'ballot-candidate'} data-candidate>
                  <label class="ballot-candidate-name" for={id}>
                    {candidate.name}
                  </label>
                  {problems.map((message, i) => (
                    <p class="field-error" id={`${id}-error-${i}`}>
                      <span class="visually-hidden">Error: </span>
                      {message}
                    </p>
                  ))}
                  <select
                    id={id}
                    name={rankFieldName(candidate.id)}
                    class="ballot-rank"
                    required={!election.allowNoOpinion}
                    aria-invalid={problems.length ? 'true' : undefined}
                    aria-describedby={problems.length ? problems.map((_, i) => `${id}-error-${i}`).join(' ') : undefined}
                    data-rank-select
                  >
                    <option value={NO_OPINION_VALUE} selected={selected === NO_OPINION_VALUE}>
                      No opinion
                    </option>
                    {rankValues.map((value) => (
                      <option value={value} selected={selected === value}>
                        {value}
                      </option>
                    ))}
                  </select>
                </li>
              );
            })}
          </ul>
          <p class="hint ballot-order">The candidates are in a random order, the same on every visit.</p>
          {election.strictOrder && <BallotSummary candidates={candidates} ranks={ranks} />}
        </fieldset>

        {mode === 'cast' ? (
          <NewPassphrase minLength={minPassphraseLength} retyping={retyping} choice={passphraseChoice} fieldErrors={fieldErrors} />
        ) : carriedPassphrase !== undefined ? (
          <>
            <input type="hidden" name={BALLOT_FIELDS.passphrase} value={carriedPassphrase} />
            <p class="hint">Your new ranking replaces your old ballot; your passphrase stays the same.</p>
          </>
        ) : (
          <CurrentPassphrase fieldErrors={fieldErrors} />
        )}

        <input type="hidden" name={BALLOT_FIELDS.confirm} value={warning ?? ''} data-ballot-confirm />
        <div class="form-actions" data-ballot-actions>
          <button type="submit" class="button">
            {submitLabel}
          </button>
        </div>
      </form>
    </section>
  );
}

/** How to fill in an STV ballot (SPEC §13): an order, each rank once; what a transfer is. */
function StvHelp({ allowNoOpinion }: { allowNoOpinion: boolean }) {
  return (
    <p>
      Rank as many candidates as you like, in order: 1 for your first choice, 2 for your next, and so on, each rank once.
      Your ballot moves to your next choice when your first is elected or excluded.{' '}
      {allowNoOpinion ? 'Candidates you leave at “No opinion” never receive your ballot.' : 'This election asks you to rank every candidate.'}
    </p>
  );
}

/**
 * "Your ballot goes to: 1. …, 2. …" (SPEC §13): the order the count will follow. Rendered
 * with the ranks as submitted; `ballot.js` keeps it up to date as the voter ranks.
 */
function BallotSummary({ candidates, ranks }: { candidates: BallotFormProps['candidates']; ranks: BallotFormProps['ranks'] }) {
  const ranked = candidates
    .map((candidate) => ({ name: candidate.name, rank: Number(ranks?.get(candidate.id) ?? NaN) }))
    .filter((entry) => Number.isInteger(entry.rank) && entry.rank > 0)
    .sort((a, b) => a.rank - b.rank);
  return (
    <p class="ballot-summary" aria-live="polite" data-ballot-summary>
      {ranked.length === 0
        ? 'Your ballot goes to: nobody yet.'
        : `Your ballot goes to: ${ranked.map((entry) => `${entry.rank}. ${entry.name}`).join(', ')}.`}
    </p>
  );
}

/** What an empty or all-tied ballot means, and how to go on (SPEC §5: the server asks first). */
function WarningNotice(props: {
  warning: BallotWarning;
  mode: 'cast' | 'change';
  nameOf: ReadonlyMap<CandidateId, string>;
  ranks: ReadonlyMap<CandidateId, Rank | string> | undefined;
  submitLabel: string;
}) {
  const { warning, mode, nameOf, ranks, submitLabel } = props;
  const ranked = [...(ranks?.keys() ?? [])].map((id) => nameOf.get(id) ?? id);
  return (
    <div class="notice notice--warning" role="alert" aria-labelledby="ballot-warning-title" tabindex={-1} data-ballot-notice>
      <h2 id="ballot-warning-title">Please confirm your ballot</h2>
      {warning === 'empty' ? (
        <p>
          You have not ranked any candidate. An empty ballot counts as cast but expresses no preference.
        </p>
      ) : (
        <p>
          Your ballot does not prefer any candidate to another:{' '}
          {ranked.length === 1
            ? `you ranked only ${ranked[0] ?? 'one candidate'}, and candidates at “No opinion” are not compared with anyone.`
            : 'every candidate you ranked has the same rank, and candidates at “No opinion” are not compared with anyone.'}{' '}
          It counts as cast but changes nothing in the result.
        </p>
      )}
      <p>
        To {mode === 'cast' ? 'cast' : 'save'} it anyway, press “{submitLabel}” again
        {mode === 'cast' && ' (if you chose a passphrase, type it again first)'}. Otherwise, change your ranks first.
      </p>
    </div>
  );
}

/**
 * The passphrase of a first ballot: the voter chooses, explicitly, between a passphrase and
 * none. The choice survives a refused submission; the passphrase itself is never sent back
 * in the page, so it is asked for again (SPEC §5).
 */
function NewPassphrase(props: { minLength: number; retyping: boolean; choice: PassphraseChoice; fieldErrors: FieldErrors }) {
  const { minLength, retyping, choice, fieldErrors } = props;
  const choiceErrors = fieldErrors.get('passphrase-choice') ?? [];
  return (
    <fieldset class="passphrase" aria-describedby="passphrase-help">
      <legend>Passphrase</legend>
      <div id="passphrase-help" class="hint">
        <p>
          <strong>With a passphrase</strong> you can later view, change or withdraw your ballot while voting is open. It
          needs at least {minLength} characters and cannot be recovered or reset.
        </p>
        <p>
          <strong>Without one</strong>, nobody — not even the election officers or the administrators of this site —
          can ever link this ballot to you again, so you cannot view, change or withdraw it.
        </p>
        {retyping && choice === 'set' && (
          <p class="retype">
            <strong>Type your passphrase again:</strong> for your safety it is never sent back to your browser.
          </p>
        )}
      </div>
      {choiceErrors.map((message, i) => (
        <p class="field-error" id={`passphrase-choice-error-${i}`}>
          <span class="visually-hidden">Error: </span>
          {message}
        </p>
      ))}
      <div class="choice">
        <input
          type="radio"
          id={FIELD_IDS['passphrase-choice']}
          name={BALLOT_FIELDS.passphraseChoice}
          value="set"
          checked={choice === 'set'}
          aria-describedby={choiceErrors.length ? choiceErrors.map((_, i) => `passphrase-choice-error-${i}`).join(' ') : undefined}
        />
        <label for={FIELD_IDS['passphrase-choice']}>Protect my ballot with a passphrase</label>
      </div>
      <div class="choice-details">
        <PassphraseField
          id={FIELD_IDS.passphrase}
          name={BALLOT_FIELDS.passphrase}
          label="Passphrase"
          autocomplete="new-password"
          minLength={minLength}
          errors={fieldErrors.get('passphrase') ?? []}
        />
        <PassphraseField
          id={FIELD_IDS['passphrase-confirmation']}
          name={BALLOT_FIELDS.passphraseConfirmation}
          label="Type the passphrase again"
          autocomplete="new-password"
          minLength={minLength}
          errors={fieldErrors.get('passphrase-confirmation') ?? []}
        />
      </div>
      <div class="choice">
        <input type="radio" id="passphrase-choice-none" name={BALLOT_FIELDS.passphraseChoice} value="none" checked={choice === 'none'} />
        <label for="passphrase-choice-none">Vote without a passphrase (you will be asked to confirm)</label>
      </div>
    </fieldset>
  );
}

function CurrentPassphrase({ fieldErrors }: { fieldErrors: FieldErrors }) {
  return (
    <fieldset class="passphrase" aria-describedby="passphrase-help">
      <legend>Your passphrase</legend>
      <p id="passphrase-help" class="hint">
        Type the passphrase you chose when you cast your ballot. Your new ranking then replaces the old ballot, and the
        same passphrase keeps working for it.
      </p>
      <PassphraseField
        id={FIELD_IDS.passphrase}
        name={BALLOT_FIELDS.passphrase}
        label="Passphrase"
        autocomplete="current-password"
        required
        errors={fieldErrors.get('passphrase') ?? []}
      />
    </fieldset>
  );
}

function PassphraseField(props: {
  id: string;
  name: string;
  label: string;
  autocomplete: string;
  minLength?: number;
  required?: boolean;
  errors: readonly string[];
}) {
  const { id, name, label, autocomplete, minLength, required = false, errors } = props;
  const errorIds = errors.map((_, i) => `${id}-error-${i}`);
  return (
    <div class={errors.length ? 'field has-error' : 'field'}>
      <label for={id}>{label}</label>
      {errors.map((message, i) => (
        <p class="field-error" id={errorIds[i]}>
          <span class="visually-hidden">Error: </span>
          {message}
        </p>
      ))}
      <input
        type="password"
        id={id}
        name={name}
        autocomplete={autocomplete}
        minLength={minLength}
        required={required}
        spellcheck={false}
        aria-invalid={errors.length ? 'true' : undefined}
        aria-describedby={errors.length ? errorIds.join(' ') : undefined}
      />
    </div>
  );
}
