import { isIP } from 'node:net';
import * as z from 'zod';
import { parseDatabaseUrl } from './database-url.js';

/**
 * Zod parsers for single environment values. Each takes the raw text (`undefined` when the
 * variable is unset or empty: Elekto 0.6 treated `APP_KEY=` as unset too) and gives the typed
 * value or `undefined`; defaults are applied later, in one place (`config-schema.ts`), because
 * several depend on APP_ENV. Messages are predicates completed by the variable name ("APP_PORT
 * must be …") and quote the bad value, except for secrets.
 */

/** What a refine function returns for a value it refuses. */
class Invalid {
  constructor(readonly message: string) {}
}
const invalid = (message: string) => new Invalid(message);

/** A zod parser from a function that returns the typed value or `invalid(message)`. */
function parser<T>(refine: (text: string) => T | Invalid) {
  return z
    .string()
    .optional()
    .transform((text, ctx): T | undefined => {
      if (text === undefined) return undefined;
      const value = refine(text);
      if (!(value instanceof Invalid)) return value;
      ctx.issues.push({ code: 'custom', message: value.message, input: text });
      return z.NEVER;
    });
}

/** The value as typed, for messages: quoted, and shortened when long. */
function shown(text: string): string {
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return `'${short}'`;
}

/** Free text, trimmed (names, branches, repository URLs or paths, client ids). */
export const text = () => parser((value) => value.trim());

/** A secret, kept exactly as given (Elekto 0.6 did not trim either) and never quoted in messages. */
export const secret = () => parser((value) => value);

const TRUE = ['true', 't', 'yes', 'y', 'on', '1'];
const FALSE = ['false', 'f', 'no', 'n', 'off', '0'];

/**
 * A boolean in any spelling Elekto 0.6 accepted (Python's `strtobool`: `True`, `true`, `yes`,
 * `on`, `1`, `False`, `no`, `off`, `0`, … in any case). Anything else is refused rather than
 * read as false, which Elekto 0.6's later `str_to_bool` did silently.
 */
export const flag = () =>
  parser((value) => {
    const word = value.trim().toLowerCase();
    if (TRUE.includes(word)) return true;
    if (FALSE.includes(word)) return false;
    return invalid(`must be true or false (also accepted: yes/no, on/off, 1/0), got ${shown(value)}`);
  });

/** A whole number from `min` to `max`. */
export const wholeNumber = (min: number, max: number, unit = '') =>
  parser((value) => {
    const trimmed = value.trim();
    const number = Number(trimmed);
    if (!/^\d+$/.test(trimmed) || number < min || number > max) {
      return invalid(`must be a whole number${unit} from ${min} to ${max}, got ${shown(value)}`);
    }
    return number;
  });

/**
 * One of `choices`, in any case, or an alias spelling that means one of them
 * (`{ postgres: 'postgresql' }`).
 */
export const oneOf = <const C extends readonly string[]>(choices: C, aliases: Readonly<Record<string, C[number]>> = {}) =>
  parser<C[number]>((value) => {
    const word = value.trim().toLowerCase();
    const choice = choices.find((c) => c === word) ?? aliases[word];
    if (choice === undefined) return invalid(`must be one of ${choices.join(', ')}, got ${shown(value)}`);
    return choice;
  });

/** An absolute http(s) URL, without a trailing slash so that paths can be appended. */
export const httpUrl = () =>
  parser((value) => {
    const trimmed = value.trim();
    const url = URL.canParse(trimmed) ? new URL(trimmed) : undefined;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
      return invalid(`must be an http:// or https:// URL without query or fragment, got ${shown(value)}`);
    }
    return trimmed.replace(/\/+$/, '');
  });

/** A path on this site, such as `/oauth/github/callback`. */
export const sitePath = () =>
  parser((value) => {
    const trimmed = value.trim();
    if (!/^\/(?!\/)[^\s?#]*$/.test(trimmed)) return invalid(`must be a path starting with '/', like /oauth/github/callback, got ${shown(value)}`);
    return trimmed;
  });

/** A relative directory inside a repository (`elections`, `steering/elections`, `.`), without `..`. */
export const repoDirectory = () =>
  parser((value) => {
    const trimmed = value.trim().replace(/^\.\/+(?=.)/, '').replace(/(?<=.)\/+$/, '');
    if (trimmed === '.') return trimmed; // the repository root
    const parts = trimmed.split('/');
    if (trimmed === '' || trimmed.startsWith('/') || parts.some((p) => p === '..' || p === '' || p === '.') || trimmed.includes('\\')) {
      return invalid(`must be a directory inside the meta repository, like elections or steering/elections, got ${shown(value)}`);
    }
    return trimmed;
  });

/** A DATABASE_URL (see `parseDatabaseUrl`); a SQLite path may still be relative here. */
export const databaseUrl = () =>
  parser((value) => {
    const target = parseDatabaseUrl(value);
    return 'problem' in target ? invalid(`${target.problem} (the value is not shown: it may hold a password)`) : target;
  });

/** The reverse proxies whose `X-Forwarded-For` is believed: none, a hop count, or addresses. */
export type ProxyTrust = false | number | readonly string[];

/** proxy-addr's names for address ranges (Fastify's `trustProxy` understands them). */
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY: how many proxies stand in front (`1`: nginx on the same machine or an ingress),
 * or which addresses they have (`10.0.0.0/8, 192.168.1.7`, or `loopback`, `linklocal`,
 * `uniquelocal`). `0` trusts none, as unset does.
 */
export const proxyTrust = () =>
  parser((value): ProxyTrust | Invalid => {
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed)) return Number(trimmed) === 0 ? false : Math.min(Number(trimmed), 16);
    const entries = trimmed.split(',').map((entry) => entry.trim());
    const wrong = entries.find((entry) => !PROXY_RANGES.includes(entry) && !isAddressOrCidr(entry));
    if (wrong !== undefined) {
      return invalid(`must be a number of proxies (like 1) or a comma-separated list of addresses and CIDR ranges (like 10.0.0.0/8, ::1 or loopback), got ${shown(wrong)}`);
    }
    return entries;
  });

function isAddressOrCidr(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
}
