import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppDeps } from '../app-deps.js';

/**
 * `GET /health`: liveness and readiness in one (SPEC §6). 200 when the database answers,
 * 503 when it does not, with the catalog revision and election count for operators.
 */
export async function healthRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/health', async (_request, reply) => {
    const { catalog } = deps.catalog();
    const database = await sql`select 1`.execute(deps.db).then(
      () => 'ok' as const,
      () => 'unreachable' as const,
    );
    const body = {
      status: database === 'ok' ? 'ok' : 'unavailable',
      database,
      catalog: { revision: catalog.revision, elections: catalog.list().length },
    };
    return reply.code(database === 'ok' ? 200 : 503).header('cache-control', 'no-store').send(body);
  });
}
