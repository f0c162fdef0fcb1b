import type { Command } from './command.js';

/** A command as `elekto --help` lists it; its module is loaded only when it runs. */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<Command>;
}

/**
 * Every `elekto` sub-command, in the order `elekto --help` lists them. Each lives in
 * `commands/<name>.ts`, a thin shell over the library, and is imported on demand so that
 * `elekto tally` or `elekto validate` (run in CI by meta repositories) do not load the web
 * server, the database drivers and the rest.
 */
export const commands: readonly CommandEntry[] = [
  { name: 'serve', summary: 'run the web service', load: async () => (await import('./commands/serve.js')).serveCommand },
  {
    name: 'migrate',
    summary: 'create or upgrade the database (adopts an Elekto 0.6 database)',
    load: async () => (await import('./commands/migrate.js')).migrateCommand,
  },
  {
    name: 'sync',
    summary: 'update the meta repository clone and the election rows',
    load: async () => (await import('./commands/sync.js')).syncCommand,
  },
  {
    name: 'validate',
    summary: 'check a meta repository the way the server reads it',
    load: async () => (await import('./commands/validate.js')).validateCommand,
  },
  { name: 'tally', summary: 'count a ballot CSV or BLT file (Schulze, Scottish or Meek STV)', load: async () => (await import('./commands/tally.js')).tallyCommand },
  {
    name: 'ballots',
    summary: 'print the anonymous ballots of an election as CSV',
    load: async () => (await import('./commands/ballots.js')).ballotsCommand,
  },
  {
    name: 'generate-key',
    summary: 'print a new random APP_KEY',
    load: async () => (await import('./commands/generate-key.js')).generateKeyCommand,
  },
];
