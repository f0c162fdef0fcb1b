import { secretsMatch } from '../../auth/secrets-match.js';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** What the web layer needs of the metrics (`app/metrics.ts` implements it). */
export interface RequestMetrics {
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  render(): Promise<string>;
  readonly contentType: string;
}

export interface MetricsOptions {
  readonly metrics: RequestMetrics;
  /**
   * `METRICS_TOKEN`: serve `GET /metrics` on this application to requests carrying
   * `Authorization: Bearer <token>`. Undefined: no `/metrics` here (only counting).
   */
  readonly token: string | undefined;
}

/** Route label of a request no route matched: raw URLs never become label values. */
const UNMATCHED = 'unmatched';

/** Counts every answered request by route template and status, and serves `/metrics` if asked. */
async function metricsPlugin(app: FastifyInstance, options: MetricsOptions): Promise<void> {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? UNMATCHED;
    options.metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
  if (options.token !== undefined) metricsRoute(app, options.metrics, options.token);
}

export const requestMetrics = fp(metricsPlugin, { name: 'elekto-metrics', fastify: '5.x' });

/**
 * `GET /metrics` in Prometheus text format: on the main application behind a bearer token,
 * or on the separate `METRICS_PORT` listener (token optional there).
 */
export function metricsRoute(app: FastifyInstance, metrics: RequestMetrics, token: string | undefined): void {
  app.get('/metrics', async (request, reply) => {
    if (token !== undefined && !bearerMatches(request.headers.authorization, token)) {
      return reply.code(401).header('www-authenticate', 'Bearer realm="metrics"').header('cache-control', 'no-store').send('unauthorized\n');
    }
    return reply.header('content-type', metrics.contentType).header('cache-control', 'no-store').send(await metrics.render());
  });
}

/** The presented bearer token, compared in constant time. */
function bearerMatches(header: string | undefined, token: string): boolean {
  return secretsMatch(token, /^Bearer (\S+)$/i.exec(header ?? '')?.[1]);
}
