import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkDelivery } from '../../auth/webhook-auth.js';
import { bodyHmac } from '../../auth/webhook-signature.js';
import type { SyncReport } from '../../app/election-sync.js';
import type { Result } from '../../core/result.js';
import type { AppDeps } from '../app-deps.js';
import { withoutCredentials } from '../without-credentials.js';

/** GitHub caps webhook payloads at 25 MB; bodies are hashed as they stream, never kept. */
const WEBHOOK_BODY_LIMIT = 25 * 1024 * 1024;

/** Generous for GitHub (one delivery per push), tight for anyone guessing signatures. */
const WEBHOOK_RATE_LIMIT = { rateLimit: { max: 60, timeWindow: '1 minute' } };

/** The header each forge authenticates with, for refusals. */
const AUTH_HEADER = { github: 'X-Hub-Signature-256', gitlab: 'X-Gitlab-Token', forgejo: 'X-Forgejo-Signature' } as const;

/** What the body parser of this context leaves in `request.body`: the body's HMAC, or nothing. */
interface SignedBody {
  readonly digest: Buffer | null;
}

/**
 * `POST /v1/webhooks/meta/sync` (SPEC §11, §17), in a context of its own: the forges
 * authenticate their deliveries instead of sending CSRF tokens, so this context replaces every body parser with
 * one that feeds the raw bytes, whatever their content type, into the HMAC of `META_SECRET`.
 *
 * GitHub's, GitLab's and Forgejo/Gitea's deliveries are recognised by their headers
 * (`checkDelivery`); one that does not prove the secret gets 401 and changes nothing (debug
 * mode or not); without `META_SECRET` every delivery gets 503. `ping` is answered with a
 * pong; any other signed event syncs the meta repository (coalesced with other triggers) and
 * answers what changed, or 502 with the reason while the last good catalog keeps serving.
 */
export async function webhookRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const secret = deps.metaSync?.webhookSecret;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request, payload, done) => {
    const declared = Number(request.headers['content-length']);
    if (declared > WEBHOOK_BODY_LIMIT) return done(tooLarge(), undefined);
    const hmac = secret === undefined ? null : bodyHmac(secret);
    let received = 0;
    let finished = false;
    const finish = (error: Error | null, body?: SignedBody) => {
      if (finished) return;
      finished = true;
      done(error, body);
    };
    payload.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > WEBHOOK_BODY_LIMIT) finish(tooLarge());
      else hmac?.update(chunk);
    });
    payload.on('error', (error) => finish(error));
    payload.on('end', () => finish(null, { digest: hmac?.digest() ?? null }));
  });

  app.post('/v1/webhooks/meta/sync', { config: WEBHOOK_RATE_LIMIT }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const sync = deps.metaSync;
    if (sync === undefined || secret === undefined) {
      request.log.warn('webhook delivery refused: META_SECRET is not set');
      return reply.code(503).send({ ok: false, error: 'The webhook is not configured on this server (META_SECRET is not set).' });
    }
    // No body at all (no Content-Type, no length) never reaches the parser: sign the empty body.
    const digest = (request.body as SignedBody | undefined)?.digest ?? bodyHmac(secret).digest();
    const { forge, authentic, event, delivery } = checkDelivery(request.headers, digest, secret);
    if (!authentic) {
      const why = forge === null ? 'no X-Hub-Signature-256, X-Gitlab-Token or X-Forgejo-Signature header' : `${AUTH_HEADER[forge]} does not match META_SECRET`;
      request.log.warn({ delivery, event, forge }, `webhook delivery refused: ${why}`);
      return reply.code(401).send({ ok: false, error: `Missing or invalid webhook authentication (${why}).` });
    }
    if (event === 'ping') return reply.send({ ok: true, event, delivery, message: 'pong' });
    return syncAndSummarize(request, reply, sync.sync(), { event, delivery, serving: () => deps.catalog().catalog.revision });
  });
}

async function syncAndSummarize(
  request: FastifyRequest,
  reply: FastifyReply,
  syncing: Promise<Result<SyncReport, string>>,
  context: { readonly event: string; readonly delivery: string | undefined; readonly serving: () => string | null },
): Promise<FastifyReply> {
  const { event, delivery } = context;
  const outcome = await syncing;
  if (!outcome.ok) {
    request.log.error({ delivery, event, error: outcome.error }, 'meta repository sync failed; the last good catalog keeps serving');
    const error = withoutCredentials(outcome.error);
    return reply.code(502).send({ ok: false, event, delivery, error, serving: context.serving() });
  }
  const summary = summarize(outcome.value);
  request.log.info({ delivery, event, commit: summary.commit, elections: summary.elections }, 'meta repository synced');
  return reply.send({ ok: true, event, delivery, ...summary });
}

/** What a sync changed, for the forge's delivery log and the operator. */
function summarize(report: SyncReport) {
  const { rows, catalog } = report;
  return {
    commit: { before: report.previousCommit, after: report.commit, changed: report.previousCommit !== report.commit },
    elections: {
      total: catalog.list().length,
      added: rows.added,
      updated: rows.updated,
      missing: rows.missing,
      restored: rows.restored,
      invalid: catalog.list().filter((e) => !e.valid).map((e) => e.key),
    },
    // Unsafe changes this push made to running or completed elections (SPEC §14).
    guardrails: report.guardrails.recorded.map(({ key, finding }) => ({ election: key, kind: finding.kind, message: finding.message })),
    ...(report.guardrails.failures.length > 0 && { guardrailFailures: report.guardrails.failures }),
  };
}

function tooLarge(): Error {
  return Object.assign(new Error(`the body is larger than ${WEBHOOK_BODY_LIMIT} bytes`), { statusCode: 413 });
}
