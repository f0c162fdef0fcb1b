import { formatBlt } from '../../core/ballot-blt.js';
import { formatBallotCsv } from '../../core/ballot-csv.js';
import { ballotTable, type BallotTable } from '../../core/ballot-table.js';
import { rankedBallotsFromTable } from '../../core/ranked-ballots.js';
import { describeDatabaseTarget, type DatabaseTarget } from '../../storage/database-target.js';
import { openDatabase } from '../../storage/open-database.js';
import { readElectionBallots } from '../../storage/repositories/ballot-repository.js';
import { findElectionByKey } from '../../storage/repositories/election-repository.js';
import { CommandFailure, parseCommandArgs, parseIntegerOption, UsageError, type CliIo, type Command } from '../command.js';
import { configFromEnvironment, requireExistingDatabase } from '../cli-config.js';

const usage = `Usage: elekto ballots EID [--format csv|blt] [--seats N]

Prints the anonymous ballots of election EID (its key, such as 2025-steering or
steering---2025), for archiving or for 'elekto tally'. No voter appears anywhere.

  --format csv  (the default) one column per candidate ID (sorted), one row per ballot,
                each cell a rank (1 = most preferred) or "No opinion". Rows come in the
                order of the ballots' random ids, which reveals nothing about who voted
                or when.
  --format blt  the BLT format of STV tools: identical ballots on one line with their
                count, candidates numbered in ID order and named by ID, the election's
                name as title. Only strict orders (no equal ranks) can be written.
  --seats N     the seats line of the BLT file (default 1)

The database is the one configured by DATABASE_URL or the DB_* variables (or .env).
`;

/**
 * Prints the ballot CSV of the election `electionKey` stored at `target`. An unknown key is
 * a failure naming the database looked in.
 */
export async function runBallots(
  target: DatabaseTarget,
  electionKey: string,
  io: Pick<CliIo, 'stdout' | 'stderr'>,
  format: BallotFormat = { kind: 'csv' },
): Promise<number> {
  const where = describeDatabaseTarget(target);
  requireExistingDatabase(target);
  const db = openDatabase(target);
  try {
    const election = await findElectionByKey(db, electionKey);
    if (!election) {
      throw new CommandFailure(
        `no election '${electionKey}' in the ${where}; ` +
          `an election's key is its directory under ELECTION_DIR, with '/' written '---'`,
      );
    }
    const { candidates, ballots } = await readElectionBallots(db, election.id);
    if (ballots.length === 0) io.stderr(`No ballots have been cast in election '${electionKey}'.\n`);
    const table = ballotTable(candidates, ballots);
    io.stdout(format.kind === 'csv' ? formatBallotCsv(table) : bltOf(table, election.name ?? election.key, format.seats));
    return 0;
  } catch (error) {
    if (error instanceof CommandFailure) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new CommandFailure(`cannot read the ballots from the ${where}: ${message}`);
  } finally {
    await db.destroy();
  }
}

export type BallotFormat = { readonly kind: 'csv' } | { readonly kind: 'blt'; readonly seats: number };

function bltOf(table: BallotTable, title: string, seats: number): string {
  const ranked = rankedBallotsFromTable(table);
  if (!ranked.ok) {
    throw new CommandFailure(`ballot ${ranked.error.row + 1} cannot be written as BLT: ${ranked.error.message}; use --format csv`);
  }
  return formatBlt({ title, seats, ballots: ranked.value });
}

/** `elekto ballots EID`: the anonymous ballots of one election, as CSV or BLT. */
export const ballotsCommand: Command = {
  name: 'ballots',
  usage,
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(args, { format: { type: 'string' }, seats: { type: 'string' } });
    const [electionKey, ...extra] = positionals;
    if (electionKey === undefined) throw new UsageError('missing EID, the key of the election');
    if (extra.length > 0) throw new UsageError(`expected one EID, got ${positionals.length}`);
    const kind = values.format ?? 'csv';
    if (kind !== 'csv' && kind !== 'blt') throw new UsageError(`--format must be csv or blt, got '${kind}'`);
    const seats = parseIntegerOption('seats', values.seats, 1) ?? 1;
    const format: BallotFormat = kind === 'csv' ? { kind } : { kind, seats };
    return runBallots(configFromEnvironment(io).database, electionKey, io, format);
  },
};
