import { chmod, rm } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';

/** Where `elekto serve` listens: TCP (`APP_CONNECT=http`) or a Unix socket (`socket`). */
export type ListenTarget =
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'socket'; readonly path: string };

/**
 * Starts listening and returns the address to print. A stale socket file left by a crashed
 * process is removed first; the socket is made group-writable so a reverse proxy in the same
 * group can connect.
 */
export async function listen(app: FastifyInstance, target: ListenTarget): Promise<string> {
  if (target.kind === 'tcp') return app.listen({ host: target.host, port: target.port });
  await rm(target.path, { force: true });
  await app.listen({ path: target.path });
  await chmod(target.path, 0o660);
  return `unix:${target.path}`;
}

/** How long a graceful shutdown may take before the process exits anyway (docs/production.md). */
export const SHUTDOWN_GRACE_MS = 20_000;
/** Of that, how long the last log lines may take to reach a slow log consumer. */
const LOG_FLUSH_MS = 1_000;

/**
 * Closes the server gracefully on SIGTERM/SIGINT: stop accepting, let requests in flight
 * (a ballot being stored) finish, then run `onClosed` (close the database), then give the
 * last log lines a second to reach stdout. A second signal, or `SHUTDOWN_GRACE_MS` without
 * finishing, exits at once. Nothing on this path waits on a pipe without a deadline: a log
 * reader that stopped reading, or a closed stdout, cannot keep the process alive (issue 12).
 */
export function closeOnSignals(
  app: FastifyInstance,
  onClosed: () => Promise<void>,
  flushLogs: (deadlineMs: number) => Promise<void> = async () => undefined,
): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    app.log.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS - LOG_FLUSH_MS).unref();
    const exit = (code: number) => () => flushLogs(LOG_FLUSH_MS).finally(() => process.exit(code));
    app
      .close()
      .then(onClosed)
      .then(exit(0), (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        return exit(1)();
      });
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
