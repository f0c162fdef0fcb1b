// SPEC §15 "Databases in production": TLS to MySQL/MariaDB, against a private MariaDB server
// with --require-secure-transport (see private-tls-server.ts). Connections are made from a
// DATABASE_URL with MySQL's parameter names, as an operator writes them.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { CliIo } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { freePort } from '../support/free-port.js';
import { firstRow, runAs, selfSignedCertificate } from './private-tls-server.js';

describe('TLS to a private MariaDB server', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'elekto-mysql-tls-'));
  const socket = join(dir, 'mysqld.sock');
  const ca = join(dir, 'server.crt');
  let port = 0;
  let server: ChildProcess | undefined;
  const url = (host: string, query: string) => `mysql://elekto:elekto-pw@${host}:${port}/elekto${query}`;
  const admin = (statement: string) => runAs('mysql', 'mariadb', ['--no-defaults', `--socket=${socket}`, '-u', 'root', '-e', statement]);

  before(async () => {
    const { key, cert } = selfSignedCertificate(dir, 'mysql');
    runAs('mysql', 'mariadb-install-db', ['--no-defaults', `--datadir=${join(dir, 'data')}`, '--auth-root-authentication-method=normal', '--skip-test-db']);
    port = await freePort();
    server = spawn('runuser', ['-u', 'mysql', '--', '/usr/sbin/mariadbd', '--no-defaults', `--datadir=${join(dir, 'data')}`, `--socket=${socket}`,
      `--port=${port}`, '--bind-address=127.0.0.1', `--ssl-cert=${cert}`, `--ssl-key=${key}`, `--ssl-ca=${cert}`, '--require-secure-transport=ON',
      `--pid-file=${join(dir, 'mysqld.pid')}`, '--skip-log-bin', '--innodb-buffer-pool-size=16M', `--log-error=${join(dir, 'error.log')}`], { stdio: 'ignore' });
    for (let attempt = 0; ; attempt++) {
      try {
        admin('SELECT 1');
        break;
      } catch (error) {
        if (attempt > 100) throw error;
        await sleep(100);
      }
    }
    admin("DROP USER IF EXISTS ''@'localhost'; CREATE USER 'elekto'@'%' IDENTIFIED BY 'elekto-pw'; CREATE DATABASE elekto CHARACTER SET utf8mb4; GRANT ALL ON elekto.* TO 'elekto'@'%';");
  });

  after(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      runAs('mysql', 'mariadb-admin', ['--no-defaults', `--socket=${socket}`, '-u', 'root', 'shutdown']);
      await exited;
    }
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
