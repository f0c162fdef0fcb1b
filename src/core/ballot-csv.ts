import type { CandidateId } from './ballot.js';
import { MAX_RANK, NO_OPINION, type BallotTable } from './ballot-table.js';
import type { Problem } from './problem.js';
import { err, ok, type Result } from './result.js';

/** The cell text for an unranked candidate, exactly as Elekto 0.6 exports it. */
export const NO_OPINION_CELL = 'No opinion';

// The parser reads UTF-8 bytes, not a string: a million-ballot file is then one pass over a
// buffer, with no string per cell. Only header cells (candidate IDs) are ever decoded.
const COMMA = 0x2c;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;
const DIGIT_0 = 0x30;
const NO_OPINION_BYTES = new TextEncoder().encode(NO_OPINION_CELL);
const UTF8_BOM = Uint8Array.of(0xef, 0xbb, 0xbf);
const INVALID = -1;

/** How a field ended. */
const FIELD_THEN_COMMA = 0;
const FIELD_THEN_LINE = 1;
const FIELD_THEN_END = 2;
type FieldEnd = typeof FIELD_THEN_COMMA | typeof FIELD_THEN_LINE | typeof FIELD_THEN_END;

/** A malformed file, thrown inside the parser and returned by `parseBallotCsv` as a `Problem`. */
class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Parses the ballot CSV of SPEC §7: a header of candidate IDs, then one row per ballot whose
 * cells are ranks (whole numbers from 1) or `No opinion`. Accepts a UTF-8 byte order mark,
 * LF or CRLF line endings, a final newline or none, and RFC 4180 quoted fields (older files
 * head their columns with quoted display names).
 *
 * Columns keep the file's order. On a malformed file, returns a `Problem` naming `file`, the
 * 1-based line and, for a bad cell, its column and candidate. A string is read as UTF-8.
 */
export function parseBallotCsv(file: string, content: Uint8Array | string): Result<BallotTable, Problem> {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  try {
    const scanner = new FieldScanner(bytes);
    const candidates = readHeader(scanner);
    const rows = readRows(scanner, candidates, bytes);
    return ok({ candidates, ...rows });
  } catch (error) {
    if (error instanceof CsvError) return err({ file, line: error.line, message: error.message });
    throw error;
  }
}

/**
 * Writes ballots as the CSV `parseBallotCsv` reads: columns in `table.candidates` order (pass
 * IDs sorted, as exports must), `No opinion` for unranked candidates, a header quoted only
 * where RFC 4180 requires it, LF line endings and a final newline. For any table with at
 * least one candidate, parsing the output gives the table back.
 */
export function formatBallotCsv(table: BallotTable): string {
  const n = table.candidates.length;
  const lines = [table.candidates.map(quoteIfNeeded).join(',')];
  const cells = new Array<string>(n);
  for (let row = 0; row < table.ballotCount; row++) {
    for (let column = 0; column < n; column++) {
      const rank = table.ranks[row * n + column]!;
      cells[column] = rank === NO_OPINION ? NO_OPINION_CELL : String(rank);
    }
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

function quoteIfNeeded(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

function readHeader(scanner: FieldScanner): CandidateId[] {
  if (scanner.atEnd()) throw new CsvError(1, 'the file is empty; expected a header line of candidate IDs');
  const columns = new Map<CandidateId, number>();
  let end: FieldEnd;
  do {
    end = scanner.next();
    // Trimmed like the cells below, so "a, b" names the same candidates as "a,b".
    const id = scanner.text().trim();
    const column = columns.size + 1;
    if (id === '') throw new CsvError(1, `header column ${column} is empty; expected a candidate ID`);
    const first = columns.get(id);
    if (first !== undefined) throw new CsvError(1, `header column ${column} repeats candidate '${id}' (column ${first})`);
    columns.set(id, column);
  } while (end === FIELD_THEN_COMMA);
  return [...columns.keys()];
}

function readRows(
  scanner: FieldScanner,
  candidates: readonly CandidateId[],
  bytes: Uint8Array,
): Pick<BallotTable, 'ballotCount' | 'ranks'> {
  const n = candidates.length;
  // Every row but the last ends in a line feed, so this bounds the row count: one allocation.
  const ranks = new Int32Array((countLineFeeds(bytes, scanner.position) + 1) * n);
  let ballotCount = 0;
  while (!scanner.atEnd()) {
    const line = scanner.line;
    if (scanner.atLineEnd()) {
      // Blank lines at the very end (common in hand-edited files) end the table; others are errors.
      if (scanner.onlyLineEndsLeft()) break;
      throw new CsvError(line, `blank line; expected ${describeRow(n)}`);
    }
    const row = ballotCount * n;
    for (let column = 0; column < n; column++) {
      const end = scanner.next();
      const rank = scanner.cellValue();
      if (rank === INVALID) throw cellError(scanner, column, candidates);
      ranks[row + column] = rank;
      const last = column === n - 1;
      if (!last && end !== FIELD_THEN_COMMA) throw wrongCellCount(line, n, column + 1);
      if (last && end === FIELD_THEN_COMMA) throw wrongCellCount(line, n, n + scanner.skipRestOfRecord());
    }
    ballotCount++;
  }
  return { ballotCount, ranks: ranks.subarray(0, ballotCount * n) };
}

function describeRow(n: number): string {
  return `${n} cell${n === 1 ? '' : 's'} (a rank or '${NO_OPINION_CELL}' for each candidate)`;
}

function wrongCellCount(line: number, expected: number, found: number): CsvError {
  return new CsvError(line, `found ${found} cell${found === 1 ? '' : 's'}; expected ${describeRow(expected)}`);
}

function cellError(scanner: FieldScanner, column: number, candidates: readonly CandidateId[]): CsvError {
  const text = scanner.text();
  const where = `column ${column + 1} ('${candidates[column]}')`;
  // A long cell (a pasted paragraph, a binary file) is cut so the message stays readable.
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  const why =
    /^\d+$/.test(text) && Number(text) > MAX_RANK
      ? `rank ${shown} is too large (at most ${MAX_RANK})`
      : `'${shown}' is neither a rank (a whole number from 1) nor '${NO_OPINION_CELL}'`;
  return new CsvError(scanner.fieldLine, `${where}: ${why}`);
}

function countLineFeeds(bytes: Uint8Array, from: number): number {
  let count = 0;
  for (let at = bytes.indexOf(LF, from); at !== -1; at = bytes.indexOf(LF, at + 1)) count++;
  return count;
}

/**
 * Reads RFC 4180 fields one at a time, tracking the 1-based line. After `next()`, the
 * field's content is `bytes[start, end)`: for a quoted field, the text between the quotes
 * with doubled quotes still doubled (no rank or `No opinion` contains a quote, so cells can
 * be checked without unescaping; `text()` unescapes for IDs and messages).
 */
class FieldScanner {
  readonly #bytes: Uint8Array;
  #position: number;
  #start = 0;
  #end = 0;
  #quoted = false;
  #line = 1;
  #fieldLine = 1;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#position = bytesAt(bytes, 0, UTF8_BOM) ? UTF8_BOM.length : 0;
  }

  get position(): number {
    return this.#position;
  }

  /** The line the next field starts on. */
  get line(): number {
    return this.#line;
  }

  /** The line the last field started on. */
  get fieldLine(): number {
    return this.#fieldLine;
  }

  atEnd(): boolean {
    return this.#position >= this.#bytes.length;
  }

  atLineEnd(): boolean {
    const byte = this.#bytes[this.#position];
    return byte === LF || byte === CR;
  }

  /** Whether nothing but line ends (and spaces) remains. */
  onlyLineEndsLeft(): boolean {
    for (let at = this.#position; at < this.#bytes.length; at++) {
      const byte = this.#bytes[at];
      if (byte !== LF && byte !== CR && byte !== SPACE && byte !== TAB) return false;
    }
    return true;
  }

  next(): FieldEnd {
    this.#fieldLine = this.#line;
    if (this.#bytes[this.#position] === QUOTE) return this.#nextQuoted();
    const bytes = this.#bytes;
    let at = this.#position;
    while (at < bytes.length) {
      const byte = bytes[at]!;
      if (byte === COMMA || byte === LF || byte === CR) break;
      at++;
    }
    this.#start = this.#position;
    this.#end = at;
    this.#quoted = false;
    return this.#endField(at);
  }

  /** The last field's value as a cell: a rank, `NO_OPINION` or `INVALID`. */
  cellValue(): number {
    const bytes = this.#bytes;
    let start = this.#start;
    let end = this.#end;
    // Spaces around a cell are ignored, as around a header ID.
    while (start < end && (bytes[start] === SPACE || bytes[start] === TAB)) start++;
    while (end > start && (bytes[end - 1] === SPACE || bytes[end - 1] === TAB)) end--;
    const length = end - start;
    if (length === NO_OPINION_BYTES.length && bytesAt(bytes, start, NO_OPINION_BYTES)) return NO_OPINION;
    if (length === 0) return INVALID;
    let value = 0;
    for (let at = start; at < end; at++) {
      const digit = bytes[at]! - DIGIT_0;
      if (digit < 0 || digit > 9) return INVALID;
      value = value * 10 + digit;
      if (value > MAX_RANK) return INVALID; // also keeps a long run of digits from losing precision
    }
    return value >= 1 ? value : INVALID;
  }

  /** The last field's value as text. */
  text(): string {
    const text = decodeUtf8(this.#bytes.subarray(this.#start, this.#end), this.#fieldLine);
    return this.#quoted ? text.replaceAll('""', '"') : text;
  }

  /** Skips the remaining fields of the current record; returns how many there were. */
  skipRestOfRecord(): number {
    let count = 1;
    while (this.next() === FIELD_THEN_COMMA) count++;
    return count;
  }

  #nextQuoted(): FieldEnd {
    const bytes = this.#bytes;
    let at = this.#position + 1;
    this.#start = at;
    for (;;) {
      if (at >= bytes.length) throw new CsvError(this.#fieldLine, 'a quoted field is never closed');
      const byte = bytes[at];
      if (byte === QUOTE) {
        if (bytes[at + 1] !== QUOTE) break;
        at += 2;
        continue;
      }
      if (byte === LF) this.#line++;
      at++;
    }
    this.#end = at;
    this.#quoted = true;
    at++; // the closing quote
    const byte = bytes[at];
    if (at < bytes.length && byte !== COMMA && byte !== LF && byte !== CR) {
      throw new CsvError(this.#line, 'unexpected text after a closing quote; quote the whole field');
    }
    return this.#endField(at);
  }

  /** Consumes the separator at `at` (comma, LF, CRLF or the end of the file). */
  #endField(at: number): FieldEnd {
    const bytes = this.#bytes;
    if (at >= bytes.length) {
      this.#position = at;
      return FIELD_THEN_END;
    }
    const byte = bytes[at];
    if (byte === COMMA) {
      this.#position = at + 1;
      return FIELD_THEN_COMMA;
    }
    if (byte === CR && at + 1 < bytes.length && bytes[at + 1] !== LF) {
      throw new CsvError(this.#line, 'a carriage return without a line feed; save the file with LF or CRLF line endings');
    }
    this.#position = byte === CR ? at + 2 : at + 1;
    this.#line++;
    return FIELD_THEN_LINE;
  }
}

/** Whether `bytes` holds `expected` at `start` (a plain loop: this runs once per cell). */
function bytesAt(bytes: Uint8Array, start: number, expected: Uint8Array): boolean {
  for (let i = 0; i < expected.length; i++) {
    if (bytes[start + i] !== expected[i]) return false;
  }
  return true;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Uint8Array, line: number): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new CsvError(line, 'the text is not valid UTF-8');
  }
}
