// What each TLS mode asks of node-postgres and mysql2 (the PostgreSQL modes are also
// exercised against a real server in database-tls.test.ts).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkServerIdentity } from 'node:tls';
import { test } from 'node:test';
import { mysqlSsl, pgSsl } from '../../src/storage/database-tls.js';

test('no TLS unless asked', () => {
  assert.equal(pgSsl(undefined), undefined);
  assert.equal(mysqlSsl(undefined, 'db'), undefined);
});

test('require encrypts without checking, unless a CA is given (as libpq does)', () => {
  assert.deepEqual(mysqlSsl({ mode: 'require' }, 'db'), { ca: undefined, rejectUnauthorized: false, verifyIdentity: false });
  const dir = mkdtempSync(join(tmpdir(), 'elekto-ca-'));
  try {
    writeFileSync(join(dir, 'ca.pem'), 'PEM');
    assert.deepEqual(mysqlSsl({ mode: 'require', ca: join(dir, 'ca.pem') }, 'db'), { ca: Buffer.from('PEM'), rejectUnauthorized: true, verifyIdentity: false });
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('verify-ca checks the chain, verify-full also the host name', () => {
  assert.deepEqual(mysqlSsl({ mode: 'verify-ca' }, '10.0.0.1'), { ca: undefined, rejectUnauthorized: true, verifyIdentity: false });
  assert.deepEqual(mysqlSsl({ mode: 'verify-full' }, 'db.example.org'), { ca: undefined, rejectUnauthorized: true, verifyIdentity: true });
  // mysql2 would check an address against "localhost": refused rather than half-checked.
  assert.throws(() => mysqlSsl({ mode: 'verify-full' }, '10.0.0.1'), /verify-full to MySQL needs the server's host name/);
  assert.equal(pgSsl({ mode: 'verify-full' })?.checkServerIdentity, checkServerIdentity);
  assert.notEqual(pgSsl({ mode: 'verify-ca' })?.checkServerIdentity, checkServerIdentity);
});

test('a missing CA file is named', () => {
  assert.throws(() => pgSsl({ mode: 'verify-full', ca: '/nonexistent/ca.pem' }), /cannot read the database's CA certificate file \/nonexistent\/ca\.pem/);
});
