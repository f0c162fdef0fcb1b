// SPEC §15 "Databases in production": TLS to MySQL/MariaDB, against a private MariaDB server
// (test/support/private-mariadb.ts) with a self-signed certificate (private-tls-server.ts) and
// --require-secure-transport. Connections are made from a DATABASE_URL with MySQL's parameter
// names, as an operator writes them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { CliIo } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { startPrivateMariadb } from '../support/private-mariadb.js';
import type { PrivateServer } from '../support/private-server.js';
import { firstRow, selfSignedCertificate } from './private-tls-server.js';

describe('TLS to a private MariaDB server', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'elekto-mysql-tls-'));
  const ca = join(dir, 'server.crt');
  let server: PrivateServer;
  const url = (host: string, query: string) => {
    const { user, password, port, database } = server.target;
    return `mysql://${user}:${password}@${host}:${port}/${database}${query}`;
  };

  before(async () => {
    const { key, cert } = selfSignedCertificate(dir, 'mysql');
    server = await startPrivateMariadb({ serverArgs: [`--ssl-cert=${cert}`, `--ssl-key=${key}`, `--ssl-ca=${cert}`, '--require-secure-transport=ON'] });
  });

  after(async () => {
    await server?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The TLS cipher of a query through Elekto's own pool ('' without TLS); throws the driver's error. */
  const cipher = async (databaseUrl: string) => (await firstRow(databaseUrl, sql<{ Value: string }>`SHOW SESSION STATUS LIKE 'Ssl_cipher'`))?.Value ?? '';

  it('elekto migrate connects with ssl-mode=VERIFY_IDENTITY and the CA from ssl-ca', async () => {
    const out: string[] = [];
    const io: CliIo = { stdout: (t) => void out.push(t), stderr: (t) => void out.push(t), env: { APP_ENV: 'development', DATABASE_URL: url('localhost', `?ssl-mode=VERIFY_IDENTITY&ssl-ca=${ca}`) }, cwd: dir };
    assert.equal(await main(['migrate'], io), 0, out.join(''));
    assert.match(out.join(''), /Migrated the MySQL database 'elekto' on localhost:\d+ \(user elekto, TLS verify-full\)/);
  });

  it('every mode encrypts', async () => {
    assert.notEqual(await cipher(url('localhost', `?ssl-mode=VERIFY_IDENTITY&ssl-ca=${ca}`)), '');
    assert.notEqual(await cipher(url('127.0.0.1', `?ssl-mode=VERIFY_CA&ssl-ca=${ca}`)), '');
    assert.notEqual(await cipher(url('127.0.0.1', '?ssl-mode=REQUIRED')), '');
  });

  it('refuses a certificate no trusted authority signed', async () => {
    await assert.rejects(cipher(url('localhost', '?ssl-mode=VERIFY_IDENTITY')), /self[- ]signed certificate/);
  });

  it('refuses verify-full to an address, which mysql2 cannot check', async () => {
    await assert.rejects(cipher(url('127.0.0.1', `?ssl-mode=VERIFY_IDENTITY&ssl-ca=${ca}`)), /needs the server's host name/);
  });

  it('without TLS the server refuses the connection (the same credentials work over TLS above)', async () => {
    // MariaDB 10.11 answers an insecure login with "Access denied" rather than naming the transport.
    await assert.rejects(cipher(url('127.0.0.1', '')), /insecure transport are prohibited|Access denied/);
  });
});
