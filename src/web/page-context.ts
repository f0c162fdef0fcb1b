import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderPage } from './render.js';
import type { PageContext } from './views/layout.js';

/** The logged-in user behind a request, resolved once by the session plugin. */
export interface Viewer {
  readonly userId: number;
  readonly login: string;
}

/** Facts about the site every page shows, fixed at boot. */
export interface Site {
  readonly appName: string;
  readonly devLogin: boolean;
  /** The configured identity source's display name, if any. */
  readonly loginSource?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer | null;
    /** The session cookie could not be checked: the database is unavailable. */
    sessionUnavailable: boolean;
  }
  interface FastifyInstance {
    site: Site;
  }
}

/**
 * The per-request facts every page needs. The CSRF token for the page's forms is issued when a
 * form first reads it, during rendering: a page without a form (a visitor's election list)
 * then costs no token, no signed cookie and no `Set-Cookie` header.
 */
export function pageContext(request: FastifyRequest, reply: FastifyReply): PageContext {
  let csrfToken: string | undefined;
  return {
    appName: request.server.site.appName,
    devLogin: request.server.site.devLogin,
    loginSource: request.server.site.loginSource,
    login: request.viewer?.login ?? null,
    loginUnchecked: request.sessionUnavailable,
    get csrfToken() {
      return (csrfToken ??= reply.csrfToken());
    },
  };
}

/** Sends a rendered page with its status; error pages are never 200. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(renderPage(page));
}
