import type { Dialect, DatabaseTarget } from '../storage/database-target.js';

/** The default port of each server database, used by DATABASE_URL and DB_PORT alike. */
export const DEFAULT_PORTS = { postgresql: 5432, mysql: 3306 } as const;

/** Default DB_USERNAME of Elekto 0.6, also used when DATABASE_URL names no user. */
export const DEFAULT_DB_USER = 'root';

const SCHEMES: Readonly<Record<string, Dialect>> = {
  postgres: 'postgresql',
  postgresql: 'postgresql',
  mysql: 'mysql',
  mariadb: 'mysql',
  sqlite: 'sqlite',
};

/**
 * Reads a DATABASE_URL: `postgres://` or `postgresql://`, `mysql://` or `mariadb://`
 * (`user:password@host:port/database`, user and password URL-decoded, port defaulting to 5432
 * or 3306, user to `root`), or SQLite as `sqlite:///absolute/path`, `sqlite:relative/path`
 * (resolved later against the working directory) or `sqlite::memory:`. A SQLAlchemy driver
 * suffix (`postgresql+psycopg2://`) is ignored, so Python-era URLs work.
 *
 * Returns the target or the reason it is unusable; the reason never quotes the URL, which may
 * hold a password.
 */
export function parseDatabaseUrl(text: string): DatabaseTarget | { readonly problem: string } {
  const scheme = /^([a-z]+)(?:\+[a-z0-9_]+)?:/i.exec(text.trim());
  const dialect = scheme ? SCHEMES[scheme[1]?.toLowerCase() ?? ''] : undefined;
  if (!scheme || !dialect) {
    return { problem: 'must start with postgres://, postgresql://, mysql://, mariadb:// or sqlite:' };
  }
  const rest = text.trim().slice(scheme[0].length);
  return dialect === 'sqlite' ? sqliteTarget(rest) : serverTarget(dialect, `${dialect}:${rest}`);
}

function sqliteTarget(rest: string): DatabaseTarget | { readonly problem: string } {
  if (rest === ':memory:') return { dialect: 'sqlite', path: ':memory:' };
  let path = rest;
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    if (slash !== 2) return { problem: "for SQLite must be sqlite:///absolute/path or sqlite:relative/path (no host)" };
    path = rest.slice(2);
  }
  if (/[?#]/.test(path)) return { problem: 'for SQLite cannot have query parameters' };
  const decoded = safeDecode(path);
  if (!decoded) return { problem: 'for SQLite must name a database file, like sqlite:///var/lib/elekto/elekto.db' };
  return { dialect: 'sqlite', path: decoded.replace(/^\/+/, '/') };
}

function serverTarget(dialect: 'postgresql' | 'mysql', normalised: string): DatabaseTarget | { readonly problem: string } {
  const example = `${dialect}://user:password@host:${DEFAULT_PORTS[dialect]}/database`;
  if (!URL.canParse(normalised)) return { problem: `is not a valid URL; expected ${example}` };
  const url = new URL(normalised);
  if (url.search || url.hash) {
    return { problem: 'cannot have query parameters (such as ?sslmode=) yet; remove them' };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const database = safeDecode(url.pathname.replace(/^\//, ''));
  if (!host || !database || database.includes('/')) {
    return { problem: `must name a host and a database, like ${example}` };
  }
  const user = safeDecode(url.username);
  const password = safeDecode(url.password);
  if (user === undefined || password === undefined) return { problem: 'has a user or password with a broken %-escape' };
  return {
    dialect,
    host,
    port: url.port ? Number(url.port) : DEFAULT_PORTS[dialect],
    database,
    user: user || DEFAULT_DB_USER,
    password,
  };
}

/** `decodeURIComponent`, or undefined for a malformed escape such as `%zz`. */
function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
