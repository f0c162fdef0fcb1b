import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDatabaseUrl } from '../../src/config/database-url.js';

test('PostgreSQL URLs in both spellings, with decoded credentials and default port', () => {
  assert.deepEqual(parseDatabaseUrl('postgresql://elekto:p%40ss%3Aw%2Frd@db.example.org:6543/elections'), {
    dialect: 'postgresql',
    host: 'db.example.org',
    port: 6543,
    database: 'elections',
    user: 'elekto',
    password: 'p@ss:w/rd',
  });
  assert.deepEqual(parseDatabaseUrl('postgres://u@localhost/db'), {
    dialect: 'postgresql',
    host: 'localhost',
    port: 5432,
    database: 'db',
    user: 'u',
    password: '',
  });
});

test('MySQL and MariaDB URLs, with a SQLAlchemy driver suffix ignored', () => {
  const expected = { dialect: 'mysql', host: '10.0.0.7', port: 3306, database: 'k8s', user: 'root', password: 'pw' };
  assert.deepEqual(parseDatabaseUrl('mysql://root:pw@10.0.0.7/k8s'), expected);
  assert.deepEqual(parseDatabaseUrl('mariadb://root:pw@10.0.0.7:3306/k8s'), expected);
  assert.deepEqual(parseDatabaseUrl('mysql+pymysql://root:pw@10.0.0.7/k8s'), expected);
  assert.deepEqual(parseDatabaseUrl('MYSQL://:pw@10.0.0.7/k8s'), expected);
});

test('an IPv6 host loses its brackets', () => {
  const target = parseDatabaseUrl('postgres://u:p@[::1]:5432/db');
  assert.equal('host' in target && target.host, '::1');
});

test('SQLite: absolute, relative and in-memory forms', () => {
  assert.deepEqual(parseDatabaseUrl('sqlite:///var/lib/elekto/elekto.db'), { dialect: 'sqlite', path: '/var/lib/elekto/elekto.db' });
  assert.deepEqual(parseDatabaseUrl('sqlite:////var/lib/elekto.db'), { dialect: 'sqlite', path: '/var/lib/elekto.db' });
  assert.deepEqual(parseDatabaseUrl('sqlite:data/elekto.db'), { dialect: 'sqlite', path: 'data/elekto.db' });
  assert.deepEqual(parseDatabaseUrl('sqlite:./my%20votes.db'), { dialect: 'sqlite', path: './my votes.db' });
  assert.deepEqual(parseDatabaseUrl('sqlite::memory:'), { dialect: 'sqlite', path: ':memory:' });
});

test('unusable URLs are refused with the reason', () => {
  const cases: [string, RegExp][] = [
    ['oracle://x/y', /must start with postgres:\/\//],
    ['db.example.org/elekto', /must start with/],
    ['postgres://u:p@/db', /not a valid URL; expected postgresql:\/\/user:password@host:5432\/database/],
    ['postgres://u:p@host', /must name a host and a database/],
    ['postgres://u:p@host/a/b', /must name a host and a database/],
    ['postgres://u:p@host:99999/db', /not a valid URL/],
    ['postgres://u:p@host/db?application_name=secret', /query parameter 'application_name', which Elekto does not read/],
    ['postgres://u:p@host/db?sslmode=prefer', /sslmode 'prefer'; use disable, require, verify-ca or verify-full/],
    ['postgres://u:%zz@host/db', /broken %-escape/],
    ['sqlite://host/file.db', /no host/],
    ['sqlite:', /must name a database file/],
    ['sqlite:x.db?mode=ro', /query parameters/],
  ];
  for (const [url, reason] of cases) {
    const target = parseDatabaseUrl(url);
    assert.ok('problem' in target, url);
    assert.match(target.problem, reason, url);
  }
});

test('TLS from the URL: libpq and MySQL spellings, on either database', () => {
  const tls = (url: string) => {
    const target = parseDatabaseUrl(url);
    assert.ok(!('problem' in target) && target.dialect !== 'sqlite', url);
    return target.tls;
  };
  assert.equal(tls('postgres://u@h/db'), undefined);
  assert.equal(tls('postgres://u@h/db?sslmode=disable'), undefined);
  assert.deepEqual(tls('postgres://u@h/db?sslmode=require'), { mode: 'require' });
  assert.deepEqual(tls('postgresql://u@h/db?sslmode=verify-full&sslrootcert=/etc/elekto/ca.pem'), { mode: 'verify-full', ca: '/etc/elekto/ca.pem' });
  assert.deepEqual(tls('mysql://u@h/db?ssl-mode=VERIFY_IDENTITY&ssl-ca=ca.pem'), { mode: 'verify-full', ca: 'ca.pem' });
  assert.deepEqual(tls('mysql://u@h/db?ssl-mode=REQUIRED'), { mode: 'require' });
  assert.deepEqual(tls('mysql://u@h/db?ssl-mode=verify_ca'), { mode: 'verify-ca' });
  // A CA alone asks for verification.
  assert.deepEqual(tls('postgres://u@h/db?sslrootcert=ca.pem'), { mode: 'verify-full', ca: 'ca.pem' });
});
