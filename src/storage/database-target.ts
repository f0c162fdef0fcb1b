import type { DatabaseTimeouts } from './database-timeouts.js';
import type { DatabaseTls } from './database-tls.js';

/** The SQL databases Elekto runs on; one `as const` list serves types and runtime checks. */
export const DIALECTS = ['sqlite', 'postgresql', 'mysql'] as const;
export type Dialect = (typeof DIALECTS)[number];

/**
 * Where the database is: everything storage needs to open a connection, and nothing more.
 * Built by the configuration from `DATABASE_URL` or the `DB_*` variables.
 */
export type DatabaseTarget = (
  | { readonly dialect: 'sqlite'; readonly path: string }
  | {
      readonly dialect: 'postgresql' | 'mysql';
      readonly host: string;
      readonly port: number;
      readonly database: string;
      readonly user: string;
      readonly password: string;
      /** TLS to the server; none when absent. */
      readonly tls?: DatabaseTls;
    }
) & {
  /** Bounds on every wait for the database; `DEFAULT_DATABASE_TIMEOUTS` when absent. */
  readonly timeouts?: DatabaseTimeouts;
};

const DIALECT_NAMES: Readonly<Record<Dialect, string>> = { sqlite: 'SQLite', postgresql: 'PostgreSQL', mysql: 'MySQL' };

/** Names the database for messages, never quoting the password. */
export function describeDatabaseTarget(target: DatabaseTarget): string {
  const name = DIALECT_NAMES[target.dialect];
  if (target.dialect === 'sqlite') return `${name} database ${target.path}`;
  const tls = target.tls ? `, TLS ${target.tls.mode}` : '';
  return `${name} database '${target.database}' on ${target.host}:${target.port} (user ${target.user}${tls})`;
}
