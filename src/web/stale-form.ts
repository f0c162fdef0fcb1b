import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * What a form route does when its CSRF token is refused (an old tab, a form left open past its
 * token): show the form again with what the voter entered kept, instead of a bare error page.
 * Declared per route as `config.staleForm`; the error handler calls it on the CSRF failure
 * path, after the token was refused and nothing was stored. Returning `undefined` (or
 * throwing) falls back to the plain error page.
 */
export type StaleFormRecovery = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

declare module 'fastify' {
  interface FastifyContextConfig {
    staleForm?: StaleFormRecovery;
  }
}

/** The route's recovery for a refused CSRF token, if it declares one. */
export function staleFormRecovery(request: FastifyRequest): StaleFormRecovery | undefined {
  return request.routeOptions.config.staleForm;
}
