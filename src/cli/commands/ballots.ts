import { formatBallotCsv } from '../../core/ballot-csv.js';
import { ballotTable } from '../../core/ballot-table.js';
import { describeDatabaseTarget, type DatabaseTarget } from '../../storage/database-target.js';
import { openDatabase } from '../../storage/open-database.js';
import { readElectionBallots } from '../../storage/repositories/ballot-repository.js';
import { findElectionByKey } from '../../storage/repositories/election-repository.js';
import { CommandFailure, parseCommandArgs, UsageError, type CliIo, type Command } from '../command.js';
import { configFromEnvironment, requireExistingDatabase } from '../cli-config.js';

const usage = `Usage: elekto ballots EID

Prints the anonymous ballots of election EID (its key, such as 2025-steering or
steering---2025) as CSV, for archiving or for 'elekto tally': one column per candidate
ID (sorted), one row per ballot, each cell a rank (1 = most preferred) or "No opinion".
Rows come in the order of the ballots' random ids, which reveals nothing about who voted
or when. No voter appears anywhere.

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
    io.stdout(formatBallotCsv(ballotTable(candidates, ballots)));
    return 0;
  } catch (error) {
    if (error instanceof CommandFailure) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new CommandFailure(`cannot read the ballots from the ${where}: ${message}`);
  } finally {
    await db.destroy();
  }
}

/** `elekto ballots EID`: the anonymous ballot CSV of one election. */
export const ballotsCommand: Command = {
  name: 'ballots',
  usage,
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {});
    const [electionKey, ...extra] = positionals;
    if (electionKey === undefined) throw new UsageError('missing EID, the key of the election');
    if (extra.length > 0) throw new UsageError(`expected one EID, got ${positionals.length}`);
    return runBallots(configFromEnvironment(io).database, electionKey, io);
  },
};
