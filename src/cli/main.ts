import { ELEKTO_VERSION } from '../app/version.js';
import { commands } from './commands.js';
import { CommandFailure, UsageError, type CliIo } from './command.js';

const HELP = `elekto — GitOps elections counted with the Schulze method or STV

Usage: elekto <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(14)}${c.summary}`).join('\n')}

Run 'elekto help <command>' for a command's options; 'elekto --version' prints the version.
`;

/** Runs one command line and returns the exit status. Never lets a stack trace reach a user. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    io.stdout(`elekto ${ELEKTO_VERSION}\n`);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const asked = name === 'help' ? rest[0] : undefined;
    const topic = asked === undefined ? undefined : commands.find((c) => c.name === asked);
    if (asked !== undefined && !topic) {
      io.stderr(`elekto help: unknown command '${asked}'\n\n${HELP}`);
      return 2;
    }
    io.stdout(topic ? (await topic.load()).usage : HELP);
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`elekto: unknown command '${name}'\n\n${HELP}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`elekto ${command.name}: ${error.message}\n\n${command.usage}`);
      return 2;
    }
    if (error instanceof CommandFailure) {
      io.stderr(`elekto ${command.name}: ${error.message}\n`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`elekto ${command.name}: unexpected failure: ${message}\n`);
    if (io.env.APP_DEBUG === 'true' && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return 1;
  }
}
