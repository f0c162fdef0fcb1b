import Fastify from 'fastify';
import { metricsRoute, type RequestMetrics } from './plugins/metrics.js';

/** The `METRICS_PORT` listener: `/metrics` alone, away from the public site. */
export interface MetricsListener {
  readonly address: string;
  close(): Promise<void>;
}

/**
 * Serves `/metrics` on `METRICS_PORT` (same host as the site) when it is set. There the token
 * is optional: the port is meant to be reachable only from inside the cluster.
 */
export async function listenForMetrics(
  metrics: RequestMetrics | null,
  config: { readonly listen: { readonly host: string }; readonly metrics: { readonly token?: string; readonly port?: number } },
): Promise<MetricsListener | null> {
  if (!metrics || config.metrics.port === undefined) return null;
  const app = Fastify({ logger: false });
  metricsRoute(app, metrics, config.metrics.token);
  const address = await app.listen({ host: config.listen.host, port: config.metrics.port });
  return { address, close: () => app.close() };
}
