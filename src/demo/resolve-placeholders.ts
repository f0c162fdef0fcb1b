import type { Problem } from '../core/problem.js';
import { err, ok, type Result } from '../core/result.js';

const DAY_MS = 86_400_000;

/** Anything between double curly braces; what is inside is checked against `PLACEHOLDER`. */
const BRACES = /\{\{(.*?)\}\}/g;

/** `today`, an optional whole-day offset, an optional UTC time of day. */
const PLACEHOLDER = /^today(?:([+-])(\d{1,4})d)?(?:\s+(\d{2}):(\d{2}):(\d{2}))?$/;

/**
 * Midnight UTC of the day that contains `now`: the anchor of every demo date. Dates move
 * once a day, not on every start, so restarting the demo within a day changes nothing.
 */
export function utcDay(now: Date): Date {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
}

/**
 * Replaces the date placeholders of the demo template (`examples/demo-meta`) with dates
 * counted from `today` (midnight UTC, see `utcDay`):
 *
 * - `{{ today+14d 23:59:59 }}` → `YYYY-MM-DD 23:59:59`, the unquoted UTC form real
 *   `election.yaml` files use;
 * - `{{ today-60d }}` → `YYYY-MM-DD`, for prose such as `results.md`.
 *
 * The offset is optional (`{{ today }}`). Anything else between double braces is an error
 * that names the file and line, so a typo in the template cannot reach a repository.
 */
export function resolvePlaceholders(file: string, text: string, today: Date): Result<string, Problem> {
  let problem: Problem | undefined;
  const resolved = text.replace(BRACES, (whole: string, inner: string, offset: number) => {
    const match = PLACEHOLDER.exec(inner.trim());
    const date = match ? placeholderDate(match, today) : undefined;
    if (date === undefined) {
      problem ??= {
        file,
        line: text.slice(0, offset).split('\n').length,
        message: `unknown placeholder '${whole}': expected {{ today±Nd }} or {{ today±Nd HH:MM:SS }}`,
      };
      return whole;
    }
    return date;
  });
  return problem === undefined ? ok(resolved) : err(problem);
}

/** The text a matched placeholder stands for, or `undefined` for an impossible time of day. */
function placeholderDate(match: RegExpExecArray, today: Date): string | undefined {
  const [, sign, days, hours, minutes, seconds] = match;
  const offset = days === undefined ? 0 : (sign === '-' ? -1 : 1) * Number(days);
  const day = new Date(today.getTime() + offset * DAY_MS).toISOString().slice(0, 10);
  if (hours === undefined || minutes === undefined || seconds === undefined) return day;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return undefined;
  return `${day} ${hours}:${minutes}:${seconds}`;
}
