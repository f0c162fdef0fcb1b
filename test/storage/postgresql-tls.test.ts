// SPEC §15 "Databases in production": TLS to PostgreSQL, against a private cluster that accepts
// TLS connections only (see private-tls-server.ts).
// Connections are made as `elekto migrate` and the server make them: from a DATABASE_URL.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { CliIo } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { freePort } from '../support/free-port.js';
import { firstRow, runAs, selfSignedCertificate } from './private-tls-server.js';

const PG_BIN = '/usr/lib/postgresql/15/bin';

/** initdb and pg_ctl refuse to run as root: run them as the `postgres` user. */
const asPostgres = (command: string, ...args: string[]) => runAs('postgres', join(PG_BIN, command), args);

describe('TLS to a private PostgreSQL cluster', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'elekto-pg-tls-'));
  const data = join(dir, 'data');
  const ca = join(dir, 'server.crt'); // self-signed: the certificate is its own authority
  let port = 0;
  const url = (host: string, query: string) => `postgresql://postgres@${host}:${port}/postgres${query}`;

  before(async () => {
    const { key, cert } = selfSignedCertificate(dir, 'postgres');
    asPostgres('initdb', '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync');
    // Only TLS connections are accepted over TCP.
    writeFileSync(join(data, 'pg_hba.conf'), [
      'local all all trust',
      'hostssl all all 127.0.0.1/32 trust',
      'hostssl all all ::1/128 trust',
      'hostnossl all all 0.0.0.0/0 reject',
      'hostnossl all all ::/0 reject',
      '',
    ].join('\n'));
    port = await freePort();
    const options = `-p ${port} -k ${dir} -c listen_addresses=localhost -c ssl=on -c ssl_cert_file=${cert} -c ssl_key_file=${key} -c fsync=off`;
    asPostgres('pg_ctl', '-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start');
  });

  after(() => {
    try {
      asPostgres('pg_ctl', '-D', data, '-m', 'immediate', 'stop');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** Whether a query through Elekto's own connection pool runs over TLS; throws the driver's error. */
  const encrypted = async (databaseUrl: string) =>
    (await firstRow(databaseUrl, sql<{ ssl: boolean }>`SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()`))?.ssl === true;

  it('elekto migrate connects with sslmode=verify-full and the CA from sslrootcert', async () => {
    const out: string[] = [];
    const io: CliIo = { stdout: (t) => void out.push(t), stderr: (t) => void out.push(t), env: { APP_ENV: 'development', DATABASE_URL: url('localhost', `?sslmode=verify-full&sslrootcert=${ca}`) }, cwd: dir };
    assert.equal(await main(['migrate'], io), 0, out.join(''));
    assert.match(out.join(''), /Migrated the PostgreSQL database 'postgres' on localhost:\d+ \(user postgres, TLS verify-full\)/);
  });

  it('every mode encrypts', async () => {
    assert.equal(await encrypted(url('localhost', `?sslmode=verify-full&sslrootcert=${ca}`)), true);
    assert.equal(await encrypted(url('127.0.0.1', `?sslmode=verify-ca&sslrootcert=${ca}`)), true);
    assert.equal(await encrypted(url('127.0.0.1', '?sslmode=require')), true);
  });

  it('refuses a certificate for another host name with verify-full', async () => {
    await assert.rejects(encrypted(url('127.0.0.1', `?sslmode=verify-full&sslrootcert=${ca}`)), /Hostname\/IP does not match|IP: 127\.0\.0\.1 is not in the cert's list/);
  });

  it('refuses a certificate no trusted authority signed', async () => {
    await assert.rejects(encrypted(url('localhost', '?sslmode=verify-full')), /self[- ]signed certificate/);
  });

  it('without TLS the server refuses the connection', async () => {
    await assert.rejects(encrypted(url('127.0.0.1', '')), /no encryption|pg_hba\.conf rejects/);
  });
});
