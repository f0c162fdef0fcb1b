import type { SessionRecord } from '../storage/repositories/session-repository.js';

/**
 * A short-lived cache of sessions read from the database, by cookie token: a page and the
 * assets it loads cost one session query, not one each. Replica-safe by its bound: a session
 * ended on this replica leaves the cache at once; one ended on another replica (logout, a new
 * login) stays usable here for at most `ttlMs`. Expiry is still checked on every request
 * against the cached deadline, so a cached session never outlives its lifetime.
 */
export class SessionCache {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, { readonly session: SessionRecord; readonly until: number }>();

  constructor(options: { readonly ttlMs: number; readonly maxEntries?: number; readonly now?: () => number }) {
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#now = options.now ?? (() => performance.now());
  }

  get(token: string): SessionRecord | undefined {
    const entry = this.#entries.get(token);
    if (entry === undefined) return undefined;
    if (entry.until > this.#now()) return entry.session;
    this.#entries.delete(token);
    return undefined;
  }

  set(token: string, session: SessionRecord): void {
    if (this.#ttlMs <= 0) return;
    this.#entries.delete(token);
    // Maps iterate in insertion order: the first entry is the oldest.
    if (this.#entries.size >= this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(token, { session, until: this.#now() + this.#ttlMs });
  }

  delete(token: string): void {
    this.#entries.delete(token);
  }
}
