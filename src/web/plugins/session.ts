import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { isDatabaseUnavailable } from '../../storage/driver-errors.js';
import { createSession, deleteSession, findSession } from '../../storage/repositories/session-repository.js';
import type { Database } from '../../storage/schema.js';
import type { Viewer } from '../page-context.js';

export const SESSION_COOKIE = 'elekto_session';

export interface SessionOptions {
  readonly db: Kysely<Database>;
  readonly clock: () => Date;
  readonly secureCookies: boolean;
  readonly sessionSeconds: number;
}

/**
 * Server-side sessions in the database, so every replica knows every login (SPEC §11, §12).
 * The cookie holds an opaque random token; the database stores only its hash. Sessions are
 * opened only by a login: visitors cause no writes.
 */
async function sessions(app: FastifyInstance, options: SessionOptions): Promise<void> {
  app.decorateRequest('viewer', null);
  app.decorateRequest('sessionUnavailable', false);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await findSession(options.db, token, options.clock()).catch((error: unknown) => {
      // Decided by the route (see `requireLogin`): a ballot form posted during an outage is
      // read first, so that the 503 can give the voter's ranks back.
      if (!isDatabaseUnavailable(error)) throw error;
      request.sessionUnavailable = true;
      return undefined;
    });
    const login = session?.data.login;
    if (session?.userId != null && typeof login === 'string') request.viewer = { userId: session.userId, login };
  });
  app.decorate('sessions', {
    async open(reply: FastifyReply, viewer: Viewer): Promise<void> {
      const now = options.clock();
      const expiresAt = new Date(now.getTime() + options.sessionSeconds * 1000);
      const { token } = await createSession(options.db, { userId: viewer.userId, data: { login: viewer.login }, now, expiresAt });
      reply.setCookie(SESSION_COOKIE, token, cookieOptions(options, expiresAt));
    },
    async close(token: string | undefined, reply: FastifyReply): Promise<void> {
      if (token) await deleteSession(options.db, token);
      reply.clearCookie(SESSION_COOKIE, cookieOptions(options));
    },
  });
}

function cookieOptions(options: SessionOptions, expires?: Date) {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secureCookies, ...(expires && { expires }) } as const;
}

declare module 'fastify' {
  interface FastifyInstance {
    sessions: {
      /** Logs `viewer` in: stores a new session and sets its cookie. */
      open(reply: FastifyReply, viewer: Viewer): Promise<void>;
      /** Logs out: deletes the session of `token` and clears the cookie. */
      close(token: string | undefined, reply: FastifyReply): Promise<void>;
    };
  }
}

export const sessionPlugin = fp(sessions, { name: 'elekto-sessions', dependencies: ['elekto-security'] });
