import type { ColumnType, Generated, SelectType } from 'kysely';

/**
 * The tables Elekto reads and writes, as Kysely sees them.
 *
 * The first six are Elekto 0.6's (schema version 2), column for column, so the Python
 * version can keep running on an adopted database: their columns stay nullable where 0.6
 * made them so, and we only ever add nullable columns, new tables and constraints.
 * Timestamps are UTC `Date`s and booleans are `boolean` on every dialect (the dialects'
 * plugins and driver options make it so).
 */
export interface Database {
  user: UserTable;
  election: ElectionTable;
  voter: VoterTable;
  ballot: BallotTable;
  request: RequestTable;
  schema_version: SchemaVersionTable;
  session: SessionTable;
  election_result: ElectionResultTable;
  sync_state: SyncStateTable;
  passphrase_attempt: PassphraseAttemptTable;
  oauth_state: OAuthStateTable;
  election_settings: ElectionSettingsTable;
  guardrail_warning: GuardrailWarningTable;
  audit_event: AuditEventTable;
}

/** A person who logged in; `username` is the GitHub login (compare case-insensitively). */
export interface UserTable {
  id: Generated<number>;
  username: string | null;
  name: string | null;
  /** Elekto 0.6 stored the OAuth token here; we never do (always NULL). */
  token: string | null;
  token_expires_at: Date | null;
  created_at: Date | null;
  updated_at: Date | null;
}

/** One row per election directory ever seen in the meta repository, by key. */
export interface ElectionTable {
  id: Generated<number>;
  key: string;
  name: string | null;
  created_at: Date | null;
  updated_at: Date | null;
  /** When its directory disappeared from the meta repository; NULL while it exists. */
  missing_since: Date | null;
}

/**
 * That a user voted in an election, and the only link to their ballot: the ballot-group id
 * sealed with a key derived from their passphrase (`ballot_id` = nonce ‖ MAC ‖ ciphertext,
 * the name Elekto 0.6 gave it). No passphrase, no link: `salt` and `ballot_id` are NULL.
 */
export interface VoterTable {
  id: Generated<number>;
  user_id: number | null;
  election_id: number | null;
  created_at: Date | null;
  updated_at: Date | null;
  salt: Buffer | null;
  ballot_id: Buffer | null;
  /** Key-derivation parameters of this row's link; NULL means Elekto 0.6's (see `crypto/`). */
  kdf_params: string | null;
}

/**
 * One candidate's rank on one anonymous ballot. `voter` is the random ballot-group id shared
 * by the rows of one ballot (Elekto 0.6's name; it identifies no user). `rank` holds the
 * `NO_OPINION_RANK` sentinel (`repositories/ballot-rows.ts`) for "no opinion".
 */
export interface BallotTable {
  id: string;
  election_id: number | null;
  rank: number | null;
  candidate: string;
  voter: string;
}

/** A request by a non-eligible user to be allowed to vote in one election. */
export interface RequestTable {
  id: Generated<number>;
  user_id: number | null;
  election_id: number | null;
  name: string | null;
  email: string | null;
  chat: string | null;
  description: string | null;
  comments: string | null;
  /** Elekto 0.6's only state; set whenever a decision is recorded. */
  reviewed: boolean | null;
  created_at: Date | null;
  updated_at: Date | null;
  /** `approved` or `declined`; NULL while pending (or when only 0.6's `reviewed` was set). */
  decision: string | null;
  /** The officers' note on the decision, never shown to the requester. */
  decision_note: string | null;
  /** Login of the officer who decided. */
  decided_by: string | null;
  decided_at: Date | null;
}

/** Elekto 0.6's own schema version; stays at 2 (our migrations are tracked by Kysely). */
export interface SchemaVersionTable {
  version: number;
}

/** A web session, shared by every replica. The id is a SHA-256 of the cookie's token. */
export interface SessionTable {
  id: string;
  user_id: number | null;
  /** JSON object: OAuth state, return path and the like. */
  data: string;
  created_at: Date;
  expires_at: Date;
}

/** The computed result of an election: its existence freezes the election. */
export interface ElectionResultTable {
  id: Generated<number>;
  election_id: number;
  computed_at: Date;
  /** Login of the officer who computed it. */
  computed_by: string;
  /** SHA-256 (hex) of the counted input, so a recount can be checked against it. */
  input_hash: string;
  /** The count as JSON. */
  result: string;
}

/** The single row (`id` = 1) telling every replica which meta revision to serve. */
export interface SyncStateTable {
  id: number;
  /** Commit of the meta repository last synced; NULL before the first sync. */
  revision: string | null;
  /** Bumped by every successful sync, so other replicas know to reload their catalog. */
  generation: number;
  synced_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
}

/** The settings of an election as the last sync saw them, to tell what the next one changes. */
export interface ElectionSettingsTable {
  election_id: number;
  start_datetime: Date;
  end_datetime: Date;
  election_method: string;
  allow_no_opinion: boolean;
  no_winners: number;
  /** JSON array of the candidate IDs, sorted. */
  candidate_ids: string;
  /**
   * JSON array of the candidate IDs officers accepted after ballots were cast (sorted), which
   * the sync compares with instead of the ballots'; NULL until such a change is accepted.
   */
  accepted_candidate_ids: ColumnType<string | null, string | null | undefined, string | null>;
  /** Commit of the meta repository those settings came from; NULL when unversioned. */
  commit: string | null;
  updated_at: Date;
}

/** An unsafe change to a running or completed election (SPEC §14), until resolved. */
export interface GuardrailWarningTable {
  id: Generated<number>;
  election_id: number;
  /** What kind of change (`candidates-changed`, `start-moved`…), see `core/guardrails.ts`. */
  kind: string;
  /** What exactly changed, so the same change is recorded once (`ada,grace→ada`). */
  subject: string;
  message: string;
  /** What the officers should do about it. */
  advice: string;
  file: string | null;
  line: number | null;
  commit: string | null;
  created_at: Date;
  resolved_at: Date | null;
  /** Login of the officer who accepted the change, or `sync` when the change was undone. */
  resolved_by: string | null;
  /** Why the officer accepted the change; NULL unless accepted (open, or undone). */
  accept_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /**
   * Computed by the database: 1 while open, NULL once resolved. UNIQUE with election, kind and
   * subject, so each change has at most one open warning (UNIQUE ignores NULLs).
   */
  open_key: ColumnType<number | null, never, never>;
}

/** One entry of the audit trail: never ballot content, never a voter↔ballot link. */
export interface AuditEventTable {
  id: Generated<number>;
  /** NULL for a sync, which concerns the whole repository. */
  election_id: number | null;
  kind: string;
  /** Login of the officer, or `sync`. */
  actor: string;
  detail: string;
  commit: string | null;
  created_at: Date;
}

/** One try of a ballot passphrase, counted across replicas to limit guessing (SPEC §16). */
export interface PassphraseAttemptTable {
  id: Generated<number>;
  user_id: number;
  attempted_at: Date;
}

/** An OAuth `state` handed out and not used yet; the id is its SHA-256 (single use, SPEC §16). */
export interface OAuthStateTable {
  id: string;
  expires_at: Date;
}

/** The columns whose selected type is `T` (or `T | null`), across every table. */
type ColumnsOfType<T> = {
  [Table in keyof Database]: {
    [Column in keyof Database[Table]]: NonNullable<SelectType<Database[Table][Column]>> extends T ? Column : never;
  }[keyof Database[Table]];
}[keyof Database];

/**
 * Every timestamp column, by name. Drivers without a date type (SQLite) need the list to
 * turn stored text back into `Date`s. Keyed by the derived type, so adding a `Date` column
 * to a table without listing it here is a type error.
 */
export const TIMESTAMP_COLUMNS: Readonly<Record<ColumnsOfType<Date>, true>> = Object.freeze({
  created_at: true,
  updated_at: true,
  token_expires_at: true,
  missing_since: true,
  expires_at: true,
  computed_at: true,
  synced_at: true,
  last_error_at: true,
  attempted_at: true,
  decided_at: true,
  start_datetime: true,
  end_datetime: true,
  resolved_at: true,
});

/** Every boolean column, by name (SQLite and MySQL store them as 0/1). */
export const BOOLEAN_COLUMNS: Readonly<Record<ColumnsOfType<boolean>, true>> = Object.freeze({ reviewed: true, allow_no_opinion: true });
