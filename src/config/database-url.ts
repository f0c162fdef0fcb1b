import type { Dialect, DatabaseTarget } from '../storage/database-target.js';
import { parseTlsMode, type DatabaseTls } from '../storage/database-tls.js';

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
 * suffix (`postgresql+psycopg2://`) is ignored, so Python-era URLs work. TLS comes from the
 * query: `sslmode` (or MySQL's `ssl-mode`) and `sslrootcert` (or `ssl-ca`), see `urlTls`.
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
  if (url.hash) return { problem: 'cannot have a #fragment' };
  const tls = urlTls(url.searchParams);
  if (tls && 'problem' in tls) return tls;
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
    ...(tls ? { tls } : {}),
  };
}

const MODE_PARAMETERS = ['sslmode', 'ssl-mode', 'ssl_mode'];
const CA_PARAMETERS = ['sslrootcert', 'ssl-ca', 'ssl_ca'];

/**
 * The TLS settings of a DATABASE_URL's query: libpq's `sslmode`/`sslrootcert` or MySQL's
 * `ssl-mode`/`ssl-ca` (either spelling on either database). A CA without a mode means
 * `verify-full`. Other parameters are refused by name (their values may be secrets).
 */
function urlTls(query: URLSearchParams): DatabaseTls | undefined | { readonly problem: string } {
  let mode: string | undefined;
  let ca: string | undefined;
  for (const [name, value] of query) {
    const key = name.toLowerCase();
    if (MODE_PARAMETERS.includes(key)) mode = value;
    else if (CA_PARAMETERS.includes(key)) ca = value;
    else return { problem: `has the query parameter '${name}', which Elekto does not read; only sslmode (ssl-mode) and sslrootcert (ssl-ca) are` };
  }
  const parsed = mode === undefined ? (ca === undefined ? 'disable' : 'verify-full') : parseTlsMode(mode);
  if (parsed === undefined) {
    return { problem: `has sslmode '${mode}'; use disable, require, verify-ca or verify-full (there is no fallback to an unencrypted connection)` };
  }
  if (parsed === 'disable') return undefined;
  return ca === undefined ? { mode: parsed } : { mode: parsed, ca };
}

/** `decodeURIComponent`, or undefined for a malformed escape such as `%zz`. */
function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
