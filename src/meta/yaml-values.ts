import { z } from 'zod';
import { parseUtcDateTime } from './datetime.js';
import { LoginSet } from './login-set.js';

/**
 * Schemas for the values of the repository's YAML files, which `parseYamlFile` leaves as
 * text: each turns text into a typed value, or explains in a sentence what to write instead.
 * `undefined` stands for a key that is absent.
 */

/** Why a value was refused; `path` points inside the value (a list index) for the line. */
export class Invalid {
  constructor(
    readonly message: string,
    readonly path: readonly (string | number)[] = [],
  ) {}
}

/** A converted value, or why it could not be converted. */
export type Conversion<T> = T | Invalid;

/** Shorthand for `new Invalid(…)`. */
export const invalid = (message: string, path?: readonly (string | number)[]) => new Invalid(message, path);

/**
 * A zod schema from a conversion function, reporting `Invalid` as an issue on that value.
 * `.optional()` lets an absent key reach the conversion, which decides what absence means.
 */
export function convertWith<T>(convert: (input: unknown) => Conversion<T>) {
  return z.unknown().optional().transform((input, ctx): T => {
    const result = convert(input);
    if (!(result instanceof Invalid)) return result;
    ctx.addIssue({ code: 'custom', message: result.message, path: [...result.path] });
    return z.NEVER;
  });
}

/** What a value is, in words, for messages. */
export function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : 'text';
}

/** Non-empty text, trimmed. */
export const requiredText = convertWith((input) => {
  if (typeof input === 'string' && input.trim() !== '') return input.trim();
  return input === undefined || input === null || input === ''
    ? invalid('is required')
    : invalid(`must be text, not ${kindOf(input)}`);
});

/** Optional text (Markdown shown to voters); absent or empty gives `''`. */
export const optionalText = convertWith((input) => {
  if (input === undefined || input === null) return '';
  return typeof input === 'string' ? input.trim() : invalid(`must be text, not ${kindOf(input)}`);
});

const DATE_TIME_HINT = 'write it as YYYY-MM-DD HH:MM:SS in UTC, e.g. 2025-09-12 00:00:01';

function toDateTime(input: unknown): Conversion<Date> {
  if (typeof input !== 'string') return invalid(`must be a date and time, not ${kindOf(input)}; ${DATE_TIME_HINT}`);
  return parseUtcDateTime(input) ?? invalid(`'${input}' is not a valid date and time; ${DATE_TIME_HINT}`);
}

/** A required date and time (UTC unless it carries an offset). */
export const requiredDateTime = convertWith((input) =>
  input === undefined || input === null ? invalid(`is required; ${DATE_TIME_HINT}`) : toDateTime(input),
);

/** An optional date and time; absent or empty gives `undefined`. */
export const optionalDateTime = convertWith((input) =>
  input === undefined || input === null ? undefined : toDateTime(input),
);

const TRUE = new Set(['true', 'yes', 'y', 'on']);
const FALSE = new Set(['false', 'no', 'n', 'off']);

/** A YAML 1.1 boolean (`True`, `false`, `yes`, `off`…); absent or empty gives `undefined`. */
export const optionalBoolean = convertWith((input) => {
  if (input === undefined || input === null) return undefined;
  const word = typeof input === 'string' ? input.trim().toLowerCase() : undefined;
  if (word !== undefined && TRUE.has(word)) return true;
  if (word !== undefined && FALSE.has(word)) return false;
  return invalid(`must be True or False, not ${typeof input === 'string' ? `'${input}'` : kindOf(input)}`);
});

/** A whole number of at least 1; absent or empty gives `undefined`. */
export const optionalPositiveInteger = convertWith((input) => {
  if (input === undefined || input === null) return undefined;
  const text = typeof input === 'string' ? input.trim() : '';
  if (/^\+?\d+$/.test(text) && Number(text) >= 1) return Number(text);
  return invalid(`must be a whole number of at least 1, not ${typeof input === 'string' ? `'${input}'` : kindOf(input)}`);
});

/**
 * The text items of a list, with empty items dropped: `show_candidate_fields:` may be
 * absent, empty or `[null]` (all meaning no fields).
 */
export const optionalTextList = convertWith((input) => textItems(input, 'a list of field names'));

/** A required list of logins (an explicit empty list `[]` is accepted). */
export const requiredLoginList = convertWith((input) => {
  if (input === undefined || input === null) return invalid('is required: list the logins (usernames) of the officers');
  const items = textItems(input, 'a list of logins');
  return items instanceof Invalid ? items : new LoginSet(items);
});

/** A list of logins that may be absent or empty (no logins). */
export const optionalLoginList = convertWith((input) => {
  const items = textItems(input, 'a list of logins');
  return items instanceof Invalid ? items : new LoginSet(items);
});

/**
 * The items of a YAML list as text; `null` items (a bare `-`) are skipped.
 * Numbers stay as written (`- 249043822` is a login), since scalars are still text here.
 */
function textItems(input: unknown, what: string): Conversion<readonly string[]> {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) return invalid(`must be ${what}, not ${kindOf(input)}`);
  const bad = input.findIndex((item) => item !== null && typeof item !== 'string');
  if (bad >= 0) return invalid(`item ${bad + 1} must be text, not ${kindOf(input[bad])}`, [bad]);
  return input.filter((item): item is string => typeof item === 'string' && item.trim() !== '');
}
