import type { Command } from './command.js';
import { ballotsCommand } from './commands/ballots.js';
import { generateKeyCommand } from './commands/generate-key.js';
import { migrateCommand } from './commands/migrate.js';
import { serveCommand } from './commands/serve.js';
import { syncCommand } from './commands/sync.js';
import { tallyCommand } from './commands/tally.js';
import { validateCommand } from './commands/validate.js';

/**
 * Every `elekto` sub-command, in the order `elekto --help` lists them. Each lives in
 * `commands/<name>.ts` and is a thin shell over the library.
 */
export const commands: readonly Command[] = [serveCommand, migrateCommand, syncCommand, validateCommand, tallyCommand, ballotsCommand, generateKeyCommand];
