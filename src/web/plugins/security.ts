import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';

export interface SecurityOptions {
  /** Signs cookies (a visitor's CSRF secret, the OAuth state); `APP_KEY`. */
  readonly cookieSecret: string;
  /** Set `Secure` on cookies: true when the public URL is https. */
  readonly secureCookies: boolean;
  /** GitHub's origin: the login form's redirect goes there, so CSP `form-action` must allow it. */
  readonly oauthOrigin: string;
}

/**
 * Headers, cookies and form parsing for the whole application (SPEC §11): a Content
 * Security Policy without inline script, signed `SameSite` cookies, `Secure` behind HTTPS
 * (CSRF tokens are the CSRF plugin's, bound to the session).
 * Rate limits are declared per route (`config.rateLimit`); none applies by default.
 */
async function security(app: FastifyInstance, options: SecurityOptions): Promise<void> {
  // helmet's middleware is built once here: @fastify/helmet rebuilt it on every request,
  // which cost 12-18 % of a logged-in page's CPU time (bench/web.ts).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // Candidate bios may show their own pictures, as they do on GitHub.
        imgSrc: ["'self'", 'data:', 'https:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'", options.oauthOrigin],
      },
    },
    // Same-origin pages only; nothing is meant to be embedded elsewhere.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: options.secureCookies ? { maxAge: 31536000 } : false,
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)));
  await app.register(fastifyCookie, { secret: options.cookieSecret });
  await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
  await app.register(fastifyRateLimit, { global: false });
}

export const securityPlugin = fp(security, { name: 'elekto-security' });
