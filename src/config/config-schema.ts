import { resolve } from 'node:path';
import * as z from 'zod';
import { PROVIDER_KINDS } from '../auth/identity-provider.js';
import { DIALECTS, type DatabaseTarget } from '../storage/database-target.js';
import { DEFAULT_DATABASE_TIMEOUTS, type DatabaseTimeouts } from '../storage/database-timeouts.js';
import { TLS_MODE_ALIASES, TLS_MODES, type DatabaseTls } from '../storage/database-tls.js';
import { appKeyWeakness, DEVELOPMENT_APP_KEY, MIN_APP_KEY_LENGTH } from './app-key.js';
import { DEFAULT_DB_USER, DEFAULT_PORTS } from './database-url.js';
import {
  databaseUrl,
  flag,
  httpUrl,
  oneOf,
  proxyTrust,
  repoDirectory,
  secret,
  sitePath,
  text,
  wholeNumber,
} from './env-values.js';

/**
 * Every environment variable Elekto reads, with Elekto 0.6's names, each parsed on its own.
 * Unset and empty both give `undefined`; defaults come in `resolveConfig`, which sees them all.
 * docs/configuration.md describes each one; keep the two in step.
 */
const variables = z.object({
  APP_NAME: text(),
  APP_ENV: oneOf(['production', 'development'], { prod: 'production', dev: 'development' }),
  APP_KEY: secret(),
  APP_DEBUG: flag(),
  APP_URL: httpUrl(),
  APP_HOST: text(),
  APP_PORT: wholeNumber(1, 65535),
  APP_CONNECT: oneOf(['http', 'socket']),
  TRUST_PROXY: proxyTrust(),
  MIN_PASSCODE_LENGTH: wholeNumber(1, 1024),
  DB_CONNECTION: oneOf(DIALECTS, { postgres: 'postgresql', mariadb: 'mysql', sqlite3: 'sqlite' }),
  DB_HOST: text(),
  DB_PORT: wholeNumber(1, 65535),
  DB_DATABASE: text(),
  DB_USERNAME: text(),
  DB_PASSWORD: secret(),
  DB_PATH: text(),
  DATABASE_URL: databaseUrl(),
  DB_SSL_MODE: oneOf(TLS_MODES, TLS_MODE_ALIASES),
  DB_SSL_CA: text(),
  DB_CONNECT_TIMEOUT: wholeNumber(100, 600_000, ' of milliseconds'),
  DB_ACQUIRE_TIMEOUT: wholeNumber(100, 600_000, ' of milliseconds'),
  DB_STATEMENT_TIMEOUT: wholeNumber(100, 3_600_000, ' of milliseconds'),
  DB_BUSY_TIMEOUT: wholeNumber(0, 10_000, ' of milliseconds'),
  META_REPO: text(),
  META_BRANCH: text(),
  META_PATH: text(),
  META_DEPLOYMENT: oneOf(['local', 'sidecar']),
  ELECTION_DIR: repoDirectory(),
  META_SECRET: secret(),
  META_SYNC_INTERVAL: wholeNumber(0, 604_800, ' of seconds'),
  GITHUB_URL: httpUrl(),
  GITHUB_API_URL: httpUrl(),
  GITHUB_REDIRECT: sitePath(),
  GITHUB_CLIENT_ID: text(),
  GITHUB_CLIENT_SECRET: secret(),
  // SPEC §17: one identity source per instance; GitHub's variables above stay as they were.
  AUTH_PROVIDER: oneOf(PROVIDER_KINDS, { gitea: 'forgejo', codeberg: 'forgejo', openid: 'oidc' }),
  AUTH_URL: httpUrl(),
  AUTH_API_URL: httpUrl(),
  AUTH_CLIENT_ID: text(),
  AUTH_CLIENT_SECRET: secret(),
  AUTH_REDIRECT: sitePath(),
  AUTH_DISPLAY_NAME: text(),
  OIDC_LOGIN_CLAIM: text(),
  OIDC_SCOPES: text(),
  KDF_CONCURRENCY: wholeNumber(1, 64),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { warning: 'warn' }),
  METRICS_TOKEN: secret(),
  METRICS_PORT: wholeNumber(1, 65535),
});

type Variables = z.output<typeof variables>;
export type VariableName = keyof Variables;

/** The names of every variable the configuration reads. */
export const VARIABLE_NAMES = Object.keys(variables.shape) as readonly VariableName[];

/**
 * The variables that name a database, a meta repository or a production secret: setting any
 * of them means a real installation, so APP_ENV defaults to production. Anything else (a
 * port, a name, a log level…) leaves the zero-configuration demo running.
 */
const INSTALLATION_VARIABLES: ReadonlySet<VariableName> = new Set<VariableName>([
  'APP_KEY',
  'DATABASE_URL',
  'DB_CONNECTION',
  'DB_HOST',
  'DB_PORT',
  'DB_DATABASE',
  'DB_USERNAME',
  'DB_PASSWORD',
  'DB_PATH',
  'DB_SSL_MODE',
  'DB_SSL_CA',
  'META_REPO',
  'META_PATH',
  'META_DEPLOYMENT',
  'META_SECRET',
  'GITHUB_CLIENT_ID',
  'GITHUB_CLIENT_SECRET',
  'AUTH_CLIENT_ID',
  'AUTH_CLIENT_SECRET',
]);

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

interface Refusal {
  readonly variable: VariableName;
  readonly message: string;
}

/**
 * Applies the defaults and the rules that involve several variables. `invalid` names the
 * variables that failed to parse: their values are zod's abort marker, so no rule depending on
 * them runs (one mistake, one message). Returns the configuration and what is wrong with it.
 */
function resolveConfig(vars: Variables, cwd: string, invalid: ReadonlySet<string>) {
  const refusals: Refusal[] = [];
  const refuse = (variable: VariableName, message: string) => refusals.push({ variable, message });
  const ok = (...names: VariableName[]) => names.every((name) => !invalid.has(name));

  // Zero configuration means the local demo; once a database, a meta repository or a secret
  // is configured, the safe choice.
  const configured = VARIABLE_NAMES.some((name) => INSTALLATION_VARIABLES.has(name) && vars[name] !== undefined);
  const environment = vars.APP_ENV ?? (configured ? 'production' : 'development');
  const development = environment === 'development';
  const debug = vars.APP_DEBUG ?? false;

  if (ok('APP_ENV') && !development) refusals.push(...productionRefusals(vars, ok));
  if (ok('AUTH_PROVIDER')) refusals.push(...authRefusals(vars));

  const database = { ...resolveDatabase(vars, cwd, ok('DATABASE_URL', 'DB_CONNECTION'), refuse), timeouts: databaseTimeouts(vars) };
  const port = vars.APP_PORT ?? 5000;
  const config = {
    environment,
    debug,
    /** The development login (type any user name) exists exactly in development. */
    devLogin: development,
    app: {
      name: vars.APP_NAME ?? 'Elekto',
      key: vars.APP_KEY ?? DEVELOPMENT_APP_KEY,
      url: vars.APP_URL ?? `http://localhost:${port}`,
      connect: vars.APP_CONNECT ?? 'http',
      minPasscodeLength: vars.MIN_PASSCODE_LENGTH ?? 6,
      /** Whose X-Forwarded-For decides the client address (rate limits); nobody's by default. */
      trustProxy: vars.TRUST_PROXY ?? false,
    },
    /**
     * Where to listen. APP_HOST applies in development or with APP_DEBUG, as in Elekto 0.6,
     * whose production uWSGI listened on every interface whatever APP_HOST said (and whose
     * example .env says `APP_HOST=localhost`, which would make a container unreachable).
     */
    listen: {
      host: development || debug ? (vars.APP_HOST ?? '127.0.0.1') : '0.0.0.0',
      port,
    },
    database,
    meta: {
      repo: vars.META_REPO,
      branch: vars.META_BRANCH ?? 'main',
      path: resolve(cwd, vars.META_PATH ?? (development ? 'data/meta' : 'meta')),
      deployment: vars.META_DEPLOYMENT ?? 'local',
      electionDir: vars.ELECTION_DIR ?? 'elections',
      secret: vars.META_SECRET,
      /** 0 means no periodic sync. */
      syncIntervalSeconds: vars.META_SYNC_INTERVAL ?? 0,
    },
    github: {
      url: vars.GITHUB_URL ?? 'https://github.com',
      apiUrl: vars.GITHUB_API_URL ?? 'https://api.github.com',
      redirectPath: vars.GITHUB_REDIRECT ?? '/oauth/github/callback',
      clientId: vars.GITHUB_CLIENT_ID,
      clientSecret: vars.GITHUB_CLIENT_SECRET,
    },
    auth: resolveAuth(vars),
    /** Key derivations run in this many child processes (so libuv's thread pool is not involved). */
    kdf: { concurrency: vars.KDF_CONCURRENCY ?? 2 },
    logLevel: vars.LOG_LEVEL ?? 'info',
    /** `/metrics`: on the application behind this bearer token, and/or on its own port. */
    metrics: { token: vars.METRICS_TOKEN, port: vars.METRICS_PORT },
  };
  return { config, refusals };
}

/** What production refuses to run without (docs/configuration.md explains each rule). */
function productionRefusals(vars: Variables, ok: (...names: VariableName[]) => boolean): Refusal[] {
  const refusals: Refusal[] = [];
  const refuse = (variable: VariableName, message: string) => refusals.push({ variable, message });
  const weakness = vars.APP_KEY === undefined ? 'is not set' : appKeyWeakness(vars.APP_KEY);
  if (weakness) {
    refuse('APP_KEY', `${weakness}: production needs a random secret of at least ${MIN_APP_KEY_LENGTH} characters; create one with 'elekto generate-key'`);
  }
  if (vars.META_SECRET === undefined) {
    refuse('META_SECRET', "is required in production: it authenticates the meta repository's webhook; set the same secret as in the webhook's settings on the forge (GitHub, GitLab or Forgejo)");
  }
  const provider = vars.AUTH_PROVIDER ?? 'github';
  const client = provider === 'github' ? (['GITHUB_CLIENT_ID', 'GITHUB_CLIENT_SECRET'] as const) : (['AUTH_CLIENT_ID', 'AUTH_CLIENT_SECRET'] as const);
  for (const name of client) {
    if (vars[name] === undefined) refuse(name, `is required in production with AUTH_PROVIDER=${provider}, the only way to log in: copy it from the OAuth application's settings on the provider`);
  }
  // Client secrets, codes and tokens travel there: plain http only to this machine.
  for (const name of ['AUTH_URL', 'AUTH_API_URL'] as const) {
    const url = vars[name];
    if (url?.startsWith('http:') && !LOOPBACK.test(new URL(url).hostname)) {
      refuse(name, 'must be https in production (plain http only to localhost): the client secret, login codes and tokens are sent there');
    }
  }
  if (ok('META_DEPLOYMENT') && vars.META_DEPLOYMENT !== 'sidecar' && vars.META_REPO === undefined) {
    refuse('META_REPO', 'is required in production: the clone URL (or local path) of the meta repository');
  }
  // Production may have been inferred (see resolveConfig): say so, or the refusals puzzle a demo user.
  if (vars.APP_ENV === undefined && refusals.length > 0) {
    refuse('APP_ENV', 'is not set, so the production rules apply (a database, a meta repository or a secret is configured): set APP_ENV=development for a local trial, or APP_ENV=production to confirm');
  }
  return refusals;
}

/** The identity source of SPEC §17; GitHub's own variables live in `config.github`. */
function resolveAuth(vars: Variables) {
  const provider = vars.AUTH_PROVIDER ?? 'github';
  return {
    provider,
    /** The name on the login button; the provider's own name by default. */
    displayName: vars.AUTH_DISPLAY_NAME,
    url: vars.AUTH_URL,
    apiUrl: vars.AUTH_API_URL,
    clientId: vars.AUTH_CLIENT_ID,
    clientSecret: vars.AUTH_CLIENT_SECRET,
    redirectPath: vars.AUTH_REDIRECT ?? `/oauth/${provider}/callback`,
    oidc: { loginClaim: vars.OIDC_LOGIN_CLAIM ?? 'preferred_username', scopes: vars.OIDC_SCOPES ?? 'openid profile' },
  };
}

/**
 * Mistakes in choosing the identity source, in any environment: variables of another provider
 * (forgetting AUTH_PROVIDER is the likely one), half a client, an OIDC provider without issuer.
 */
function authRefusals(vars: Variables): Refusal[] {
  const provider = vars.AUTH_PROVIDER ?? 'github';
  const refusals: Refusal[] = [];
  const refuse = (variable: VariableName, message: string) => refusals.push({ variable, message });
  const unused = (names: readonly VariableName[], why: string) => {
    for (const name of names) if (vars[name] !== undefined) refuse(name, why);
  };
  if (provider === 'github') {
    unused(['AUTH_URL', 'AUTH_API_URL', 'AUTH_CLIENT_ID', 'AUTH_CLIENT_SECRET', 'AUTH_REDIRECT'], 'is set but AUTH_PROVIDER is github (the default), which uses the GITHUB_* variables: set AUTH_PROVIDER=gitlab, forgejo or oidc, or remove it');
  } else {
    unused(['GITHUB_URL', 'GITHUB_API_URL', 'GITHUB_CLIENT_ID', 'GITHUB_CLIENT_SECRET', 'GITHUB_REDIRECT'], `is set but AUTH_PROVIDER is ${provider}, which uses the AUTH_* variables instead: remove it`);
    if ((vars.AUTH_CLIENT_ID === undefined) !== (vars.AUTH_CLIENT_SECRET === undefined)) {
      refuse(vars.AUTH_CLIENT_ID === undefined ? 'AUTH_CLIENT_ID' : 'AUTH_CLIENT_SECRET', 'is needed too: the OAuth client has an id and a secret');
    }
  }
  if (provider !== 'oidc') unused(['OIDC_LOGIN_CLAIM', 'OIDC_SCOPES'], `is set but AUTH_PROVIDER is ${provider}, not oidc: remove it`);
  if ((provider === 'oidc' || provider === 'forgejo') && vars.AUTH_URL === undefined && vars.AUTH_CLIENT_ID !== undefined) {
    refuse('AUTH_URL', provider === 'oidc' ? 'is required with AUTH_PROVIDER=oidc: the issuer URL (discovery is at AUTH_URL/.well-known/openid-configuration)' : 'is required with AUTH_PROVIDER=forgejo: the base URL of the instance, such as https://codeberg.org');
  }
  if (provider === 'oidc' && vars.AUTH_API_URL !== undefined) refuse('AUTH_API_URL', 'is not used with AUTH_PROVIDER=oidc: the endpoints come from the discovery document');
  return refusals;
}

/** The DB_*_TIMEOUT variables over the defaults (SPEC §16: every wait for the database is bounded). */
function databaseTimeouts(vars: Variables): DatabaseTimeouts {
  const defaults = DEFAULT_DATABASE_TIMEOUTS;
  return {
    connectMs: vars.DB_CONNECT_TIMEOUT ?? defaults.connectMs,
    acquireMs: vars.DB_ACQUIRE_TIMEOUT ?? defaults.acquireMs,
    statementMs: vars.DB_STATEMENT_TIMEOUT ?? defaults.statementMs,
    sqliteBusyMs: vars.DB_BUSY_TIMEOUT ?? defaults.sqliteBusyMs,
  };
}

/** DATABASE_URL when set, else the DB_* variables (SQLite at data/elekto.db by default). */
function resolveDatabase(
  vars: Variables,
  cwd: string,
  usable: boolean,
  refuse: (variable: VariableName, message: string) => void,
): DatabaseTarget {
  const inCwd = (path: string) => (path === ':memory:' ? path : resolve(cwd, path));
  const fromUrl = vars.DATABASE_URL;
  if (fromUrl?.dialect === 'sqlite') return { dialect: 'sqlite', path: inCwd(fromUrl.path) };
  if (fromUrl) return withTls(fromUrl, fromUrl.tls ?? variableTls(vars), inCwd);
  const dialect = vars.DB_CONNECTION ?? 'sqlite';
  if (dialect === 'sqlite') return { dialect, path: inCwd(vars.DB_PATH ?? 'data/elekto.db') };
  if (usable && vars.DB_DATABASE === undefined) {
    refuse('DB_DATABASE', `is required with DB_CONNECTION=${dialect}: the name of the database (or set DATABASE_URL instead)`);
  }
  const target = {
    dialect,
    host: vars.DB_HOST ?? 'localhost',
    port: vars.DB_PORT ?? DEFAULT_PORTS[dialect],
    database: vars.DB_DATABASE ?? '',
    user: vars.DB_USERNAME ?? DEFAULT_DB_USER,
    password: vars.DB_PASSWORD ?? '',
  };
  return withTls(target, variableTls(vars), inCwd);
}

/** TLS from DB_SSL_MODE and DB_SSL_CA (a CA alone means verify-full), for targets whose URL says nothing. */
function variableTls(vars: Variables): DatabaseTls | undefined {
  const mode = vars.DB_SSL_MODE ?? (vars.DB_SSL_CA === undefined ? 'disable' : 'verify-full');
  if (mode === 'disable') return undefined;
  return vars.DB_SSL_CA === undefined ? { mode } : { mode, ca: vars.DB_SSL_CA };
}

/** `target` with `tls`, its CA file resolved against the working directory. */
function withTls<T extends Exclude<DatabaseTarget, { dialect: 'sqlite' }>>(target: T, tls: DatabaseTls | undefined, inCwd: (path: string) => string): T {
  if (!tls) return target;
  return { ...target, tls: tls.ca === undefined ? tls : { ...tls, ca: inCwd(tls.ca) } };
}

/**
 * The whole configuration: `{ cwd, vars }` in (the directory relative paths are resolved
 * against, and the raw variables), a frozen {@link Config} out. Problems of single values and
 * cross-variable rules are all reported in one pass.
 */
export const configSchema = z
  .object({ cwd: z.string(), vars: variables })
  .superRefine(
    ({ cwd, vars }, ctx) => {
      const invalid = new Set(ctx.issues.map((issue) => String(issue.path?.[1])));
      for (const { variable, message } of resolveConfig(vars, cwd, invalid).refusals) {
        ctx.addIssue({ code: 'custom', message, path: ['vars', variable] });
      }
    },
    // Run even when single values failed, so that every problem is reported at once.
    { when: () => true },
  )
  // Only reached without problems; resolving again is cheap and keeps the schema one pipeline.
  .transform(({ cwd, vars }) => deepFreeze(resolveConfig(vars, cwd, new Set()).config));

/** Elekto's configuration, derived from {@link configSchema}: there is no separate interface. */
export type Config = z.output<typeof configSchema>;

type DeepReadonly<T> = T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

function deepFreeze<T>(value: T): DeepReadonly<T> {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value as DeepReadonly<T>;
}
