import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DatabaseUnavailable } from './http-error.js';

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
 * What a form route does when the database is unavailable (SPEC §16: nothing the user entered
 * is lost): show the form again with what was entered, with `unavailable`'s status and sentence;
 * the error handler has set its Retry-After. Declared per route as `config.outage`. It must not
 * touch the database, and must not assume a viewer: when the session itself could not be read,
 * the route is refused once its body is read (`requireLoginAfterBody`), before its CSRF check
 * (the session holds the secret), so nothing is stored and the form only goes back to its
 * sender. Same fallback as `StaleFormRecovery`.
 */
export type OutageRecovery = (request: FastifyRequest, reply: FastifyReply, unavailable: DatabaseUnavailable) => Promise<FastifyReply | undefined>;

declare module 'fastify' {
  interface FastifyContextConfig {
    staleForm?: StaleFormRecovery;
    expiredLogin?: ExpiredLoginRecovery;
    outage?: OutageRecovery;
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
export function outageRecovery(request: FastifyRequest): OutageRecovery | undefined {
  return request.routeOptions.config.outage;
}
