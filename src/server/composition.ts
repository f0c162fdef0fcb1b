import type { FormProvider, RedirectingProvider } from '../auth/identity-provider.js';
import { newBallotBox } from '../app/ballot-box.js';
import type { CatalogView } from '../app/catalog-store.js';
import { DEMO_SUGGESTIONS, isDemo } from '../app/demo-setup.js';
import { identityProviders } from '../app/identity-providers.js';
import { metaFileEditUrl } from '../auth/meta-edit-url.js';
import type { Config } from '../config/config-schema.js';
import { ok, type Result } from '../core/result.js';
import { ELEKTO_0_6_KDF, type KdfParams } from '../crypto/kdf-params.js';
import type { KdfQueue } from '../crypto/kdf-queue.js';
import type { Database } from '../storage/schema.js';
import type { AppDeps, MetaSyncDeps, WebSettings } from '../web/app-deps.js';
import type { Kysely } from 'kysely';

/**
 * How long a login lasts: 8 hours at most, 2 hours without a request (docs/configuration.md,
 * "Sessions"); each replica reuses a session it read for 2 seconds.
 */
export const SESSIONS = Object.freeze({ absoluteSeconds: 8 * 3600, idleSeconds: 2 * 3600, cacheMs: 2_000 });

/**
 * Everything production decides from the configuration alone, before any I/O: the web
 * settings, the identity providers and the key-derivation parameters of new ballot links.
 * `elekto serve` and the tests build their apps from it; tests override parts, never redo it.
 */
export interface ServerPlan {
  readonly settings: WebSettings;
  /** Argon2i parameters of new ballot links: Elekto 0.6's (SPEC §8). */
  readonly kdfParams: KdfParams;
  /** Key derivations at once (`KDF_CONCURRENCY`). */
  readonly kdfConcurrency: number;
  /** The instance's identity source (SPEC §17), when configured. */
  readonly oauth: RedirectingProvider | null;
  readonly development: FormProvider | null;
  readonly loginSuggestions: AppDeps['loginSuggestions'];
}

/** The composition root's pure half: the plan of the production app for `config`. */
export function planServer(config: Config): Result<ServerPlan, readonly string[]> {
  const providers = identityProviders(config);
  if (!providers.ok) return providers;
  return ok({
    settings: {
      appName: config.app.name,
      appKey: config.app.key,
      secureCookies: config.app.url.startsWith('https:'),
      minPassphraseLength: config.app.minPasscodeLength,
      exposeInternalErrors: config.debug && config.environment === 'development',
      sessions: SESSIONS,
      trustProxy: config.app.trustProxy,
      metaFileEditUrl: metaEditor(config),
    },
    kdfParams: ELEKTO_0_6_KDF,
    kdfConcurrency: config.kdf.concurrency,
    oauth: providers.value.oauth,
    development: providers.value.development,
    loginSuggestions: isDemo(config) ? DEMO_SUGGESTIONS : [],
  });
}

/** The forge's editor for a file of META_REPO (SPEC §14, §17); none for a local repository. */
function metaEditor(config: Config): ((path: string) => string | null) | null {
  const repo = config.meta.repo;
  return repo ? (path) => metaFileEditUrl(config.auth.provider, repo, config.meta.branch, path) : null;
}

/** What exists only once the process runs: the database, the catalog, the clock, the KDF queue. */
export interface ServerRuntime {
  readonly db: Kysely<Database>;
  readonly catalog: () => CatalogView;
  readonly kdf: KdfQueue;
  readonly clock: () => Date;
  readonly logger?: AppDeps['logger'];
  readonly metrics?: AppDeps['metrics'];
  /** Told of every ballot stored (for `/metrics`). */
  readonly onCast?: () => void;
  readonly metaSync?: MetaSyncDeps;
}

/** The app's dependencies: the plan on the runtime. */
export function appDeps(plan: ServerPlan, runtime: ServerRuntime): AppDeps {
  const { db, kdf, onCast, ...rest } = runtime;
  return {
    ...rest,
    settings: plan.settings,
    db,
    ballots: newBallotBox(db, kdf, plan.kdfParams, onCast),
    oauth: plan.oauth,
    development: plan.development,
    loginSuggestions: plan.loginSuggestions,
  };
}

