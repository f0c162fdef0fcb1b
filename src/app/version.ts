import { readFileSync } from 'node:fs';

/**
 * The version of this Elekto, from the package's own `package.json` (two levels up from this
 * file, in `src/` and in `dist/` alike), read once. `elekto --version` and `/health` report it.
 */
export const ELEKTO_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
