import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { parseBallotCsv } from '../../core/ballot-csv.js';
import { parseBlt } from '../../core/ballot-blt.js';
import type { BallotTable } from '../../core/ballot-table.js';
import { countStv, ELECTION_METHODS, isElectionMethod, isStvMethod, type ElectionMethod } from '../../core/election-method.js';
import { lotSeed } from '../../core/lot.js';
import { formatProblem, type Problem } from '../../core/problem.js';
import { ballotTableFromRanked, rankedBallotsFromTable, type RankedBallots } from '../../core/ranked-ballots.js';
import { err, ok, type Result } from '../../core/result.js';
import { schulze } from '../../core/schulze.js';
import { stvMarkdown } from '../../core/stv-markdown.js';
import { tallyMarkdown } from '../../core/tally-markdown.js';
import { tallyReport } from '../../core/tally-report.js';
import { selectWinners } from '../../core/winners.js';
import { parseCommandArgs, parseIntegerOption, UsageError, type CliIo, type Command } from '../command.js';

const FORMATS = ['text', 'json', 'markdown'] as const;
type Format = (typeof FORMATS)[number];
const INPUTS = ['csv', 'blt'] as const;
type Input = (typeof INPUTS)[number];

const STDIN = '-';

const usage = `Usage: elekto tally FILE [--method schulze|scottish-stv|meek-stv] [--seats N]
                    [--format text|json|markdown] [--input csv|blt]

Counts a ballot file offline, exactly as the server does.
FILE is the ballot CSV (a header of candidate IDs, one row per ballot, each cell a rank
with 1 = most preferred, or "No opinion") or a BLT file (the format of OpenSTV, Droop and
the ERS; its candidate IDs are the quoted names). Use - to read standard input.

Options:
  --method METHOD  schulze (the default), scottish-stv or meek-stv (SPEC §13); STV ballots
                   must rank candidates 1, 2, 3… with no two equal and no gap
  --seats N        seats to fill (default: the BLT file's, else 1); --winners is an alias.
                   Schulze reports a tie at the cutoff and never breaks it; STV draws lots
                   where its rules say so, seeded by the file's SHA-256, and names each one
  --format FORMAT  text or markdown (Markdown tables for results.md, the default) or json
  --input KIND     csv or blt (default: by extension, .blt is BLT, anything else CSV)
`;

interface TallyArgs {
  readonly file: string;
  readonly method: ElectionMethod;
  readonly seats: number | undefined;
  readonly format: Format;
  readonly input: Input;
}

/** `elekto tally`: the file readers and printers around the same counts the server runs. */
export const tallyCommand: Command = {
  name: 'tally',
  usage,
  async run(args, io) {
    const options = parseTallyArgs(args);
    const counted = await countFile(options, io);
    if (!counted.ok) {
      io.stderr(`${formatProblem(counted.error)}\n`);
      return 1;
    }
    io.stdout(counted.value);
    return 0;
  },
};

function parseTallyArgs(args: readonly string[]): TallyArgs {
  const { values, positionals } = parseCommandArgs(args, {
    method: { type: 'string' },
    seats: { type: 'string' },
    winners: { type: 'string' },
    format: { type: 'string' },
    input: { type: 'string' },
  });
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError('missing FILE (use - for standard input)');
  if (extra.length > 0) throw new UsageError(`expected one FILE, got ${positionals.length} files`);
  if (values.seats !== undefined && values.winners !== undefined) throw new UsageError('give --seats or --winners (its alias), not both');
  return {
    file,
    method: oneOf('method', values.method ?? 'schulze', ELECTION_METHODS),
    seats: parseIntegerOption(values.seats === undefined ? 'winners' : 'seats', values.seats ?? values.winners, 1),
    format: oneOf('format', values.format ?? 'text', FORMATS),
    input: oneOf('input', values.input ?? (extname(file).toLowerCase() === '.blt' ? 'blt' : 'csv'), INPUTS),
  };
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${option} must be ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}, got '${value}'`);
  }
  return value as T;
}

/** Reads, parses and counts the file; the printed result, or the problem with the file. */
async function countFile(args: TallyArgs, io: CliIo): Promise<Result<string, Problem>> {
  const name = args.file === STDIN ? '<stdin>' : args.file;
  const bytes = await readInput(args.file, io);
  if (!bytes.ok) return bytes;
  const ballots = readBallots(name, bytes.value, args);
  if (!ballots.ok) return ballots;
  const { table, ranked, seats } = ballots.value;
  if (!isElectionMethod(args.method) || !isStvMethod(args.method)) {
    const result = schulze(table());
    const winners = selectWinners(result.ranking, seats);
    return ok(args.format === 'json' ? json(tallyReport(result, winners)) : tallyMarkdown(result, winners));
  }
  const stv = ranked();
  if (!stv.ok) return stv;
  try {
    const result = countStv(args.method, stv.value, { seats, seed: lotSeed(bytes.value) });
    return ok(args.format === 'json' ? json(result) : stvMarkdown(result));
  } catch (error) {
    // The arithmetic refuses values past exact integers rather than miscounting.
    if (error instanceof RangeError) return err({ file: name, message: `cannot count exactly: ${error.message}` });
    throw error;
  }
}

interface FileBallots {
  readonly table: () => BallotTable;
  readonly ranked: () => Result<RankedBallots, Problem>;
  readonly seats: number;
}

function readBallots(name: string, bytes: Uint8Array, args: TallyArgs): Result<FileBallots, Problem> {
  if (args.input === 'blt') {
    const blt = parseBlt(name, bytes);
    if (!blt.ok) return blt;
    const ranked = blt.value.ballots;
    return ok({ table: () => ballotTableFromRanked(ranked), ranked: () => ok(ranked), seats: args.seats ?? blt.value.seats });
  }
  const table = parseBallotCsv(name, bytes);
  if (!table.ok) return table;
  const ranked = (): Result<RankedBallots, Problem> => {
    const strict = rankedBallotsFromTable(table.value);
    // Line 1 is the header; a ballot row is one line (ranks are never quoted).
    return strict.ok ? strict : err({ file: name, line: strict.error.row + 2, message: strict.error.message });
  };
  return ok({ table: () => table.value, ranked, seats: args.seats ?? 1 });
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

async function readInput(file: string, io: CliIo): Promise<Result<Uint8Array, Problem>> {
  try {
    return ok(file === STDIN ? await readStream(process.stdin) : await readFile(resolve(io.cwd, file)));
  } catch (error) {
    return err({ file, message: `cannot read the file: ${describeReadError(error)}` });
  }
}

async function readStream(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
