import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { databaseUnavailable } from '../http-error.js';

/** The signed cookie holding a visitor's CSRF secret (login forms, before any session). */
const CSRF_COOKIE = 'elekto_csrf';
/** The form field carrying the token. */
const CSRF_FIELD = '_csrf';

export interface CsrfOptions {
  readonly secureCookies: boolean;
}

/**
 * CSRF tokens (SPEC §11, §16). A logged-in user's tokens are bound to the server-side
 * session: made from the secret stored with it, so they die with it, and nobody who can
 * plant cookies in the browser can forge one. A visitor (the login forms) has a secret in a
 * signed, HttpOnly cookie instead. A token is a random salt and its HMAC under the secret.
 */
async function csrf(app: FastifyInstance, options: CsrfOptions): Promise<void> {
  app.decorateReply('csrfToken', function (this: FastifyReply): string {
    // While the session cannot be read (the database is unavailable) its secret is unknown: a
    // form given back with a 503 carries the token it was sent with, which is still valid for its
    // session when the database returns (and, if it never was, is refused then like any other).
    const sent = this.request.sessionUnavailable ? sentToken(this.request) : undefined;
    if (sent !== undefined) return sent;
    const secret = this.request.sessionCsrfSecret ?? visitorSecret(this.request) ?? newVisitorSecret(this, options);
    // Fresh per page, so the token's bytes differ on every response (no compression oracle);
    // randomUUID draws from a pooled buffer, much cheaper per call than randomBytes.
    const salt = randomUUID();
    return `${salt}.${mac(secret, salt)}`;
  });

  app.decorate('checkCsrf', (request: FastifyRequest): boolean => {
    const secret = request.sessionCsrfSecret ?? visitorSecret(request);
    const token = sentToken(request);
    if (!secret || token === undefined) return false;
    const [salt = '', given = ''] = token.split('.');
    const expected = Buffer.from(mac(secret, salt));
    return given.length === expected.length && timingSafeEqual(Buffer.from(given), expected);
  });
}

function sentToken(request: FastifyRequest): string | undefined {
  const token = (request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
  return typeof token === 'string' ? token : undefined;
}

function mac(secret: string, salt: string): string {
  return createHmac('sha256', secret).update(salt).digest('base64url');
}

function visitorSecret(request: FastifyRequest): string | undefined {
  const cookie = request.cookies[CSRF_COOKIE];
  if (!cookie) return undefined;
  const unsigned = request.unsignCookie(cookie);
  return unsigned.valid && unsigned.value ? unsigned.value : undefined;
}

function newVisitorSecret(reply: FastifyReply, options: CsrfOptions): string {
  const secret = randomBytes(32).toString('base64url');
  reply.setCookie(CSRF_COOKIE, secret, { signed: true, httpOnly: true, sameSite: 'lax', secure: options.secureCookies, path: '/' });
  return secret;
}

/**
 * A `preHandler` that refuses a POST without a valid CSRF token (403). Registered once in the
 * context that holds every form route, so no form route can forget it; the webhook lives
 * outside that context because GitHub signs its requests instead. A session's secret is kept
 * with the session: when the database could not give it, the token is neither accepted nor
 * refused, and the form gets a 503 (which a route may answer with the form, see
 * `config.outage`).
 */
export function requireCsrf(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    if (request.method !== 'POST') return;
    if (request.sessionUnavailable) throw databaseUnavailable();
    if (!app.checkCsrf(request)) throw new CsrfRefused();
  });
}

/** Named as Fastify's CSRF errors are, so the error pages explain it the same way. */
class CsrfRefused extends Error {
  readonly statusCode = 403;
  readonly code = 'FST_CSRF_INVALID_TOKEN';
  constructor() {
    super('Invalid csrf token');
  }
}

declare module 'fastify' {
  interface FastifyReply {
    /** A CSRF token for this request's forms (a visitor gets a secret cookie on first use). */
    csrfToken(): string;
  }
  interface FastifyInstance {
    /** Whether the POSTed `_csrf` token is valid for the request's session or visitor secret. */
    checkCsrf(request: FastifyRequest): boolean;
  }
}

export const csrfPlugin = fp(csrf, { name: 'elekto-csrf', dependencies: ['elekto-sessions'] });
