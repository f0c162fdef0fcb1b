import { createDevelopmentProvider } from '../auth/development.js';
import { createGitHubProvider } from '../auth/github.js';
import type { FormProvider, RedirectingProvider } from '../auth/identity-provider.js';
import { newBallotBox } from '../app/ballot-box.js';
import type { CatalogView } from '../app/catalog-store.js';
import { DEMO_SUGGESTIONS, isDemo } from '../app/demo-setup.js';
import type { Config } from '../config/config-schema.js';
import { err, ok, type Result } from '../core/result.js';
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
  readonly github: RedirectingProvider | null;
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
      githubOrigin: new URL(config.github.url).origin,
      githubRedirectPath: config.github.redirectPath,
      minPassphraseLength: config.app.minPasscodeLength,
      exposeInternalErrors: config.debug && config.environment === 'development',
      sessions: SESSIONS,
      trustProxy: config.app.trustProxy,
    },
    kdfParams: ELEKTO_0_6_KDF,
    kdfConcurrency: config.kdf.concurrency,
    github: providers.value.github,
    development: providers.value.development,
    loginSuggestions: isDemo(config) ? DEMO_SUGGESTIONS : [],
  });
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
    github: plan.github,
    development: plan.development,
    loginSuggestions: plan.loginSuggestions,
  };
}

/** GitHub when its OAuth app is configured; the development login exactly in development. */
function identityProviders(config: Config): Result<{ github: RedirectingProvider | null; development: FormProvider | null }, readonly string[]> {
  let github: RedirectingProvider | null = null;
  if (config.github.clientId && config.github.clientSecret) {
    const created = createGitHubProvider({
      clientId: config.github.clientId,
      clientSecret: config.github.clientSecret,
      redirectUri: new URL(config.github.redirectPath, config.app.url).toString(),
      githubUrl: config.github.url,
      apiUrl: config.github.apiUrl,
    });
    if (!created.ok) return created;
    github = created.value;
  }
  let development: FormProvider | null = null;
  if (config.devLogin) {
    const created = createDevelopmentProvider(config.environment);
    if (!created.ok) return created;
    development = created.value;
  }
  if (!github && !development) {
    return err(['nobody could log in: set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET (or APP_ENV=development for the development login)']);
  }
  return ok({ github, development });
}
