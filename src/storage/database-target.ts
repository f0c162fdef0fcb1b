/** The SQL databases Elekto runs on; one `as const` list serves types and runtime checks. */
export const DIALECTS = ['sqlite', 'postgresql', 'mysql'] as const;
export type Dialect = (typeof DIALECTS)[number];

/**
 * Where the database is: everything storage needs to open a connection, and nothing more.
 * Built by the configuration from `DATABASE_URL` or the `DB_*` variables.
 */
export type DatabaseTarget =
  | { readonly dialect: 'sqlite'; readonly path: string }
  | {
      readonly dialect: 'postgresql' | 'mysql';
      readonly host: string;
      readonly port: number;
      readonly database: string;
      readonly user: string;
      readonly password: string;
    };
