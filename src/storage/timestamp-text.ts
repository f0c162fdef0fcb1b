/**
 * Timestamps as text, for databases or drivers that would otherwise get them wrong: SQLite
 * has no date type, and node-postgres sends `Date`s in the process's local time zone.
 *
 * The format is SQLAlchemy's for SQLite (`YYYY-MM-DD HH:MM:SS.ffffff`, no zone), which
 * Elekto 0.6 reads back, and which PostgreSQL accepts for `TIMESTAMP WITHOUT TIME ZONE`.
 * Every stored timestamp means UTC.
 */

const TEXT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?)?Z?$/;

/** `2023-08-02 12:00:00.000000` for 12:00 UTC. */
export function formatTimestampText(date: Date): string {
  const iso = date.toISOString(); // 2023-08-02T12:00:00.000Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
}

/**
 * Reads a stored timestamp (with or without fraction or time, as Elekto 0.6 or we wrote it)
 * as UTC. Throws on anything else: a corrupt timestamp must not pass for a valid one.
 */
export function parseTimestampText(text: string): Date {
  const match = TEXT_PATTERN.exec(text.trim());
  if (!match) throw new Error(`unreadable timestamp '${text}' in the database: expected YYYY-MM-DD HH:MM:SS`);
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = ''] = match;
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  return new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), millis));
}
