import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVELOPMENT_APP_KEY } from '../../src/config/app-key.js';
import { formatConfigProblem, type ConfigProblem } from '../../src/config/config-problem.js';
import { VARIABLE_NAMES } from '../../src/config/config-schema.js';
import { loadConfig } from '../../src/config/load-config.js';
import { DEFAULT_DATABASE_TIMEOUTS } from '../../src/storage/database-timeouts.js';

const cwd = '/srv/elekto';
const STRONG_KEY = 'Zb3x9Qp2Lm7Tr5Vw8Yk1Nc4Hd6Jf0Sg_-Ae';

/** The least a production instance needs. */
const production = {
  APP_ENV: 'production',
  APP_KEY: STRONG_KEY,
  META_REPO: 'https://github.com/example/elections.meta.git',
  META_SECRET: 'webhook-secret',
  GITHUB_CLIENT_ID: 'Iv1.0123456789abcdef',
  GITHUB_CLIENT_SECRET: 'client-secret-value',
};

function load(env: Record<string, string | undefined>) {
  return loadConfig(env, { cwd, envFile: false });
}

function config(env: Record<string, string | undefined>) {
  const loaded = load(env);
  if (!loaded.ok) assert.fail(loaded.error.map(formatConfigProblem).join('\n'));
  return loaded.value;
}

function problems(env: Record<string, string | undefined>): readonly ConfigProblem[] {
  const loaded = load(env);
  assert.equal(loaded.ok, false, 'expected configuration problems');
  return loaded.ok ? [] : loaded.error;
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'elekto-config-'));
}

test('with no configuration at all it runs the development demo on embedded defaults', () => {
  assert.deepEqual(config({}), {
    environment: 'development',
    debug: false,
    devLogin: true,
    app: {
      name: 'Elekto',
      key: DEVELOPMENT_APP_KEY,
      url: 'http://localhost:5000',
      connect: 'http',
      minPasscodeLength: 6,
      trustProxy: false,
    },
    listen: { host: '127.0.0.1', port: 5000 },
    database: { dialect: 'sqlite', path: '/srv/elekto/data/elekto.db', timeouts: DEFAULT_DATABASE_TIMEOUTS },
    meta: {
      repo: undefined,
      branch: 'main',
      path: '/srv/elekto/data/meta',
      deployment: 'local',
      electionDir: 'elections',
      secret: undefined,
      syncIntervalSeconds: 0,
    },
    github: {
      url: 'https://github.com',
      apiUrl: 'https://api.github.com',
      redirectPath: '/oauth/github/callback',
      clientId: undefined,
      clientSecret: undefined,
    },
    auth: {
      provider: 'github',
      displayName: undefined,
      url: undefined,
      apiUrl: undefined,
      clientId: undefined,
      clientSecret: undefined,
      redirectPath: '/oauth/github/callback',
      oidc: { loginClaim: 'preferred_username', scopes: 'openid profile' },
    },
    kdf: { concurrency: 2 },
    logLevel: 'info',
    metrics: { token: undefined, port: undefined },
  });
});

test('LOG_LEVEL picks the log level and, alone, still runs the demo; METRICS_* turn /metrics on', () => {
  const demo = config({ LOG_LEVEL: 'debug' });
  assert.equal(demo.environment, 'development');
  assert.equal(demo.logLevel, 'debug');
  assert.equal(config({ ...production, LOG_LEVEL: 'WARNING' }).logLevel, 'warn');
  assert.deepEqual(config({ ...production, METRICS_TOKEN: 'scrape-token', METRICS_PORT: '9464' }).metrics, { token: 'scrape-token', port: 9464 });
  const [problem] = problems({ ...production, LOG_LEVEL: 'verbose' });
  assert.equal(problem?.variable, 'LOG_LEVEL');
});

test('unrelated environment variables do not count as configuration', () => {
  assert.equal(config({ PATH: '/usr/bin', HOME: '/root', NODE_ENV: 'production' }).environment, 'development');
});

test('the configuration is deeply frozen', () => {
  const loaded = config({});
  assert.ok(Object.isFrozen(loaded));
  assert.ok(Object.isFrozen(loaded.app));
  assert.ok(Object.isFrozen(loaded.database));
  assert.throws(() => {
    (loaded.app as { port?: number }).port = 1;
  }, TypeError);
});

test('every variable is read, with its Elekto 0.6 meaning', () => {
  const loaded = config({
    ...production,
    APP_NAME: ' Kubernetes Elections ',
    APP_DEBUG: 'True',
    APP_URL: 'https://elections.example.org/',
    APP_HOST: '10.0.0.5',
    APP_PORT: '8080',
    APP_CONNECT: 'socket',
    TRUST_PROXY: '2',
    MIN_PASSCODE_LENGTH: '10',
    DB_CONNECTION: 'postgresql',
    DB_HOST: 'db.internal',
    DB_PORT: '6432',
    DB_DATABASE: 'elekto',
    DB_USERNAME: 'elekto_app',
    DB_PASSWORD: ' p@ss word ',
    DB_PATH: 'ignored-for-postgresql.db',
    DB_CONNECT_TIMEOUT: '2000',
    DB_ACQUIRE_TIMEOUT: '3000',
    DB_STATEMENT_TIMEOUT: '30000',
    DB_BUSY_TIMEOUT: '50',
    META_BRANCH: 'release',
    META_PATH: '/var/lib/elekto/meta',
    META_DEPLOYMENT: 'sidecar',
    ELECTION_DIR: 'steering/elections/',
    META_SYNC_INTERVAL: '300',
    GITHUB_URL: 'https://ghe.example.org',
    GITHUB_API_URL: 'https://ghe.example.org/api/v3',
    GITHUB_REDIRECT: '/oauth/github/callback2',
    KDF_CONCURRENCY: '3',
    LOG_LEVEL: 'debug',
    METRICS_TOKEN: 'scrape-token',
    METRICS_PORT: '9464',
  });
  assert.deepEqual(loaded, {
    environment: 'production',
    debug: true,
    devLogin: false,
    app: {
      name: 'Kubernetes Elections',
      key: STRONG_KEY,
      url: 'https://elections.example.org',
      connect: 'socket',
      minPasscodeLength: 10,
      trustProxy: 2,
    },
    listen: { host: '10.0.0.5', port: 8080 },
    database: {
      dialect: 'postgresql',
      host: 'db.internal',
      port: 6432,
      database: 'elekto',
      user: 'elekto_app',
      password: ' p@ss word ',
      timeouts: { connectMs: 2000, acquireMs: 3000, statementMs: 30000, sqliteBusyMs: 50 },
    },
    meta: {
      repo: 'https://github.com/example/elections.meta.git',
      branch: 'release',
      path: '/var/lib/elekto/meta',
      deployment: 'sidecar',
      electionDir: 'steering/elections',
      secret: 'webhook-secret',
      syncIntervalSeconds: 300,
    },
    github: {
      url: 'https://ghe.example.org',
      apiUrl: 'https://ghe.example.org/api/v3',
      redirectPath: '/oauth/github/callback2',
      clientId: 'Iv1.0123456789abcdef',
      clientSecret: 'client-secret-value',
    },
    auth: {
      provider: 'github',
      displayName: undefined,
      url: undefined,
      apiUrl: undefined,
      clientId: undefined,
      clientSecret: undefined,
      redirectPath: '/oauth/github/callback',
      oidc: { loginClaim: 'preferred_username', scopes: 'openid profile' },
    },
    kdf: { concurrency: 3 },
    logLevel: 'debug',
    metrics: { token: 'scrape-token', port: 9464 },
  });
});

test('once a database, a meta repository or a secret is configured, APP_ENV defaults to production', () => {
  for (const named of [{ DATABASE_URL: 'postgres://db/elekto' }, { DB_PATH: 'elekto.db' }, { META_REPO: '/srv/meta' }, { APP_KEY: 'k' }, { GITHUB_CLIENT_SECRET: 's' }]) {
    const found = problems(named);
    assert.ok(found.some((p) => p.variable === 'META_SECRET'), JSON.stringify(named));
    // …and says so, since it is why the other problems appear.
    assert.match(found.find((p) => p.variable === 'APP_ENV')?.message ?? '', /APP_ENV is not set, so the production rules apply.*APP_ENV=development/);
  }
  assert.equal(config({ ...production, APP_ENV: undefined }).environment, 'production');
});

test('settings that name no database, meta repository or secret keep the zero-configuration demo', () => {
  const harmless = { APP_PORT: '8080', APP_NAME: 'Trial', APP_HOST: '0.0.0.0', KDF_CONCURRENCY: '1', MIN_PASSCODE_LENGTH: '8', META_SYNC_INTERVAL: '60' };
  const loaded = config(harmless);
  assert.equal(loaded.environment, 'development');
  assert.equal(loaded.listen.port, 8080);
  assert.equal(loaded.meta.repo, undefined);
});

test('booleans accept every spelling Elekto 0.6 did', () => {
  const debug = (value: string) => config({ APP_ENV: 'development', APP_DEBUG: value }).debug;
  for (const yes of ['True', 'true', 'TRUE', 't', 'yes', 'Y', 'on', '1', ' true ']) assert.equal(debug(yes), true, yes);
  for (const no of ['False', 'false', 'f', 'no', 'N', 'off', '0']) assert.equal(debug(no), false, no);
});

test('DB_CONNECTION accepts the dialect names and common aliases in any case', () => {
  const dialect = (value: string) => config({ APP_ENV: 'development', DB_CONNECTION: value, DB_DATABASE: 'e' }).database.dialect;
  assert.equal(dialect('mysql'), 'mysql');
  assert.equal(dialect('MySQL'), 'mysql');
  assert.equal(dialect('mariadb'), 'mysql');
  assert.equal(dialect('postgresql'), 'postgresql');
  assert.equal(dialect('postgres'), 'postgresql');
  assert.equal(dialect('sqlite'), 'sqlite');
});

test('DB_* defaults follow Elekto 0.6, with the right port for each database', () => {
  const env = { APP_ENV: 'development', DB_DATABASE: 'k8s' };
  assert.deepEqual(config({ ...env, DB_CONNECTION: 'mysql' }).database, {
    dialect: 'mysql',
    host: 'localhost',
    port: 3306,
    database: 'k8s',
    user: 'root',
    password: '',
    timeouts: DEFAULT_DATABASE_TIMEOUTS,
  });
  const postgres = config({ ...env, DB_CONNECTION: 'postgresql' }).database;
  assert.equal(postgres.dialect !== 'sqlite' && postgres.port, 5432);
  assert.deepEqual(config({ APP_ENV: 'development', DB_PATH: 'votes.db' }).database, { dialect: 'sqlite', path: '/srv/elekto/votes.db', timeouts: DEFAULT_DATABASE_TIMEOUTS });
  assert.deepEqual(config({ APP_ENV: 'development', DB_PATH: '/abs/votes.db' }).database, { dialect: 'sqlite', path: '/abs/votes.db', timeouts: DEFAULT_DATABASE_TIMEOUTS });
});

test('DATABASE_URL overrides every DB_* variable', () => {
  const loaded = config({
    APP_ENV: 'development',
    DB_CONNECTION: 'mysql',
    DB_HOST: 'old',
    DB_DATABASE: 'old',
    DATABASE_URL: 'postgres://elekto:s%40cret%2F1@db.example.org:5433/elections',
  });
  assert.deepEqual(loaded.database, {
    dialect: 'postgresql',
    host: 'db.example.org',
    port: 5433,
    database: 'elections',
    user: 'elekto',
    password: 's@cret/1',
    timeouts: DEFAULT_DATABASE_TIMEOUTS,
  });
  assert.deepEqual(config({ APP_ENV: 'development', DATABASE_URL: 'sqlite:data/x.db' }).database, {
    dialect: 'sqlite',
    path: '/srv/elekto/data/x.db',
    timeouts: DEFAULT_DATABASE_TIMEOUTS,
  });
});

test('in production, the development login is off and META_PATH keeps Elekto 0.6 default', () => {
  const loaded = config(production);
  assert.equal(loaded.devLogin, false);
  assert.equal(loaded.meta.path, '/srv/elekto/meta');
  assert.equal(loaded.listen.host, '0.0.0.0');
});

test('APP_HOST is where to listen in development or debug mode, as in Elekto 0.6', () => {
  assert.equal(config({ APP_ENV: 'development', APP_HOST: '0.0.0.0' }).listen.host, '0.0.0.0');
  assert.equal(config({ ...production, APP_HOST: 'localhost' }).listen.host, '0.0.0.0');
  assert.equal(config({ ...production, APP_HOST: 'localhost', APP_DEBUG: 'true' }).listen.host, 'localhost');
});

test('production refuses to start without a strong APP_KEY, a META_SECRET and GitHub login', () => {
  const found = problems({ APP_ENV: 'production' });
  assert.deepEqual(
    found.map((p) => p.variable),
    ['APP_KEY', 'META_REPO', 'META_SECRET', 'GITHUB_CLIENT_ID', 'GITHUB_CLIENT_SECRET'],
  );
  assert.match(found[0]?.message ?? '', /^APP_KEY is not set: .*elekto generate-key/);
});

test('production refuses weak and placeholder APP_KEYs and says why', () => {
  const reason = (key: string) => problems({ ...production, APP_KEY: key }).map((p) => p.message);
  assert.match(reason('test')[0] ?? '', /APP_KEY is a well-known placeholder/);
  assert.match(reason(DEVELOPMENT_APP_KEY)[0] ?? '', /placeholder/);
  assert.match(reason('abc123')[0] ?? '', /APP_KEY is only 6 characters long: production needs .* at least 32/);
  assert.match(reason('ab'.repeat(20))[0] ?? '', /too few different characters/);
  // Elekto 0.6's own generator: 32 random bytes as hexadecimal.
  assert.equal(config({ ...production, APP_KEY: 'f3a1c9e07b5d4a2f8e6c0b9d7a5f3e1c2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a' }).app.key.length, 64);
});

test('development accepts any APP_KEY and no META_SECRET', () => {
  assert.equal(config({ APP_ENV: 'development', APP_KEY: 'test' }).app.key, 'test');
});

test('META_REPO is not required when a sidecar manages the clone', () => {
  assert.equal(config({ ...production, META_REPO: undefined, META_DEPLOYMENT: 'sidecar' }).meta.repo, undefined);
});

test('each invalid value gets its own message naming the variable, the value and what is expected', () => {
  const cases: [string, string, RegExp][] = [
    ['APP_ENV', 'staging', /^APP_ENV must be one of production, development, got 'staging'$/],
    ['APP_DEBUG', 'maybe', /^APP_DEBUG must be true or false .*got 'maybe'$/],
    ['APP_URL', 'elections.example.org', /^APP_URL must be an http:\/\/ or https:\/\/ URL .*got 'elections.example.org'$/],
    ['APP_PORT', '70000', /^APP_PORT must be a whole number from 1 to 65535, got '70000'$/],
    ['APP_CONNECT', 'uwsgi', /^APP_CONNECT must be one of http, socket, got 'uwsgi'$/],
    ['MIN_PASSCODE_LENGTH', 'six', /^MIN_PASSCODE_LENGTH must be a whole number from 1 to 1024, got 'six'$/],
    ['DB_CONNECTION', 'oracle', /^DB_CONNECTION must be one of sqlite, postgresql, mysql, got 'oracle'$/],
    ['DB_PORT', '-1', /^DB_PORT must be a whole number/],
    ['DATABASE_URL', 'oracle://x', /^DATABASE_URL must start with postgres:\/\/, .*not shown/],
    ['META_DEPLOYMENT', 'remote', /^META_DEPLOYMENT must be one of local, sidecar, got 'remote'$/],
    ['ELECTION_DIR', '../elections', /^ELECTION_DIR must be a directory inside the meta repository.*got '..\/elections'$/],
    ['META_SYNC_INTERVAL', '5m', /^META_SYNC_INTERVAL must be a whole number of seconds from 0 to 604800, got '5m'$/],
    ['GITHUB_URL', 'ftp://github.com', /^GITHUB_URL must be an http/],
    ['GITHUB_API_URL', 'not a url', /^GITHUB_API_URL must be an http/],
    ['GITHUB_REDIRECT', 'https://elections.example.org/cb', /^GITHUB_REDIRECT must be a path starting with '\/'/],
    ['KDF_CONCURRENCY', '0', /^KDF_CONCURRENCY must be a whole number from 1 to 64, got '0'$/],
  ];
  for (const [variable, value, expected] of cases) {
    const found = problems({ APP_ENV: 'development', [variable]: value });
    assert.equal(found.length, 1, `${variable}: ${found.map((p) => p.message).join(' | ')}`);
    assert.equal(found[0]?.variable, variable);
    assert.match(found[0]?.message ?? '', expected);
  }
});

test('a server database without DB_DATABASE is refused', () => {
  const found = problems({ APP_ENV: 'development', DB_CONNECTION: 'mysql' });
  assert.deepEqual(found.map((p) => p.variable), ['DB_DATABASE']);
  assert.match(found[0]?.message ?? '', /DB_DATABASE is required with DB_CONNECTION=mysql/);
});

test('KDF_CONCURRENCY is not tied to UV_THREADPOOL_SIZE: derivations run in child processes', () => {
  assert.equal(config({ APP_ENV: 'development', KDF_CONCURRENCY: '4' }).kdf.concurrency, 4);
});

test('several problems are reported together, in variable order', () => {
  const found = problems({ APP_ENV: 'production', APP_PORT: 'http', DB_CONNECTION: 'sqlite3x', APP_KEY: 'short', KDF_CONCURRENCY: '99' });
  assert.deepEqual(
    found.map((p) => p.variable),
    ['APP_KEY', 'APP_PORT', 'DB_CONNECTION', 'META_REPO', 'META_SECRET', 'GITHUB_CLIENT_ID', 'GITHUB_CLIENT_SECRET', 'KDF_CONCURRENCY'],
  );
});

test('an invalid APP_ENV does not add production refusals on top of its own message', () => {
  assert.deepEqual(problems({ APP_ENV: 'prodution' }).map((p) => p.variable), ['APP_ENV']);
});

test('secret values never appear in messages', () => {
  const secret = 'hunter2hunter2';
  const found = problems({
    APP_ENV: 'production',
    APP_KEY: secret,
    DATABASE_URL: `postgres://user:${secret}@db/elekto?sslmode=require`,
  });
  assert.ok(found.length > 0);
  assert.ok(!JSON.stringify(found).includes(secret));
});

test('an empty value counts as unset, as in Elekto 0.6', () => {
  const loaded = config({ APP_ENV: 'development', APP_KEY: '', MIN_PASSCODE_LENGTH: '', APP_PORT: '  ' });
  assert.equal(loaded.app.key, DEVELOPMENT_APP_KEY);
  assert.equal(loaded.app.minPasscodeLength, 6);
  assert.equal(loaded.listen.port, 5000);
});

test('the .env file in cwd is read, and the real environment wins over it', () => {
  const dir = tempDir();
  writeFileSync(join(dir, '.env'), 'APP_ENV=development\nAPP_NAME=From file\nAPP_PORT=7000\nAPP_URL=\n');
  const loaded = loadConfig({ APP_PORT: '9000', APP_URL: 'https://from.env.example' }, { cwd: dir });
  assert.ok(loaded.ok);
  assert.equal(loaded.value.app.name, 'From file');
  assert.equal(loaded.value.listen.port, 9000);
  assert.equal(loaded.value.app.url, 'https://from.env.example');
});

test('an empty real variable does not hide the value in .env', () => {
  const dir = tempDir();
  writeFileSync(join(dir, '.env'), 'APP_ENV=development\nAPP_PORT=7000\n');
  const loaded = loadConfig({ APP_PORT: '' }, { cwd: dir });
  assert.equal(loaded.ok && loaded.value.listen.port, 7000);
});

test('a bad value from .env is located at its file and line', () => {
  const dir = tempDir();
  writeFileSync(join(dir, '.env'), '# Elekto\nAPP_ENV=development\n\nAPP_PORT=http\n');
  const loaded = loadConfig({}, { cwd: dir });
  assert.ok(!loaded.ok);
  assert.deepEqual(loaded.error, [
    { variable: 'APP_PORT', file: join(dir, '.env'), line: 4, message: "APP_PORT must be a whole number from 1 to 65535, got 'http'" },
  ]);
  assert.equal(formatConfigProblem(loaded.error[0]!), `${join(dir, '.env')}:4: APP_PORT must be a whole number from 1 to 65535, got 'http'`);
});

test('a malformed .env is reported by line and nothing else is checked', () => {
  const dir = tempDir();
  writeFileSync(join(dir, '.env'), 'APP_ENV=development\nthis is not a setting\nAPP_PORT=abc\n');
  const loaded = loadConfig({}, { cwd: dir });
  assert.ok(!loaded.ok);
  assert.deepEqual(loaded.error.map((p) => p.line), [2]);
});

test('a named settings file must exist; the default .env is optional', () => {
  const dir = tempDir();
  assert.ok(loadConfig({}, { cwd: dir }).ok);
  const loaded = loadConfig({}, { cwd: dir, envFile: 'production.env' });
  assert.ok(!loaded.ok);
  assert.match(loaded.error[0]?.message ?? '', /production\.env: it does not exist/);
  writeFileSync(join(dir, 'production.env'), 'APP_ENV=development\nAPP_NAME=Named\n');
  const named = loadConfig({}, { cwd: dir, envFile: 'production.env' });
  assert.equal(named.ok && named.value.app.name, 'Named');
});

test('TRUST_PROXY is a number of proxies or a list of addresses, CIDR ranges and range names; 0 trusts none', () => {
  const trust = (value: string) => config({ TRUST_PROXY: value, APP_ENV: 'development' }).app.trustProxy;
  assert.equal(trust('0'), false);
  assert.equal(trust(' 1 '), 1);
  assert.deepEqual(trust('10.0.0.0/8, 192.168.1.7,::1,fd00::/8, loopback'), ['10.0.0.0/8', '192.168.1.7', '::1', 'fd00::/8', 'loopback']);
  for (const bad of ['yes', '10.0.0.0/33', '300.1.1.1', '10.0.0.1,', 'proxy.internal', '-1']) {
    const [problem] = problems({ TRUST_PROXY: bad, APP_ENV: 'development' });
    assert.equal(problem?.variable, 'TRUST_PROXY', bad);
    assert.match(problem?.message ?? '', /number of proxies .* addresses and CIDR ranges/, bad);
  }
});

test('the variable list is exactly the one of SPEC §10 and §17 plus TRUST_PROXY, §15\'s operations and §16\'s database timeouts', () => {
  assert.deepEqual([...VARIABLE_NAMES].sort(), [
    'APP_CONNECT', 'APP_DEBUG', 'APP_ENV', 'APP_HOST', 'APP_KEY', 'APP_NAME', 'APP_PORT', 'APP_URL',
    'AUTH_API_URL', 'AUTH_CLIENT_ID', 'AUTH_CLIENT_SECRET', 'AUTH_DISPLAY_NAME', 'AUTH_PROVIDER', 'AUTH_REDIRECT', 'AUTH_URL',
    'DATABASE_URL', 'DB_ACQUIRE_TIMEOUT', 'DB_BUSY_TIMEOUT', 'DB_CONNECTION', 'DB_CONNECT_TIMEOUT', 'DB_DATABASE', 'DB_HOST',
    'DB_PASSWORD', 'DB_PATH', 'DB_PORT', 'DB_SSL_CA', 'DB_SSL_MODE', 'DB_STATEMENT_TIMEOUT', 'DB_USERNAME',
    'ELECTION_DIR', 'GITHUB_API_URL', 'GITHUB_CLIENT_ID', 'GITHUB_CLIENT_SECRET', 'GITHUB_REDIRECT', 'GITHUB_URL',
    'KDF_CONCURRENCY', 'LOG_LEVEL', 'META_BRANCH', 'META_DEPLOYMENT', 'META_PATH', 'META_REPO', 'META_SECRET', 'META_SYNC_INTERVAL',
    'METRICS_PORT', 'METRICS_TOKEN', 'MIN_PASSCODE_LENGTH', 'OIDC_LOGIN_CLAIM', 'OIDC_SCOPES', 'TRUST_PROXY',
  ]);
});

test('TLS to the database: DB_SSL_MODE and DB_SSL_CA, relative paths from the working directory; the URL wins', () => {
  const tlsOf = (env: Record<string, string>) => {
    const { database } = config({ APP_ENV: 'development', ...env });
    assert.ok(database.dialect !== 'sqlite');
    return database.tls;
  };
  assert.deepEqual(tlsOf({ DB_CONNECTION: 'postgresql', DB_DATABASE: 'e', DB_SSL_MODE: 'verify-ca', DB_SSL_CA: 'certs/ca.pem' }), { mode: 'verify-ca', ca: join(cwd, 'certs/ca.pem') });
  assert.deepEqual(tlsOf({ DATABASE_URL: 'mysql://u@h/e', DB_SSL_MODE: 'required' }), { mode: 'require' });
  assert.deepEqual(tlsOf({ DATABASE_URL: 'mysql://u@h/e', DB_SSL_CA: '/ca.pem' }), { mode: 'verify-full', ca: '/ca.pem' });
  assert.deepEqual(tlsOf({ DATABASE_URL: 'postgres://u@h/e?sslmode=require', DB_SSL_MODE: 'verify-full' }), { mode: 'require' });
  assert.equal(tlsOf({ DATABASE_URL: 'postgres://u@h/e' }), undefined);
  assert.match(problems({ APP_ENV: 'development', DB_SSL_MODE: 'prefer' })[0]?.message ?? '', /^DB_SSL_MODE must be one of disable, require, verify-ca, verify-full, got 'prefer'$/);
});
