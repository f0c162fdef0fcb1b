import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { KdfQueue } from '../crypto/kdf-queue.js';
import type { PoolUsage } from '../storage/pool-usage.js';
import type { CatalogStore } from './catalog-store.js';

/** What the metrics read when Prometheus scrapes (gauges are computed then, not kept). */
export interface MetricSources {
  readonly kdf: () => KdfQueue | undefined;
  readonly catalog: () => CatalogStore | undefined;
  readonly pool: PoolUsage | undefined;
  /** Log lines dropped because the log consumer did not keep up. */
  readonly droppedLogLines: () => number;
  readonly clock: () => Date;
}

/**
 * Elekto's Prometheus metrics (SPEC §15), in their own registry: requests by route template
 * and status, latency, ballots cast, the key-derivation queue, the meta repository sync, the
 * database pool, dropped log lines, and prom-client's process metrics (memory, event loop lag).
 * docs/production.md lists them.
 */
export class ElektoMetrics {
  readonly registry = new Registry();
  readonly #requests = new Counter({
    name: 'elekto_http_requests_total',
    help: 'HTTP requests answered, by method, route template (never the raw URL) and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly #duration = new Histogram({
    name: 'elekto_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route template.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly #ballots = new Counter({
    name: 'elekto_ballots_cast_total',
    help: 'Ballots stored by this process.',
    registers: [this.registry],
  });
  readonly #kdfWait = new Histogram({
    name: 'elekto_kdf_queue_wait_seconds',
    help: 'Time a ballot key derivation waited for a free slot.',
    buckets: [0.01, 0.1, 0.5, 1, 2, 5, 10, 20, 30],
    registers: [this.registry],
  });

  constructor(sources: MetricSources) {
    collectDefaultMetrics({ register: this.registry });
    this.#gauges(sources);
  }

  /** One answered request; `route` is the template (`/app/elections/:key`), never the URL. */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.#requests.inc({ method, route, status: String(status) });
    this.#duration.observe({ method, route }, seconds);
  }

  readonly ballotCast = (): void => this.#ballots.inc();

  readonly kdfWaited = (seconds: number): void => this.#kdfWait.observe(seconds);

  /** The scrape: Prometheus text format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  #gauges(sources: MetricSources): void {
    const registers = [this.registry];
    const gauge = (name: string, help: string, read: () => number | undefined) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const value = read();
          if (value !== undefined) this.set(value);
        },
      });
    gauge('elekto_kdf_queue_running', 'Ballot key derivations running now.', () => sources.kdf()?.running);
    gauge('elekto_kdf_queue_waiting', 'Ballot key derivations waiting for a slot now.', () => sources.kdf()?.waiting);
    const lastSuccess = () => sources.catalog()?.lastSuccessAt?.getTime();
    gauge('elekto_meta_sync_last_success_timestamp_seconds', "When this process last synced the meta repository (Unix time).", () => {
      const at = lastSuccess();
      return at === undefined ? undefined : at / 1000;
    });
    gauge('elekto_meta_sync_age_seconds', 'Seconds since this process last synced the meta repository.', () => {
      const at = lastSuccess();
      return at === undefined ? undefined : (sources.clock().getTime() - at) / 1000;
    });
    gauge('elekto_meta_sync_last_ok', "1 when this process's latest sync attempt succeeded, 0 when it failed.", () => {
      const catalog = sources.catalog();
      return catalog ? Number(catalog.lastFailure === null) : undefined;
    });
    gauge('elekto_db_pool_connections_in_use', 'Database connections running a query or transaction now.', () => sources.pool?.inUse);
    gauge('elekto_db_pool_waiting', 'Queries waiting for a database connection now.', () => sources.pool?.waiting);
    new Counter({
      name: 'elekto_log_lines_dropped_total',
      help: 'Log lines dropped because the log consumer (stdout) did not keep up or was closed.',
      registers,
      collect() {
        this.reset();
        this.inc(sources.droppedLogLines());
      },
    });
  }
}

/** The metrics when `METRICS_TOKEN` or `METRICS_PORT` is set; otherwise none are kept. */
export function configuredMetrics(settings: { readonly token?: string; readonly port?: number }, sources: MetricSources): ElektoMetrics | null {
  return settings.token === undefined && settings.port === undefined ? null : new ElektoMetrics(sources);
}
