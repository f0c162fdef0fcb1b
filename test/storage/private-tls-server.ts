// What the TLS tests need around their private database servers (PostgreSQL started here,
// MariaDB by test/support/private-mariadb.ts): a self-signed certificate for `localhost`, the
// server's own user for its programs (the servers refuse root), and a query through Elekto's
// pool. The machine's shared servers are never touched.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RawBuilder } from 'kysely';
import { parseDatabaseUrl } from '../../src/config/database-url.js';
import { openDatabase } from '../../src/storage/open-database.js';

const asRoot = () => process.getuid?.() === 0;

/** Runs `program` as `user` when this process is root (as CI is), else as itself. */
export function runAs(user: string, program: string, args: readonly string[]): void {
  const [command = program, ...rest] = asRoot() ? ['runuser', '-u', user, '--', program, ...args] : [program, ...args];
  execFileSync(command, rest, { stdio: 'pipe' });
}

/**
 * Writes `server.key` and `server.crt` (self-signed for DNS name `localhost`: it is its own
 * authority, the CA file clients trust) into `dir`, and gives `dir` and both to `user`.
 */
export function selfSignedCertificate(dir: string, user: string): { key: string; cert: string } {
  const key = join(dir, 'server.key');
  const cert = join(dir, 'server.crt');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost', '-keyout', key, '-out', cert], { stdio: 'pipe' });
  chmodSync(key, 0o600);
  if (asRoot()) {
    const uid = Number(execFileSync('id', ['-u', user]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', user]).toString().trim());
    for (const path of [dir, ...readdirSync(dir).map((name) => join(dir, name))]) chownSync(path, uid, gid);
  }
  return { key, cert };
}

/** The first row of `query`, run through Elekto's own pool for `databaseUrl`; throws the driver's error. */
export async function firstRow<Row>(databaseUrl: string, query: RawBuilder<Row>): Promise<Row | undefined> {
  const target = parseDatabaseUrl(databaseUrl);
  assert.ok(!('problem' in target), databaseUrl);
  const db = openDatabase(target);
  try {
    return (await query.execute(db)).rows[0];
  } finally {
    await db.destroy();
  }
}
