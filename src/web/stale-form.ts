import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * What a form route does when its CSRF token is refused (an old tab, a form left open past its
 * token): show the form again with what the voter entered kept, instead of a bare error page.
 * Declared per route as `config.staleForm`; the error handler calls it on the CSRF failure
 * path, after the token was refused and nothing was stored. Returning `undefined` (or
 * throwing) falls back to the plain error page.
 */
export type StaleFormRecovery = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

/**
 * What a form route does when the sender's login has expired (or never was): answer 401 with
 * what the voter entered kept and a way back after logging in again. Declared per route as
 * `config.expiredLogin`; such a route is refused only once its body is read (see
 * `requireLogin`), and never runs its handler. Same fallback as `StaleFormRecovery`.
 */
export type ExpiredLoginRecovery = StaleFormRecovery;

declare module 'fastify' {
  interface FastifyContextConfig {
    staleForm?: StaleFormRecovery;
    expiredLogin?: ExpiredLoginRecovery;
  }
}

/** The route's recovery for a refused CSRF token, if it declares one. */
export function staleFormRecovery(request: FastifyRequest): StaleFormRecovery | undefined {
  return request.routeOptions.config.staleForm;
}

/** The route's recovery for a form sent without a live login, if it declares one. */
export function expiredLoginRecovery(request: FastifyRequest): ExpiredLoginRecovery | undefined {
  return request.routeOptions.config.expiredLogin;
}
