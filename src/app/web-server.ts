import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { createDevelopmentProvider } from '../auth/development.js';
import { createGitHubProvider } from '../auth/github.js';
import type { FormProvider, RedirectingProvider } from '../auth/identity-provider.js';
import { err, ok, type Result } from '../core/result.js';
import type { Config } from '../config/config-schema.js';
import { ELEKTO_0_6_KDF } from '../crypto/kdf-params.js';
import { KdfProcessPool } from '../crypto/kdf-process-pool.js';
import { KdfQueue } from '../crypto/kdf-queue.js';
import { poolUsage } from '../storage/open-database.js';
import type { Database } from '../storage/schema.js';
import { buildApp } from '../web/app.js';
import { CatalogStore } from './catalog-store.js';
import { configuredMetrics, type ElektoMetrics } from './metrics.js';
import { DEMO_SUGGESTIONS, isDemo, seedDemoBallots } from './demo-setup.js';
import type { MetaSource } from './election-sync.js';
import { followReplicas, syncPeriodically } from './replica-sync.js';

/** A built application with what must be stopped with it. */
export interface WebServer {
  readonly app: FastifyInstance;
  readonly catalog: CatalogStore;
  /** Null unless METRICS_TOKEN or METRICS_PORT is set. */
  readonly metrics: ElektoMetrics | null;
}

/**
 * The composition root of `elekto serve`: chooses every implementation from the
 * configuration and builds the web application on them. The database must be migrated.
 * The first sync runs before the server answers, so it never serves an empty catalog when
 * the repository is reachable; if it is not, the server starts with what the clone holds.
 * Until the application closes, it follows the syncs of other replicas sharing the database
 * (SPEC §12) and, with `META_SYNC_INTERVAL`, syncs periodically.
 */
export async function createWebServer(
  config: Config,
  db: Kysely<Database>,
  source: MetaSource,
  options: {
    /** The JSON logger (`logger.ts`); none in tests that do not look at logs. */
    readonly logger?: FastifyBaseLogger;
    /** Log lines dropped so far, for `/metrics`. */
    readonly droppedLogLines?: () => number;
    readonly clock?: () => Date;
    readonly warn: (message: string) => void;
    /** How often to look for other replicas' syncs (default `REPLICA_POLL_MS`). */
    readonly replicaPollMs?: number;
  },
): Promise<Result<WebServer, readonly string[]>> {
  const clock = options.clock ?? (() => new Date());
  const providers = identityProviders(config);
  if (!providers.ok) return providers;

  const catalog = new CatalogStore(db, source, clock);
  let first = await catalog.sync();
  if (!first.ok) {
    options.warn(`the meta repository could not be synced (${first.error}); serving the local clone as it is`);
    first = await catalog.reloadLocal();
    if (!first.ok) return err([`the meta repository could not be synced or read: ${first.error}`]);
  }
  if (isDemo(config)) await seedDemoBallots(db, first.value.catalog, first.value.electionIds, clock());

  // Scrapes read the queue and the catalog when they happen (METRICS_TOKEN/METRICS_PORT).
  const sources = { kdf: () => kdf, catalog: () => catalog, pool: poolUsage(db), droppedLogLines: options.droppedLogLines ?? (() => 0), clock };
  const metrics = configuredMetrics(config.metrics, sources);
  // Keys are derived in child processes: in-process, each 512 MiB derivation stalls the event loop.
  const kdfPool = new KdfProcessPool(config.kdf.concurrency);
  const kdf = new KdfQueue({ concurrency: config.kdf.concurrency, derive: kdfPool.deriveKey, onWait: metrics?.kdfWaited });
  const app = await buildApp({
    settings: {
      appName: config.app.name,
      appKey: config.app.key,
      secureCookies: config.app.url.startsWith('https:'),
      githubOrigin: new URL(config.github.url).origin,
      githubRedirectPath: config.github.redirectPath,
      minPassphraseLength: config.app.minPasscodeLength,
      exposeInternalErrors: config.debug && config.environment === 'development',
      sessionSeconds: 8 * 3600,
      trustProxy: true,
    },
    db,
    catalog: () => catalog.current,
    ballots: { db, kdf, kdfParams: ELEKTO_0_6_KDF, onCast: metrics?.ballotCast },
    github: providers.value.github,
    development: providers.value.development,
    loginSuggestions: isDemo(config) ? DEMO_SUGGESTIONS : [],
    clock,
    logger: options.logger,
    metrics: metrics ? { metrics, token: config.metrics.token } : undefined,
    metaSync: { webhookSecret: config.meta.secret, sync: () => catalog.sync(), lastFailure: () => catalog.lastFailure },
  });

  // Other replicas' syncs are followed, and META_SYNC_INTERVAL syncs, until the server closes.
  const timers = [followReplicas(db, catalog, { log: app.log, pollMs: options.replicaPollMs })];
  if (config.meta.syncIntervalSeconds > 0) timers.push(syncPeriodically(catalog, config.meta.syncIntervalSeconds, app.log));
  app.addHook('onClose', async () => {
    await Promise.all(timers.map((timer) => timer.stop()));
    await catalog.idle();
    kdfPool.close();
  });
  return ok({ app, catalog, metrics });
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
