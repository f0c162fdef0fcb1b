import type { Kysely } from 'kysely';
import type { Result } from '../core/result.js';
import { Catalog } from '../meta/index.js';
import type { Database } from '../storage/schema.js';
import { syncElections, type MetaSource, type SyncReport } from './election-sync.js';

/** The catalog a server serves, with each election's database id. */
export interface CatalogView {
  readonly catalog: Catalog;
  readonly electionIds: ReadonlyMap<string, number>;
}

/**
 * Holds the catalog the server serves and replaces it whole after each successful sync, so
 * a request always reads one consistent catalog and never touches the disk (SPEC §3).
 *
 * Syncs are serialised and coalesced: while one runs, any number of further triggers (webhook
 * deliveries, the periodic timer) collapse into a single follow-up sync, which starts when
 * the running one ends and sees everything pushed until then. A failed sync keeps the last
 * good catalog serving.
 */
export class CatalogStore {
  #current: CatalogView = { catalog: Catalog.empty, electionIds: new Map() };
  #running: Promise<Result<SyncReport, string>> | undefined;
  #followUp: Promise<Result<SyncReport, string>> | undefined;
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

  /** Syncs now, or after the running sync (joining a follow-up already waiting). */
  sync(): Promise<Result<SyncReport, string>> {
    if (!this.#running) return this.#begin();
    this.#followUp ??= settled(this.#running).then(() => {
      this.#followUp = undefined;
      return this.#begin();
    });
    return this.#followUp;
  }

  /**
   * Rebuilds the catalog from the local clone as it is, without contacting the remote: for
   * starting up while the remote is unreachable.
   */
  reloadLocal(): Promise<Result<SyncReport, string>> {
    return this.#running ? this.sync() : this.#begin({ ...this.#source, repo: undefined });
  }

  #begin(source: MetaSource = this.#source): Promise<Result<SyncReport, string>> {
    const run = syncElections(this.#db, source, this.#clock()).then((outcome) => {
      if (outcome.ok) this.#current = { catalog: outcome.value.catalog, electionIds: outcome.value.electionIds };
      return outcome;
    });
    this.#running = run;
    void settled(run).then(() => {
      if (this.#running === run) this.#running = undefined;
    });
    return run;
  }
}

/** Resolves when `promise` settles, whichever way. */
function settled(promise: Promise<unknown>): Promise<void> {
  return promise.then(
    () => undefined,
    () => undefined,
  );
}
