import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { isDatabaseUnavailable } from '../../storage/driver-errors.js';
import { createSession, deleteSession, findSession, updateSession, type SessionRecord } from '../../storage/repositories/session-repository.js';
import type { Database } from '../../storage/schema.js';
import type { Viewer } from '../page-context.js';
import { SessionCache } from '../session-cache.js';

export const SESSION_COOKIE = 'elekto_session';

/** The idle deadline moves forward only by steps this long, so most requests write nothing. */
const IDLE_REFRESH_STEP_MS = 5 * 60_000;

export interface SessionOptions {
  readonly db: Kysely<Database>;
  readonly clock: () => Date;
  readonly secureCookies: boolean;
  /** How long a login lasts at most, however active (the absolute lifetime). */
  readonly absoluteSeconds: number;
  /** How long a login lasts without a request (the idle lifetime). */
  readonly idleSeconds: number;
  /** How long a session read from the database is reused by this replica; 0 never. */
  readonly cacheMs: number;
}

/**
 * Server-side sessions in the database, so every replica knows every login (SPEC §11, §12,
 * §16). The cookie holds an opaque random token; the database stores only its hash, the
 * login and the session's CSRF secret. Sessions are opened only by a login, which first ends
 * the session the browser came with; visitors cause no writes. A session ends after
 * `idleSeconds` without a request or `absoluteSeconds` after the login, whichever is first.
 */
async function sessions(app: FastifyInstance, options: SessionOptions): Promise<void> {
  const cache = new SessionCache({ ttlMs: options.cacheMs });
  app.decorateRequest('viewer', null);
  app.decorateRequest('sessionCsrfSecret', null);
  app.decorateRequest('sessionUnavailable', false);

  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const now = options.clock();
    const session = await current(token, now).catch((error: unknown) => {
      // Decided by the route (see `requireLogin`): a ballot form posted during an outage is
      // read first, so that the 503 can give the voter's ranks back.
      if (!isDatabaseUnavailable(error)) throw error;
      request.sessionUnavailable = true;
      return undefined;
    });
    const { login, csrf } = session?.data ?? {};
    if (session?.userId == null || typeof login !== 'string') return;
    request.viewer = { userId: session.userId, login };
    request.sessionCsrfSecret = typeof csrf === 'string' ? csrf : null;
  });

  /** The live session of `token` at `now`, its idle deadline moved forward when due. */
  async function current(token: string, now: Date): Promise<SessionRecord | undefined> {
    const cached = cache.get(token);
    const session = cached ?? (await findSession(options.db, token, now));
    if (!session || session.expiresAt <= now) {
      cache.delete(token);
      return undefined;
    }
    const deadline = deadlineAt(session.createdAt, now);
    if (deadline.getTime() - session.expiresAt.getTime() < IDLE_REFRESH_STEP_MS) {
      // Only a database read starts a cache period: hits never extend it.
      if (!cached) cache.set(token, session);
      return session;
    }
    if (!(await updateSession(options.db, token, { expiresAt: deadline }))) {
      cache.delete(token); // ended meanwhile, by another replica
      return undefined;
    }
    const refreshed = { ...session, expiresAt: deadline };
    cache.set(token, refreshed);
    return refreshed;
  }

  /** When a session created at `createdAt` ends if nothing happens after `now`. */
  function deadlineAt(createdAt: Date, now: Date): Date {
    return new Date(Math.min(now.getTime() + options.idleSeconds * 1000, createdAt.getTime() + options.absoluteSeconds * 1000));
  }

  async function end(request: FastifyRequest): Promise<void> {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    cache.delete(token);
    await deleteSession(options.db, token);
  }

  app.decorate('sessions', {
    async logIn(request: FastifyRequest, reply: FastifyReply, viewer: Viewer): Promise<void> {
      await end(request);
      const now = options.clock();
      const data = { login: viewer.login, csrf: randomBytes(32).toString('base64url') };
      const { token } = await createSession(options.db, { userId: viewer.userId, data, now, expiresAt: deadlineAt(now, now) });
      const absolute = new Date(now.getTime() + options.absoluteSeconds * 1000);
      reply.setCookie(SESSION_COOKIE, token, cookieOptions(options, absolute));
    },
    async logOut(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      await end(request);
      reply.clearCookie(SESSION_COOKIE, cookieOptions(options));
    },
  });
}

function cookieOptions(options: SessionOptions, expires?: Date) {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secureCookies, ...(expires && { expires }) } as const;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The CSRF secret of the request's session; `null` for visitors (see the CSRF plugin). */
    sessionCsrfSecret: string | null;
  }
  interface FastifyInstance {
    sessions: {
      /**
       * Logs `viewer` in: ends the session the request came with (its row deleted, so an id
       * planted before login is never reused), stores a new one and sets its cookie.
       */
      logIn(request: FastifyRequest, reply: FastifyReply, viewer: Viewer): Promise<void>;
      /** Logs out: deletes the request's session and clears the cookie. */
      logOut(request: FastifyRequest, reply: FastifyReply): Promise<void>;
    };
  }
}

export const sessionPlugin = fp(sessions, { name: 'elekto-sessions', dependencies: ['elekto-security'] });
