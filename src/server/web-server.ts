import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { CatalogStore } from '../app/catalog-store.js';
import { isDemo, seedDemoBallots } from '../app/demo-setup.js';
import { purgePeriodically } from '../app/expired-rows.js';
import type { MetaSource } from '../app/election-sync.js';
import { configuredMetrics, type ElektoMetrics } from '../app/metrics.js';
import { followReplicas, syncPeriodically } from '../app/replica-sync.js';
import { err, ok, type Result } from '../core/result.js';
import type { Config } from '../config/config-schema.js';
import type { DeriveKey } from '../crypto/kdf-error.js';
import { KdfProcessPool } from '../crypto/kdf-process-pool.js';
import { KdfQueue } from '../crypto/kdf-queue.js';
import { poolUsage } from '../storage/open-database.js';
import type { Database } from '../storage/schema.js';
import { buildApp } from '../web/app.js';
import { appDeps, planServer } from './composition.js';

/** A built application with what must be stopped with it. */
export interface WebServer {
  readonly app: FastifyInstance;
  readonly catalog: CatalogStore;
  /** Null unless METRICS_TOKEN or METRICS_PORT is set. */
  readonly metrics: ElektoMetrics | null;
}

export interface WebServerOptions {
  /** The JSON logger (`logger.ts`); none in tests that do not look at logs. */
  readonly logger?: FastifyBaseLogger;
  /** Log lines dropped so far, for `/metrics`. */
  readonly droppedLogLines?: () => number;
  readonly clock?: () => Date;
  readonly warn: (message: string) => void;
  /** How often to look for other replicas' syncs (default `REPLICA_POLL_MS`). */
  readonly replicaPollMs?: number;
  /** Where keys are derived; default: a pool of `KDF_CONCURRENCY` child processes. */
  readonly derive?: DeriveKey;
  /** How often expired sessions and the like are purged (default `PURGE_EVERY_MS`). */
  readonly purgeEveryMs?: number;
}

/**
 * The composition root of `elekto serve`: the plan of `planServer(config)` on a real catalog
 * store, key-derivation processes and timers. The database must be migrated.
 * The first sync runs before the server answers, so it never serves an empty catalog when
 * the repository is reachable; if it is not, the server starts with what the clone holds.
 * Until the application closes, it follows the syncs of other replicas sharing the database
 * (SPEC §12) and, with `META_SYNC_INTERVAL`, syncs periodically.
 */
export async function createWebServer(
  config: Config,
  db: Kysely<Database>,
  source: MetaSource,
  options: WebServerOptions,
): Promise<Result<WebServer, readonly string[]>> {
  const clock = options.clock ?? (() => new Date());
  const plan = planServer(config);
  if (!plan.ok) return plan;

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
  const kdfPool = options.derive ? null : new KdfProcessPool(plan.value.kdfConcurrency);
  const kdf = new KdfQueue({ concurrency: plan.value.kdfConcurrency, derive: kdfPool?.deriveKey ?? options.derive, onWait: metrics?.kdfWaited });
  const app = await buildApp(
    appDeps(plan.value, {
      db,
      catalog: () => catalog.current,
      kdf,
      clock,
      logger: options.logger,
      onCast: metrics?.ballotCast,
      metrics: metrics ? { metrics, token: config.metrics.token } : undefined,
      metaSync: { webhookSecret: config.meta.secret, sync: () => catalog.sync(), lastFailure: () => catalog.lastFailure },
    }),
  );

  // Other replicas' syncs are followed, and META_SYNC_INTERVAL syncs, until the server closes.
  // Expired sessions, OAuth states and old passphrase attempts are purged meanwhile.
  const timers = [followReplicas(db, catalog, { log: app.log, pollMs: options.replicaPollMs }), purgePeriodically(db, clock, app.log, options.purgeEveryMs)];
  if (config.meta.syncIntervalSeconds > 0) timers.push(syncPeriodically(catalog, config.meta.syncIntervalSeconds, app.log));
  app.addHook('onClose', async () => {
    await Promise.all(timers.map((timer) => timer.stop()));
    await catalog.idle();
    kdfPool?.close();
  });
  return ok({ app, catalog, metrics });
}
