import type { Kysely } from 'kysely';
import { err, type Result } from '../core/result.js';
import { Catalog } from '../meta/index.js';
import type { Database } from '../storage/schema.js';
import { syncElections, type MetaSource, type SyncAnnouncement, type SyncReport } from './election-sync.js';

/** The catalog a server serves, with each election's database id. */
export interface CatalogView {
  readonly catalog: Catalog;
  readonly electionIds: ReadonlyMap<string, number>;
}

/** Why this server's latest sync attempt failed, and when. */
export interface SyncFailure {
  readonly message: string;
  readonly at: Date;
}

/**
 * What a sync does, weakest first; triggers that coalesce run the strongest one asked for.
 * - `local`: reread the clone as it is (the remote is unreachable at start-up); recorded only if new;
 * - `follow`: fetch and reread, because another replica synced; recorded only if new;
 * - `sync`: fetch and reread, always recorded, so every other replica follows.
 */
const SYNC_KINDS = ['local', 'follow', 'sync'] as const;
type SyncKind = (typeof SYNC_KINDS)[number];

const ANNOUNCEMENT: Readonly<Record<SyncKind, SyncAnnouncement>> = { local: 'if-new', follow: 'if-new', sync: 'always' };

/** How many generations this server recorded are remembered, to know its own from others'. */
const OWN_GENERATIONS_KEPT = 16;

/**
 * Holds the catalog the server serves and replaces it whole after each successful sync, so
 * a request always reads one consistent catalog and never touches the disk (SPEC §3).
 *
 * Syncs are serialised and coalesced: while one runs, any number of further triggers (webhook
 * deliveries, the periodic timer, another replica's sync) collapse into a single follow-up
 * sync, which starts when the running one ends and sees everything pushed until then. A
 * failed sync keeps the last good catalog serving.
 */
export class CatalogStore {
  #current: CatalogView = { catalog: Catalog.empty, electionIds: new Map() };
  #running: Promise<Result<SyncReport, string>> | undefined;
  #followUp: Promise<Result<SyncReport, string>> | undefined;
  #followUpKind: SyncKind = 'local';
  #lastFailure: SyncFailure | null = null;
  #lastSuccessAt: Date | null = null;
  readonly #ownGenerations: number[] = [];
  readonly #db: Kysely<Database>;
  readonly #source: MetaSource;
  readonly #clock: () => Date;

  constructor(db: Kysely<Database>, source: MetaSource, clock: () => Date) {
    this.#db = db;
    this.#source = source;
    this.#clock = clock;
  }

  /** The catalog to serve now. */
  get current(): CatalogView {
    return this.#current;
  }

  /** True while a sync runs or waits to run. */
  get busy(): boolean {
    return this.#running !== undefined || this.#followUp !== undefined;
  }

  /** Why this server's latest sync attempt failed; `null` when it succeeded. */
  get lastFailure(): SyncFailure | null {
    return this.#lastFailure;
  }

  /** When this server's latest successful sync with the remote ended; `null` before the first. */
  get lastSuccessAt(): Date | null {
    return this.#lastSuccessAt;
  }

  /** True when `generation` of `sync_state` was recorded by a sync of this server. */
  recorded(generation: number): boolean {
    return this.#ownGenerations.includes(generation);
  }

  /**
   * Syncs now, or after the running sync (joining a follow-up already waiting), and records
   * it so the other replicas follow: for webhooks, the periodic timer and start-up.
   */
  sync(): Promise<Result<SyncReport, string>> {
    return this.#request('sync');
  }

  /**
   * Syncs because another replica recorded a sync: fetches as `sync` does, but records the
   * outcome only when it reached a newer commit than the recorded one, so replicas
   * following each other never loop.
   */
  follow(): Promise<Result<SyncReport, string>> {
    return this.#request('follow');
  }

  /**
   * Rebuilds the catalog from the local clone as it is, without contacting the remote: for
   * starting up while the remote is unreachable.
   */
  reloadLocal(): Promise<Result<SyncReport, string>> {
    return this.#request('local');
  }

  /** Resolves once no sync runs or waits (for a graceful shutdown). */
  async idle(): Promise<void> {
    while (this.#running || this.#followUp) await settled(this.#followUp ?? this.#running!);
  }

  #request(kind: SyncKind): Promise<Result<SyncReport, string>> {
    if (!this.#running && !this.#followUp) return this.#begin(kind);
    if (SYNC_KINDS.indexOf(kind) > SYNC_KINDS.indexOf(this.#followUpKind)) this.#followUpKind = kind;
    this.#followUp ??= settled(this.#running!).then(() => {
      const followUpKind = this.#followUpKind;
      this.#followUp = undefined;
      this.#followUpKind = 'local';
      return this.#begin(followUpKind);
    });
    return this.#followUp;
  }

  #begin(kind: SyncKind): Promise<Result<SyncReport, string>> {
    const source = kind === 'local' ? { ...this.#source, repo: undefined } : this.#source;
    const run = syncElections(this.#db, source, this.#clock(), ANNOUNCEMENT[kind])
      .catch((error: unknown) => err(error instanceof Error ? error.message : String(error)))
      .then((outcome) => {
        if (outcome.ok) {
          this.#current = { catalog: outcome.value.catalog, electionIds: outcome.value.electionIds };
          // Reading the clone as it is says nothing about whether the remote works again.
          if (kind !== 'local') {
            this.#lastFailure = null;
            this.#lastSuccessAt = this.#clock();
          }
          if (outcome.value.generation !== null) this.#remember(outcome.value.generation);
        } else {
          this.#lastFailure = { message: outcome.error, at: this.#clock() };
        }
        return outcome;
      });
    this.#running = run;
    void run.then(() => {
      if (this.#running === run) this.#running = undefined;
    });
    return run;
  }

  #remember(generation: number): void {
    this.#ownGenerations.push(generation);
    if (this.#ownGenerations.length > OWN_GENERATIONS_KEPT) this.#ownGenerations.shift();
  }
}

/** Resolves when `promise` settles, whichever way. */
function settled(promise: Promise<unknown>): Promise<void> {
  return promise.then(
    () => undefined,
    () => undefined,
  );
}
