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
}

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer | null;
  }
  interface FastifyInstance {
    site: Site;
  }
}

/** The per-request facts every page needs; issues the CSRF token for the page's forms. */
export function pageContext(request: FastifyRequest, reply: FastifyReply): PageContext {
  return {
    appName: request.server.site.appName,
    devLogin: request.server.site.devLogin,
    login: request.viewer?.login ?? null,
    csrfToken: reply.generateCsrf(),
  };
}

/** Sends a rendered page with its status; error pages are never 200. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(renderPage(page));
}
