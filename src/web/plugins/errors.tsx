import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isDatabaseUnavailable } from '../../storage/driver-errors.js';
import { databaseUnavailable, HttpError } from '../http-error.js';
import { expiredLoginRecovery, staleFormRecovery, unavailableFormRecovery, type StaleFormRecovery } from '../stale-form.js';
import { pageContext, sendPage } from '../page-context.js';
import { ErrorPage } from '../views/error-page.js';

export interface ErrorOptions {
  /** Show the messages of unexpected errors (development only); never in production. */
  readonly exposeInternalErrors: boolean;
}

/**
 * One error handler renders every error page with its real status (SPEC §6: error pages are
 * not 200). Deliberate `HttpError`s show their sentence; Fastify's own 4xx errors (bad body,
 * CSRF, rate limit) show a fixed sentence for their status; anything else is a 500 whose
 * details go to the log only, unless `exposeInternalErrors`.
 */
async function errors(app: FastifyInstance, options: ErrorOptions): Promise<void> {
  app.setErrorHandler(async (thrown: FastifyError, request, reply) => {
    const recovered = await recoverForm(request, reply, recoveryFor(thrown, request));
    if (recovered) return recovered;
    // An unreachable or slow database is not a bug: 503 with Retry-After (SPEC §16).
    const error = isDatabaseUnavailable(thrown) ? databaseUnavailable() : thrown;
    const { status, message } = describe(error, options.exposeInternalErrors);
    if (status >= 500) request.log.error({ err: thrown }, 'request failed');
    if (error instanceof HttpError && error.retryAfter !== undefined) reply.header('retry-after', String(error.retryAfter));
    return respond(request, reply, status, message);
  });
  app.setNotFoundHandler((request, reply) => respond(request, reply, 404, 'There is no such page.'));
}

function describe(error: FastifyError | HttpError, expose: boolean): { status: number; message: string } {
  if (error instanceof HttpError) return { status: error.statusCode, message: error.message };
  const status = error.statusCode ?? 500;
  if (isCsrfFailure(error)) {
    return { status, message: 'This form has expired or was not sent from this site. Please go back, reload the page and try again.' };
  }
  if (status === 429) return { status, message: 'Too many attempts. Please wait a minute and try again.' };
  if (status >= 400 && status < 500) return { status, message: `The request could not be understood: ${error.message}` };
  return { status: 500, message: expose ? `Internal error: ${error.message}` : 'Something went wrong on our side. Please try again later.' };
}

function isCsrfFailure(error: FastifyError): boolean {
  return error.statusCode === 403 && error.code?.startsWith('FST_CSRF') === true;
}

/** The route's own answer to a refused CSRF token, an expired login or an unavailable database (input kept), if it has one. */
function recoveryFor(error: FastifyError, request: FastifyRequest): StaleFormRecovery | undefined {
  if (isCsrfFailure(error)) return staleFormRecovery(request);
  if (isDatabaseUnavailable(error) || (error instanceof HttpError && error.statusCode === 503)) return unavailableFormRecovery(request);
  return error instanceof HttpError && error.statusCode === 401 ? expiredLoginRecovery(request) : undefined;
}

async function recoverForm(request: FastifyRequest, reply: FastifyReply, recover: StaleFormRecovery | undefined): Promise<FastifyReply | undefined> {
  if (!recover) return undefined;
  try {
    return await recover(request, reply);
  } catch (error) {
    request.log.info({ err: error }, 'an expired form could not be shown again');
    return undefined;
  }
}

function respond(request: FastifyRequest, reply: FastifyReply, status: number, message: string): FastifyReply {
  if (request.headers.accept?.includes('application/json') && !request.headers.accept.includes('text/html')) {
    return reply.code(status).send({ error: message, statusCode: status });
  }
  return sendPage(reply, <ErrorPage page={pageContext(request, reply)} status={status} message={message} />, status);
}

export const errorsPlugin = fp(errors, { name: 'elekto-errors' });
