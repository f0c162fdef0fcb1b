import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';

export interface SecurityOptions {
  /** Signs cookies (a visitor's CSRF secret, the OAuth state); `APP_KEY`. */
  readonly cookieSecret: string;
  /** Set `Secure` on cookies: true when the public URL is https. */
  readonly secureCookies: boolean;
}

/**
 * The Content Security Policy of every page: nothing inline, nothing from elsewhere but
 * pictures, and forms that post to this site only — a page whose form is answered by a
 * redirect elsewhere says so with `reply.allowFormAction`.
 */
const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  // Candidate bios may show their own pictures, as they do on GitHub.
  'img-src': ["'self'", 'data:', 'https:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
} as const satisfies Record<string, readonly string[]>;

/** An origin as `URL#origin` writes it for http(s): nothing that could end a CSP source list. */
const HTTP_ORIGIN = /^https?:\/\/(?:[a-z\d.-]+|\[[a-f\d:.]+\])(?::\d{1,5})?$/;

function contentSecurityPolicy(formTargets: readonly string[]): string {
  const policy = { ...CONTENT_SECURITY_POLICY, 'form-action': [...CONTENT_SECURITY_POLICY['form-action'], ...formTargets] };
  return Object.entries(policy)
    .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
    .join(';');
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
    contentSecurityPolicy: false,
    // Same-origin pages only; nothing is meant to be embedded elsewhere.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: options.secureCookies ? { maxAge: 31536000 } : false,
  });
  // The policy is ours, not helmet's: one page (the login page) extends it.
  const policy = contentSecurityPolicy([]);
  app.addHook('onRequest', (request, reply, done) => {
    reply.raw.setHeader('content-security-policy', policy);
    securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined));
  });
  app.decorateReply('allowFormAction', function allowFormAction(this: FastifyReply, origin: string | undefined) {
    if (origin === undefined) return;
    // A provider's discovery document names it: one that could break the header out of its
    // directive is left out (the login then fails visibly) rather than failing the page.
    if (!HTTP_ORIGIN.test(origin)) {
      this.request.log.warn({ origin }, 'not an http(s) origin; left out of CSP form-action');
      return;
    }
    this.raw.setHeader('content-security-policy', contentSecurityPolicy([origin]));
  });
  await app.register(fastifyCookie, { secret: options.cookieSecret });
  await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
  await app.register(fastifyRateLimit, { global: false });
}

declare module 'fastify' {
  interface FastifyReply {
    /**
     * Lets this page's forms lead to `origin` as well as to this site (CSP `form-action`):
     * browsers check the redirect that answers a form too, and the login form's goes to the
     * identity provider. `undefined` allows nothing more.
     */
    allowFormAction(origin: string | undefined): void;
  }
}

export const securityPlugin = fp(security, { name: 'elekto-security' });
