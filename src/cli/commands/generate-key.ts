import { generateAppKey } from '../../config/app-key.js';
import { parseCommandArgs, type Command } from '../command.js';

const usage = `Usage: elekto generate-key

Prints a new random APP_KEY (32 random bytes, base64url) on standard output,
strong enough for production. For example:

  echo "APP_KEY=$(elekto generate-key)" >> .env

Keep it secret. Ballot links do not depend on it: changing it affects only sessions.
`;

/** `elekto generate-key`: a fresh secret for APP_KEY, printed and nowhere stored. */
export const generateKeyCommand: Command = {
  name: 'generate-key',
  usage,
  async run(args, io) {
    parseCommandArgs(args, {}, false);
    io.stdout(`${generateAppKey()}\n`);
    return 0;
  },
};
