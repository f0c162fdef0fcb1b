import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { FormProvider, RedirectingProvider } from '../auth/identity-provider.js';
import type { BallotBox } from '../app/ballot-box.js';
import type { CatalogView, SyncFailure } from '../app/catalog-store.js';
import type { SyncReport } from '../app/election-sync.js';
import type { ProxyTrust } from '../config/env-values.js';
import type { Result } from '../core/result.js';
import type { Database } from '../storage/schema.js';
import type { MetricsOptions } from './plugins/metrics.js';

/** Settings the web layer needs, resolved from the configuration once at boot. */
export interface WebSettings {
  readonly appName: string;
  /** Signs cookies and seeds each voter's candidate order. */
  readonly appKey: string;
  /** True when APP_URL is https: cookies get `Secure`, responses HSTS. */
  readonly secureCookies: boolean;
  readonly minPassphraseLength: number;
  /** Show internal error messages on 500 pages (development only). */
  readonly exposeInternalErrors: boolean;
  /** How long a login lasts: at most, and without a request; how long a replica caches one. */
  readonly sessions: { readonly absoluteSeconds: number; readonly idleSeconds: number; readonly cacheMs: number };
  /** Whose X-Forwarded-For decides `request.ip` (TRUST_PROXY): nobody's, a hop count, or addresses. */
  readonly trustProxy: ProxyTrust;
  /** The forge's web editor for a file of META_REPO (officers' "edit voters.yaml" link); null for a local repository. */
  readonly metaFileEditUrl?: ((path: string) => string | null) | null;
}

/** Everything `buildApp` is given: the composition root decides the implementations. */
export interface AppDeps {
  readonly settings: WebSettings;
  readonly db: Kysely<Database>;
  /** The current catalog; replaced whole on sync, read fresh by every request. */
  readonly catalog: () => CatalogView;
  /** Secret ballots: crypto and storage together. */
  readonly ballots: BallotBox;
  /** The instance's identity source (GitHub, GitLab, Forgejo or OIDC; SPEC §17), when configured. */
  readonly oauth: RedirectingProvider | null;
  readonly development: FormProvider | null;
  /** Logins the development login page suggests (the demo's). */
  readonly loginSuggestions: readonly { readonly login: string; readonly role: string }[];
  readonly clock: () => Date;
  /** The JSON logger (`app/logger.ts`); none: nothing is logged (tests). */
  readonly logger?: FastifyBaseLogger;
  /** Request metrics and `/metrics`; absent: no metrics (METRICS_TOKEN and METRICS_PORT unset). */
  readonly metrics?: MetricsOptions;
  /** The meta repository sync, for the webhook and `/health`; absent when the catalog is fixed (tests). */
  readonly metaSync?: MetaSyncDeps;
}

/** What the webhook and `/health` need of the meta repository sync. */
export interface MetaSyncDeps {
  /** `META_SECRET`; without it the webhook refuses every delivery. */
  readonly webhookSecret: string | undefined;
  /** Syncs (serialised and coalesced with every other trigger) and says what changed. */
  sync(): Promise<Result<SyncReport, string>>;
  /** Why this server's latest sync attempt failed; `null` when it succeeded. */
  lastFailure(): SyncFailure | null;
}
