import { join } from 'node:path';
import { isDemo, prepareDemoSource } from '../../app/demo-setup.js';
import { createLogger, logProcessWarnings } from '../../app/logger.js';
import { openLogSink } from '../../app/log-sink.js';
import { ELEKTO_VERSION } from '../../app/version.js';
import { createWebServer } from '../../server/web-server.js';
import { describeDatabaseTarget } from '../../storage/database-target.js';
import { migrateDatabase } from '../../storage/migrate-database.js';
import { describeMigrationRefusal } from '../../storage/migration-refusal.js';
import { openDatabase } from '../../storage/open-database.js';
import { listenForMetrics } from '../../web/metrics-server.js';
import { closeOnSignals, listen, type ListenTarget } from '../../web/server.js';
import { configFromEnvironment, openMigratedDatabase } from '../cli-config.js';
import { CommandFailure, parseCommandArgs, type Command } from '../command.js';

const usage = `Usage: elekto serve

Runs the web service on APP_HOST:APP_PORT (default port 5000), or on the Unix socket
./elekto.sock when APP_CONNECT=socket (speak HTTP to it: proxy_pass, not uwsgi_pass).
The database must be migrated first ('elekto migrate'); the meta repository is synced
before the first request is answered, then again on every signed GitHub webhook
(POST /v1/webhooks/meta/sync, checked with META_SECRET) and every META_SYNC_INTERVAL
seconds if set. Several 'elekto serve' processes may share one PostgreSQL or MySQL
database: each follows the others' syncs within seconds.

With no configuration at all it runs the demo: SQLite in ./data (migrated automatically),
a generated meta repository with an upcoming, a running and a completed election, and the
development login.
`;

/** `elekto serve`: the web service. Stops gracefully on SIGTERM or SIGINT. */
export const serveCommand: Command = {
  name: 'serve',
  usage,
  async run(args, io) {
    parseCommandArgs(args, {}, false);
    const config = configFromEnvironment(io);
    const demo = isDemo(config);
    const now = new Date();
    const source = demo
      ? await prepareDemoSource(config, now)
      : ({ ok: true, value: { ...config.meta, repo: config.meta.deployment === 'sidecar' ? undefined : config.meta.repo } } as const);
    if (!source.ok) throw new CommandFailure(source.error);

    const db = demo ? await migratedDemoDatabase(config.database) : await openMigratedDatabase(config.database);
    // From here on, stdout carries JSON log lines only, written without ever blocking (issue 12).
    const logSink = openLogSink(1);
    const logger = createLogger(config.logLevel, logSink);
    logProcessWarnings(logger);
    const server = await createWebServer(config, db, source.value, {
      logger,
      droppedLogLines: () => logSink.dropped,
      warn: (message) => logger.warn(message),
    });
    if (!server.ok) {
      await db.destroy();
      throw new CommandFailure(server.error.join('\n'));
    }
    const target: ListenTarget =
      config.app.connect === 'socket' ? { kind: 'socket', path: join(io.cwd, 'elekto.sock') } : { kind: 'tcp', ...config.listen };
    const address = await listen(server.value.app, target).catch(async (error: unknown) => {
      await server.value.app.close();
      await db.destroy();
      throw listenFailure(error, target);
    });
    const metrics = await listenForMetrics(server.value.metrics, config);
    closeOnSignals(
      server.value.app,
      async () => {
        await metrics?.close();
        await db.destroy();
      },
      (deadlineMs) => logSink.flush(deadlineMs),
    );
    const url = target.kind === 'tcp' && config.environment === 'development' ? `http://localhost:${config.listen.port}` : address;
    logger.info({ url, version: ELEKTO_VERSION, metrics: metrics?.address }, `Elekto is running at ${url}`);
    if (config.devLogin) logger.warn('Development login is ON: anyone can log in as anyone. Never use APP_ENV=development in production.');
    if (demo) logger.info('Demo: log in as alice to vote in the running election, or as officer for the officer console.');
    return new Promise<number>(() => undefined);
  },
};

/** A port in use is a one-line message naming the setting to change; anything else as it is. */
function listenFailure(error: unknown, target: ListenTarget): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (target.kind === 'tcp' && code === 'EADDRINUSE') {
    return new CommandFailure(`port ${target.port} is already in use by another program: set APP_PORT to a free port`);
  }
  return error;
}

/** The demo's own SQLite database, migrated on start (the only case Elekto migrates silently). */
async function migratedDemoDatabase(target: Parameters<typeof openDatabase>[0]) {
  const db = openDatabase(target);
  const migrated = await migrateDatabase(db, target.dialect);
  if (!migrated.ok) {
    await db.destroy();
    throw new CommandFailure(`cannot prepare the demo ${describeDatabaseTarget(target)}: ${describeMigrationRefusal(migrated.error)}`);
  }
  return db;
}
