import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { checkServerIdentity } from 'node:tls';

/**
 * How a PostgreSQL or MySQL connection uses TLS, with libpq's `sslmode` names:
 * `require` encrypts (and checks the certificate against `ca` when one is given, as libpq
 * does), `verify-ca` also checks the certificate chain, `verify-full` also the host name.
 * There is no "prefer": Elekto never falls back to an unencrypted connection it was asked
 * to encrypt.
 */
export interface DatabaseTls {
  readonly mode: 'require' | 'verify-ca' | 'verify-full';
  /** A PEM file of the certificate authorities to trust instead of the system's. */
  readonly ca?: string;
}

/** `disable` means no TLS; every spelling libpq, MySQL and SQLAlchemy users write is accepted. */
export const TLS_MODES = ['disable', 'require', 'verify-ca', 'verify-full'] as const;
export type TlsMode = (typeof TLS_MODES)[number];
export const TLS_MODE_ALIASES: Readonly<Record<string, TlsMode>> = {
  disabled: 'disable',
  required: 'require',
  verify_ca: 'verify-ca',
  verify_identity: 'verify-full',
  'verify-identity': 'verify-full',
  verify_full: 'verify-full',
};

/** The mode named by `text` in any case and spelling, or undefined. */
export function parseTlsMode(text: string): TlsMode | undefined {
  const word = text.trim().toLowerCase();
  return TLS_MODES.find((mode) => mode === word) ?? TLS_MODE_ALIASES[word];
}

/** What both drivers need: Node's TLS options, read once when the pool is created. */
export interface DriverTls {
  readonly ca?: Buffer;
  readonly rejectUnauthorized: boolean;
  readonly verifyHost: boolean;
}

/** The driver-neutral TLS settings of `tls`, reading its CA file (a failure names the file). */
export function driverTls(tls: DatabaseTls | undefined): DriverTls | undefined {
  if (!tls) return undefined;
  let ca: Buffer | undefined;
  if (tls.ca !== undefined) {
    try {
      ca = readFileSync(tls.ca);
    } catch (error) {
      throw new Error(`cannot read the database's CA certificate file ${tls.ca}: ${(error as Error).message}`, { cause: error });
    }
  }
  const verify = tls.mode !== 'require' || ca !== undefined;
  return { ca, rejectUnauthorized: verify, verifyHost: tls.mode === 'verify-full' };
}

/** node-postgres's `ssl` option. */
export function pgSsl(tls: DatabaseTls | undefined) {
  const options = driverTls(tls);
  if (!options) return undefined;
  return {
    ca: options.ca,
    rejectUnauthorized: options.rejectUnauthorized,
    checkServerIdentity: options.verifyHost ? checkServerIdentity : () => undefined,
  };
}

/**
 * mysql2's `ssl` option. mysql2 checks a certificate's host name only against a host *name*
 * (given an IP address, it checks "localhost"), so verify-full needs one.
 */
export function mysqlSsl(tls: DatabaseTls | undefined, host: string) {
  const options = driverTls(tls);
  if (!options) return undefined;
  if (options.verifyHost && isIP(host) !== 0) {
    throw new Error(`TLS verify-full to MySQL needs the server's host name (the one in its certificate), not the address ${host}; or use verify-ca`);
  }
  return { ca: options.ca, rejectUnauthorized: options.rejectUnauthorized, verifyIdentity: options.verifyHost };
}
