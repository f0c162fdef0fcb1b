import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseBallotCsv } from '../../core/ballot-csv.js';
import { formatProblem, type Problem } from '../../core/problem.js';
import { err, ok, type Result } from '../../core/result.js';
import { schulze, type SchulzeResult } from '../../core/schulze.js';
import { tallyMarkdown } from '../../core/tally-markdown.js';
import { tallyReport } from '../../core/tally-report.js';
import { selectWinners } from '../../core/winners.js';
import { parseCommandArgs, parseIntegerOption, UsageError, type CliIo, type Command } from '../command.js';

const FORMATS = ['text', 'json'] as const;
type Format = (typeof FORMATS)[number];

const STDIN = '-';

const usage = `Usage: elekto tally FILE.csv [--winners N] [--format text|json]

Counts a ballot CSV offline with the Schulze method, exactly as the server does.
FILE.csv has a header of candidate IDs and one row per ballot; each cell is a rank
(1 = most preferred) or "No opinion". Use - to read standard input.

Options:
  --winners N      seats to fill (default 1); a tie at the cutoff is reported, never broken
  --format FORMAT  text (Markdown tables for results.md, the default) or json
`;

/** `elekto tally`: the CSV reader and printer around the same count the server runs. */
export const tallyCommand: Command = {
  name: 'tally',
  usage,
  async run(args, io) {
    const { file, seats, format } = parseTallyArgs(args);
    const counted = await countFile(file, io);
    if (!counted.ok) {
      io.stderr(`${formatProblem(counted.error)}\n`);
      return 1;
    }
    const result = counted.value;
    const winners = selectWinners(result.ranking, seats);
    io.stdout(format === 'json' ? `${JSON.stringify(tallyReport(result, winners), null, 2)}\n` : tallyMarkdown(result, winners));
    return 0;
  },
};

function parseTallyArgs(args: readonly string[]): { file: string; seats: number; format: Format } {
  const { values, positionals } = parseCommandArgs(args, {
    winners: { type: 'string' },
    format: { type: 'string' },
  });
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError('missing FILE.csv (use - for standard input)');
  if (extra.length > 0) throw new UsageError(`expected one FILE.csv, got ${positionals.length} files`);
  const format = values.format ?? 'text';
  if (!isFormat(format)) throw new UsageError(`--format must be ${FORMATS.join(' or ')}, got '${format}'`);
  return { file, seats: parseIntegerOption('winners', values.winners, 1) ?? 1, format };
}

function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

async function countFile(file: string, io: CliIo): Promise<Result<SchulzeResult, Problem>> {
  const name = file === STDIN ? '<stdin>' : file;
  const bytes = await readInput(file, io);
  if (!bytes.ok) return bytes;
  const table = parseBallotCsv(name, bytes.value);
  return table.ok ? ok(schulze(table.value)) : table;
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
