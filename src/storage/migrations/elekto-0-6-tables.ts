import type { Dialect } from '../database-target.js';

/**
 * Elekto 0.6's tables in the order it creates them, each with its DDL for every dialect
 * exactly as its SQLAlchemy models render it (whitespace aside), so that a database we
 * create is the database Elekto 0.6 would have created, and the Python version can run on
 * it. Frozen: this is what 0.6 did, whatever we do next.
 */
export interface Elekto06Table {
  readonly name: string;
  /** The CREATE TABLE statement and then its indexes. */
  readonly create: Readonly<Record<Dialect, readonly string[]>>;
}

export const ELEKTO_06_TABLES: readonly Elekto06Table[] = [
  {
    name: 'election',
    create: {
      sqlite: [
        `CREATE TABLE election (
          id INTEGER NOT NULL,
          "key" VARCHAR(255) NOT NULL,
          name VARCHAR(255),
          created_at DATETIME,
          updated_at DATETIME,
          PRIMARY KEY (id),
          UNIQUE ("key")
        )`,
      ],
      postgresql: [
        `CREATE TABLE election (
          id SERIAL NOT NULL,
          key VARCHAR(255) NOT NULL,
          name VARCHAR(255),
          created_at TIMESTAMP WITHOUT TIME ZONE,
          updated_at TIMESTAMP WITHOUT TIME ZONE,
          PRIMARY KEY (id),
          UNIQUE (key)
        )`,
      ],
      mysql: [
        `CREATE TABLE election (
          id INTEGER NOT NULL AUTO_INCREMENT,
          \`key\` VARCHAR(255) NOT NULL,
          name VARCHAR(255),
          created_at DATETIME,
          updated_at DATETIME,
          PRIMARY KEY (id),
          UNIQUE (\`key\`)
        )`,
      ],
    },
  },
  {
    name: 'schema_version',
    create: {
      sqlite: [
        `CREATE TABLE schema_version (
          version INTEGER NOT NULL,
          PRIMARY KEY (version)
        )`,
      ],
      postgresql: [
        `CREATE TABLE schema_version (
          version INTEGER NOT NULL,
          PRIMARY KEY (version)
        )`,
      ],
      mysql: [
        `CREATE TABLE schema_version (
          version INTEGER NOT NULL,
          PRIMARY KEY (version)
        )`,
      ],
    },
  },
  {
    name: 'user',
    create: {
      sqlite: [
        `CREATE TABLE user (
          id INTEGER NOT NULL,
          username VARCHAR(255),
          name VARCHAR(255),
          token VARCHAR(255),
          token_expires_at DATETIME,
          created_at DATETIME,
          updated_at DATETIME,
          PRIMARY KEY (id),
          UNIQUE (username)
        )`,
      ],
      postgresql: [
        `CREATE TABLE "user" (
          id SERIAL NOT NULL,
          username VARCHAR(255),
          name VARCHAR(255),
          token VARCHAR(255),
          token_expires_at TIMESTAMP WITHOUT TIME ZONE,
          created_at TIMESTAMP WITHOUT TIME ZONE,
          updated_at TIMESTAMP WITHOUT TIME ZONE,
          PRIMARY KEY (id),
          UNIQUE (username)
        )`,
      ],
      mysql: [
        `CREATE TABLE user (
          id INTEGER NOT NULL AUTO_INCREMENT,
          username VARCHAR(255),
          name VARCHAR(255),
          token VARCHAR(255),
          token_expires_at DATETIME,
          created_at DATETIME,
          updated_at DATETIME,
          PRIMARY KEY (id),
          UNIQUE (username)
        )`,
      ],
    },
  },
  {
    name: 'ballot',
    create: {
      sqlite: [
        `CREATE TABLE ballot (
          id CHAR(32) NOT NULL,
          election_id INTEGER,
          rank INTEGER,
          candidate VARCHAR(255) NOT NULL,
          voter VARCHAR(255) NOT NULL,
          PRIMARY KEY (id),
          FOREIGN KEY(election_id) REFERENCES election (id) ON DELETE CASCADE
        )`,
        `CREATE INDEX ix_ballot_election_id ON ballot (election_id)`,
      ],
      postgresql: [
        `CREATE TABLE ballot (
          id CHAR(32) NOT NULL,
          election_id INTEGER,
          rank INTEGER,
          candidate VARCHAR(255) NOT NULL,
          voter VARCHAR(255) NOT NULL,
          PRIMARY KEY (id),
          FOREIGN KEY(election_id) REFERENCES election (id) ON DELETE CASCADE
        )`,
        `CREATE INDEX ix_ballot_election_id ON ballot (election_id)`,
      ],
      mysql: [
        `CREATE TABLE ballot (
          id CHAR(32) NOT NULL,
          election_id INTEGER,
          \`rank\` INTEGER,
          candidate VARCHAR(255) NOT NULL,
          voter VARCHAR(255) NOT NULL,
          PRIMARY KEY (id),
          FOREIGN KEY(election_id) REFERENCES election (id) ON DELETE CASCADE
        )`,
        `CREATE INDEX ix_ballot_election_id ON ballot (election_id)`,
      ],
    },
  },
  {
    name: 'request',
    create: {
      sqlite: [
        `CREATE TABLE request (
          id INTEGER NOT NULL,
          user_id INTEGER,
          election_id INTEGER,
          name VARCHAR(255),
          email VARCHAR(255),
          chat VARCHAR(255),
          description TEXT,
          comments TEXT,
          reviewed BOOLEAN,
          created_at DATETIME,
          updated_at DATETIME,
          PRIMARY KEY (id),
          FOREIGN KEY(user_id) REFERENCES user (id) ON DELETE CASCADE,
          FOREIGN KEY(election_id) REFERENCES election (id) ON DELETE CASCADE
        )`,
      ],
      postgresql: [
        `CREATE TABLE request (
          id SERIAL NOT NULL,
          user_id INTEGER,
          election_id INTEGER,
          name VARCHAR(255),
          email VARCHAR(255),
          chat VARCHAR(255),
          description TEXT,
          comments TEXT,
          reviewed BOOLEAN,
          created_at TIMESTAMP WITHOUT TIME ZONE,
          updated_at TIMESTAMP WITHOUT TIME ZONE,
          PRIMARY KEY (id),
          FOREIGN KEY(user_id) REFERENCES "user" (id) ON DELETE CASCADE,
          FOREIGN KEY(election_id) REFERENCES election (id) ON DELETE CASCADE
        )`,
      ],
      mysql: [
        `CREATE TABLE request (
          id INTEGER NOT NULL AUTO_INCREMENT,
          user_id INTEGER,
          election_id INTEGER,
          name VARCHAR(255),
          email VARCHAR(255),
          chat VARCHAR(255),
          description TEXT,
          comments TEXT,
          reviewed BOOL,
          created_at DATETIME,
          updated_at DATETIME,
          PRIMARY KEY (id),
          FOREIGN KEY(user_id) REFERENCES user (id) ON DELETE CASCADE,
          FOREIGN KEY(election_id) REFERENCES election (id) ON DELETE CASCADE
        )`,
      ],
    },
  },
  {
    name: 'voter',
    create: {
      sqlite: [
        `CREATE TABLE voter (
          id INTEGER NOT NULL,
          user_id INTEGER,
          election_id INTEGER,
          created_at DATETIME,
          updated_at DATETIME,
          salt BLOB,
          ballot_id BLOB,
          PRIMARY KEY (id),
          FOREIGN KEY(user_id) REFERENCES user (id) ON DELETE CASCADE,
          FOREIGN KEY(election_id) REFERENCES election (id) ON DELETE CASCADE
        )`,
        `CREATE INDEX ix_voter_election_id ON voter (election_id)`,
      ],
      postgresql: [
        `CREATE TABLE voter (
          id SERIAL NOT NULL,
          user_id INTEGER,
          election_id INTEGER,
          created_at TIMESTAMP WITHOUT TIME ZONE,
          updated_at TIMESTAMP WITHOUT TIME ZONE,
          salt BYTEA,
          ballot_id BYTEA,
          PRIMARY KEY (id),
          FOREIGN KEY(user_id) REFERENCES "user" (id) ON DELETE CASCADE,
          FOREIGN KEY(election_id) REFERENCES election (id) ON DELETE CASCADE
        )`,
        `CREATE INDEX ix_voter_election_id ON voter (election_id)`,
      ],
      mysql: [
        `CREATE TABLE voter (
          id INTEGER NOT NULL AUTO_INCREMENT,
          user_id INTEGER,
          election_id INTEGER,
          created_at DATETIME,
          updated_at DATETIME,
          salt BLOB,
          ballot_id BLOB,
          PRIMARY KEY (id),
          FOREIGN KEY(user_id) REFERENCES user (id) ON DELETE CASCADE,
          FOREIGN KEY(election_id) REFERENCES election (id) ON DELETE CASCADE
        )`,
        `CREATE INDEX ix_voter_election_id ON voter (election_id)`,
      ],
    },
  },
];

/** The schema version Elekto 0.6 records in `schema_version`. */
export const ELEKTO_06_SCHEMA_VERSION = 2;
