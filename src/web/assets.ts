/**
 * The site's static assets (SPEC §11: everything self-hosted, CSP `'self'`): every file of
 * `public/` at `/static/<path>`, and SortableJS at `/static/vendor/Sortable.min.js`.
 *
 * They are read once when the application is built and served from memory, one exact route
 * each. No part of a URL ever becomes a filesystem path, so there is no traversal, alias or
 * allow-list to get wrong; a directory server (`@fastify/static`) would bring all of those, and
 * a Node.js ≥ 22 requirement, for four fixed files.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

export interface Asset {
  /** The URL path it answers, e.g. `/static/css/elekto.css`. */
  readonly path: string;
  readonly contentType: string;
  readonly body: Buffer;
  /** A strong validator: the first 128 bits of the body's SHA-256, quoted. */
  readonly etag: string;
}

/** The project's `public/` folder: two levels up from this file, in `src/` and in `dist/`. */
const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));
const SORTABLE = createRequire(import.meta.url).resolve('sortablejs/Sortable.min.js');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/** Browsers keep an asset an hour, then revalidate it by its ETag (a 304 when unchanged). */
const CACHE_CONTROL = 'public, max-age=3600';

/** Reads every asset; a file of a type we cannot label stops the start with its name. */
export function loadAssets(): readonly Asset[] {
  const files = readdirSync(PUBLIC_DIR, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
  return [
    ...files.map((file) => asset(`/static/${relative(PUBLIC_DIR, file).split(sep).join('/')}`, file)),
    asset('/static/vendor/Sortable.min.js', SORTABLE),
  ].sort((a, b) => a.path.localeCompare(b.path));
}

function asset(path: string, file: string): Asset {
  const contentType = CONTENT_TYPES[extname(file)];
  if (contentType === undefined) throw new Error(`${file}: no content type is known for "${extname(file)}" files (add it to web/assets.ts)`);
  const body = readFileSync(file);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return { path, contentType, body, etag };
}

/** One GET (and HEAD) route per asset. */
export function assetRoutes(app: FastifyInstance, assets: readonly Asset[]): void {
  for (const { path, contentType, body, etag } of assets) {
    app.get(path, (request, reply) => {
      reply.header('cache-control', CACHE_CONTROL).header('etag', etag);
      if (matchesAny(request.headers['if-none-match'], etag)) return reply.code(304).send();
      return reply.type(contentType).send(body);
    });
  }
}

/**
 * RFC 9110 §13.1.2: If-None-Match uses the weak comparison (a `W/` prefix is ignored) and `*`
 * matches any current representation.
 */
function matchesAny(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}
