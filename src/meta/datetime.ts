const DATE_TIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:[ \t]*([Zz]|[+-]\d{1,2}(?::?\d{2})?))?)?$/;

/**
 * Reads a date and time the way meta repositories write them: `2025-09-12 00:00:01` (the
 * YAML 1.1 timestamp Elekto 0.6 used, meaning UTC), ISO 8601 with `T`, `Z` or an offset
 * (`2025-09-12T02:00:01+02:00`), fractional seconds, or a date alone (midnight UTC).
 *
 * @returns the instant, or `undefined` if the text is not such a date or names an impossible
 *   one (`2025-02-30`)
 */
export function parseUtcDateTime(text: string): Date | undefined {
  const match = DATE_TIME.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [
    number, number, number, number, number, number,
  ];
  const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const date = new Date(utc);
  const exact = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!exact || hour > 23 || minute > 59 || second > 59) return undefined;
  const offset = offsetMinutes(match[8]);
  return offset === undefined ? undefined : new Date(utc - offset * 60_000);
}

/** `Z` → 0, `+02:00` / `+0200` / `+2` → 120, absent → 0 (UTC); out of range → undefined. */
function offsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const [, sign, hours, minutes] = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(zone) ?? [];
  const total = Number(hours) * 60 + Number(minutes ?? 0);
  if (Number(hours) > 23 || Number(minutes ?? 0) > 59) return undefined;
  return sign === '-' ? -total : total;
}
