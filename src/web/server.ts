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

/**
 * Closes the server gracefully on SIGTERM/SIGINT: stop accepting, let requests in flight
 * (a ballot being stored) finish, then run `onClosed` (close the database). A second signal,
 * or 20 s without finishing, exits at once.
 */
export function closeOnSignals(app: FastifyInstance, onClosed: () => Promise<void>): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    app.log.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), 20_000).unref();
    app
      .close()
      .then(onClosed)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
