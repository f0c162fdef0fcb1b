import { syncElections } from '../../app/election-sync.js';
import { configFromEnvironment, openMigratedDatabase } from '../cli-config.js';
import { CommandFailure, parseCommandArgs, type Command } from '../command.js';
import { plural } from '../../core/plural.js';

const usage = `Usage: elekto sync

Brings the local clone of the meta repository (META_PATH) to the head of META_BRANCH of
META_REPO — cloning it the first time — then reads every election and records one row per
election in the database. An election whose directory disappeared is only marked missing:
its ballots, voters and exception requests are kept.

With META_DEPLOYMENT=sidecar (another process keeps META_PATH up to date) it only reads.
The database must be migrated first ('elekto migrate').
`;

/** `elekto sync`: update the meta repository clone and the election rows. */
export const syncCommand: Command = {
  name: 'sync',
  usage,
  async run(args, io) {
    parseCommandArgs(args, {}, false);
    const config = configFromEnvironment(io);
    const { meta } = config;
    const repo = meta.deployment === 'sidecar' ? undefined : meta.repo;
    if (repo === undefined && meta.deployment !== 'sidecar') {
      throw new CommandFailure('META_REPO is not set: set it to the clone URL or local path of the meta repository');
    }
    const db = await openMigratedDatabase(config.database);
    try {
      const outcome = await syncElections(db, { ...meta, repo }, new Date());
      if (!outcome.ok) throw new CommandFailure(outcome.error);
      const { catalog, commit, previousCommit, rows } = outcome.value;
      const invalid = catalog.list().filter((e) => !e.valid);
      const lines = [
        commit === null ? `Read ${meta.path}.` : previousCommit === commit ? `Already at ${commit.slice(0, 12)}.` : `Now at ${commit.slice(0, 12)}${previousCommit ? ` (was ${previousCommit.slice(0, 12)})` : ' (new clone)'}.`,
        `${plural(catalog.list().length, 'election')}, ${invalid.length} with configuration errors${invalid.length ? `: ${invalid.map((e) => e.key).join(', ')} (see 'elekto validate')` : ''}.`,
        ...(['added', 'updated', 'missing', 'restored'] as const)
          .filter((change) => rows[change].length > 0)
          .map((change) => `${change}: ${rows[change].join(', ')}`),
      ];
      io.stdout(`${lines.join('\n')}\n`);
      return 0;
    } finally {
      await db.destroy();
    }
  },
};
