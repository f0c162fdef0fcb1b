/**
 * A tiny loopback HTTP server for browser tests of views without the whole application: it
 * serves given HTML pages and the site's static assets (the application's own `loadAssets`, at
 * the same paths) with the real Content Security Policy,
 * and records every POST so a test can check exactly what a form submitted.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadAssets } from '../../src/web/assets.js';

/** The site's Content Security Policy (SPEC §11): no inline script or style, all self-hosted. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** The application's own assets, by URL path. */
const ASSETS = new Map(loadAssets().map((asset) => [asset.path, asset]));

export interface CapturedPost {
  readonly path: string;
  readonly contentType: string;
  /** The raw body as sent. */
  readonly body: string;
  /** The body parsed as application/x-www-form-urlencoded, in field order. */
  readonly fields: readonly (readonly [string, string])[];
}

export interface StaticServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  /** Every POST received, oldest first. */
  readonly posts: CapturedPost[];
  /** Every request path received (GET and POST), oldest first. */
  readonly requests: string[];
  close(): Promise<void>;
}

export interface StaticServerOptions {
  /** HTML pages by path (`/ballot`), rendered on every request. */
  readonly pages: Readonly<Record<string, () => string>>;
}

/** Starts the server on a free loopback port. */
export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const posts: CapturedPost[] = [];
  const requests: string[] = [];
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      send(response, 500, 'text/plain; charset=utf-8', String(error));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    requests.push(`${request.method ?? '?'} ${path}`);
    if (request.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      posts.push({
        path,
        contentType: request.headers['content-type'] ?? '',
        body,
        fields: [...new URLSearchParams(body)],
      });
      send(response, 200, 'text/html; charset=utf-8', '<!doctype html><html lang="en"><title>Received</title><h1>Received</h1></html>');
      return;
    }
    if (path === '/favicon.ico') return send(response, 204, 'image/x-icon', '');
    const page = options.pages[path];
    if (page) return send(response, 200, 'text/html; charset=utf-8', page());
    const asset = ASSETS.get(path);
    if (asset) return send(response, 200, asset.contentType, asset.body);
    send(response, 404, 'text/plain; charset=utf-8', 'Not found');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, {
    'content-type': type,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  response.end(body);
}
