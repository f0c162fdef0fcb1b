import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createExceptionRequest } from '../../storage/repositories/exception-request-repository.js';
import type { AppDeps } from '../app-deps.js';
import type { Election } from '../../meta/index.js';
import { electionAndStanding, requireViewer } from '../election-context.js';
import { exceptionDescriptionHtml } from '../election-presenter.js';
import { HttpError } from '../http-error.js';
import { pageContext, sendPage } from '../page-context.js';
import type { OutageRecovery } from '../stale-form.js';
import { EXCEPTION_FIELDS, ExceptionPage, type ExceptionField, type ExceptionPageProps } from '../views/exception-page.js';
import { electionPath, enforce } from './ballot-helpers.js';

type ElectionParams = { Params: { eid: string } };
type ExceptionRequest = ElectionParams & { Body: Record<string, unknown> };

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const required = (max: number, what: string) => text(max).min(1, `Please give ${what}.`);

/** The exception request form (SPEC §6): parsed at the boundary, one message per field. */
const exceptionForm = z.object({
  name: required(255, 'your name'),
  email: required(255, 'an email address').regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Please give a valid email address, like name@example.org.'),
  chat: text(255).default(''),
  description: required(5000, 'your contributions'),
  comments: text(5000).default(''),
});

/** A non-voter asks the officers to be allowed to vote, until `exception_due`. */
export async function exceptionRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get<ElectionParams>('/app/elections/:eid/exception', async (request, reply) => {
    const { context, standing } = await electionAndStanding(deps, request);
    enforce('request-exception', context, standing);
    return sendExceptionPage(request, reply, context.election, { values: {}, errors: [], submitted: false });
  });

  app.post<ExceptionRequest>('/app/elections/:eid/exception', { config: { outage: unavailableException(deps) } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const { context, standing } = await electionAndStanding(deps, request);
    enforce('request-exception', context, standing);
    const values = sentValues(request);
    const parsed = exceptionForm.safeParse(values);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => {
        const field = issue.path[0] as ExceptionField;
        return { field, message: issue.message.startsWith('Please') ? issue.message : `${labelOf(field)} ${issue.message}.` };
      });
      return sendExceptionPage(request, reply, context.election, { values, errors, submitted: false }, 422);
    }
    const stored = await createExceptionRequest(deps.db, { electionId: context.electionId, userId: viewer.userId, input: parsed.data, now: deps.clock() });
    if (!stored.ok) throw new HttpError(409, 'You have already requested an exception for this election.');
    return sendExceptionPage(request, reply, context.election, { values: {}, errors: [], submitted: true }, 201);
  });
}

/**
 * The request form again, with everything typed, when the database is unavailable (503,
 * SPEC §16): from the catalog and the body alone, nothing stored.
 */
function unavailableException(deps: AppDeps): OutageRecovery {
  return async (request, reply, unavailable) => {
    const typed = request as FastifyRequest<ExceptionRequest>;
    const election = deps.catalog().catalog.get(typed.params.eid);
    if (!election) return undefined;
    const state = { values: sentValues(typed), errors: [{ message: unavailable.message }], submitted: false };
    return sendExceptionPage(typed, reply, election, state, unavailable.statusCode);
  };
}

/** The form's fields as sent (a missing one empty). */
function sentValues(request: FastifyRequest<ExceptionRequest>): Record<ExceptionField, string> {
  const body = request.body ?? {};
  return Object.fromEntries(EXCEPTION_FIELDS.map((f) => [f, typeof body[f] === 'string' ? body[f] : ''])) as Record<ExceptionField, string>;
}

function labelOf(field: ExceptionField): string {
  return field.charAt(0).toUpperCase() + field.slice(1);
}

function sendExceptionPage(
  request: FastifyRequest,
  reply: FastifyReply,
  election: Election,
  state: Pick<ExceptionPageProps, 'values' | 'errors' | 'submitted'>,
  status = 200,
) {
  return sendPage(
    reply,
    <ExceptionPage
      page={pageContext(request, reply)}
      election={{ name: election.config.name ?? election.key, href: electionPath({ election }) }}
      action={electionPath({ election }, '/exception')}
      descriptionHtml={exceptionDescriptionHtml(election)}
      {...state}
    />,
    status,
  );
}
