import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { ELEKTO_VERSION } from '../../app/version.js';
import { listOpenGuardrails, type GuardrailWarning } from '../../storage/repositories/guardrail-repository.js';
import { readSyncState, type SyncState } from '../../storage/repositories/sync-state-repository.js';
import type { AppDeps } from '../app-deps.js';
import { withinMs } from '../bounded-wait.js';
import { withoutCredentials } from '../without-credentials.js';

/**
 * `GET /health`: readiness (SPEC §6, §15), with this Elekto's version. 200 when the database answers,
 * 503 when it does not (`database`: `unreachable` when it refused or failed, `timeout` when it
 * did not answer within {@link HEALTH_DATABASE_BOUND_MS}, SPEC §16), with the catalog this
 * server serves and where the meta repository
 * sync stands (docs/production.md describes every field).
 *
 * A failing sync keeps the status 200: the last good catalog still serves, so the server is
 * ready; the failure shows in `sync.lastError` (the last recorded sync, shared by every
 * replica) and `sync.replica` (this server's latest attempt), and in the log.
 */
export async function healthRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  // Liveness: the process answers. Never touches the database, so a database outage makes
  // pods unready (`/health`), not restarted.
  app.get('/livez', (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));
  app.get('/health', async (_request, reply) => {
    const { catalog, electionIds } = deps.catalog();
    const state = await withinMs(
      sql`select 1`.execute(deps.db).then(
        () => readSyncState(deps.db).catch(() => null),
        () => 'unreachable' as const,
      ),
      HEALTH_DATABASE_BOUND_MS,
      'timeout' as const,
    );
    const database = state === 'unreachable' || state === 'timeout' ? state : 'ok';
    const listed = database === 'ok' ? await withinMs(listOpenGuardrails(deps.db).catch(() => null), HEALTH_DATABASE_BOUND_MS, 'timeout' as const) : null;
    const guardrails = listed === 'timeout' ? null : listed;
    const failure = deps.metaSync?.lastFailure() ?? null;
    const body = {
      status: database === 'ok' ? 'ok' : 'unavailable',
      version: ELEKTO_VERSION,
      database,
      catalog: { revision: catalog.revision, elections: catalog.list().length },
      sync: {
        ...syncFields(database === 'ok' ? (state as SyncState | null) : null),
        replica: { lastError: failure ? withoutCredentials(failure.message) : null, lastErrorAt: failure?.at.toISOString() ?? null },
      },
      guardrails: guardrails && guardrailFields(guardrails, electionIds),
    };
    return reply.code(database === 'ok' ? 200 : 503).header('cache-control', 'no-store').send(body);
  });
}

/**
 * How long `/health` waits for the database: below the probes' usual 5 s timeout, so a hung
 * database shows as `timeout` (503) instead of a probe that never hears back.
 */
export const HEALTH_DATABASE_BOUND_MS = 2_000;

/** The recorded sync, shared by every replica; all `null` when it cannot be read. */
function syncFields(state: SyncState | null) {
  return {
    revision: state?.revision ?? null,
    generation: state?.generation ?? null,
    syncedAt: state?.syncedAt?.toISOString() ?? null,
    lastError: state?.lastError ? withoutCredentials(state.lastError) : null,
    lastErrorAt: state?.lastErrorAt?.toISOString() ?? null,
  };
}

/** The open guardrail warnings (SPEC §14), by election key; they never change the status. */
function guardrailFields(warnings: readonly GuardrailWarning[], electionIds: ReadonlyMap<string, number>) {
  const keys = new Map([...electionIds].map(([key, id]) => [id, key]));
  return warnings.map((w) => ({
    election: keys.get(w.electionId) ?? null,
    kind: w.kind,
    message: w.message,
    file: w.file,
    line: w.line,
    commit: w.commit,
    since: w.createdAt.toISOString(),
  }));
}
