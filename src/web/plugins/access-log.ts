import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { pathOf } from '../../app/logger.js';

type AccessLevel = 'trace' | 'debug' | 'warn' | 'error';

/** Probes and assets: thousands a day, never interesting unless tracing. */
const QUIET = /^\/(?:health|livez|metrics|favicon\.ico)$|^\/static\//;

/**
 * One access record per answered request, at a level chosen by what it says (issue 12): a
 * request logged at `info` each time piles up behind a slow log consumer. Server errors and
 * refusals (401, 403, 429: the security events) are always logged; ordinary requests at
 * `debug`; probes and static assets at `trace`. The URL is logged without its query string,
 * which may carry OAuth's `code` and `state`.
 */
async function accessLog(app: FastifyInstance): Promise<void> {
  app.addHook('onResponse', async (request, reply) => {
    const status = reply.statusCode;
    const level = accessLevel(request, status);
    request.log[level](
      { method: request.method, path: pathOf(request.url), route: request.routeOptions.url, status, ms: Math.round(reply.elapsedTime) },
      'request answered',
    );
  });
}

function accessLevel(request: FastifyRequest, status: number): AccessLevel {
  if (status >= 500) return 'error';
  if (status === 401 || status === 403 || status === 429) return 'warn';
  return QUIET.test(pathOf(request.url)) ? 'trace' : 'debug';
}

export const accessLogPlugin = fp(accessLog, { name: 'elekto-access-log', fastify: '5.x' });
