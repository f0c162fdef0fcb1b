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

/**
 * What a form route does when the database could not serve it (SPEC §16; the session itself,
 * or the route's own statements): answer 503 with Retry-After and what the sender entered
 * kept, nothing stored. Declared per route as `config.unavailableForm`. Same fallback as
 * `StaleFormRecovery`.
 */
export type UnavailableFormRecovery = StaleFormRecovery;

declare module 'fastify' {
  interface FastifyContextConfig {
    staleForm?: StaleFormRecovery;
    expiredLogin?: ExpiredLoginRecovery;
    unavailableForm?: UnavailableFormRecovery;
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

/** The route's recovery for a form the database could not serve, if it declares one. */
export function unavailableFormRecovery(request: FastifyRequest): UnavailableFormRecovery | undefined {
  return request.routeOptions.config.unavailableForm;
}
