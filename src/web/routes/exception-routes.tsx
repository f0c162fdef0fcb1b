import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createExceptionRequest } from '../../storage/repositories/exception-request-repository.js';
import type { AppDeps } from '../app-deps.js';
import { electionAndStanding, requireViewer, type ElectionContext } from '../election-context.js';
import { detail } from '../election-presenter.js';
import { HttpError } from '../http-error.js';
import { pageContext, sendPage } from '../page-context.js';
import { EXCEPTION_FIELDS, ExceptionPage, type ExceptionField, type ExceptionPageProps } from '../views/exception-page.js';
import { electionPath, enforce } from './ballot-helpers.js';

type ElectionParams = { Params: { eid: string } };

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
    return sendExceptionPage(request, reply, context, { values: {}, errors: [], submitted: false });
  });

  app.post<ElectionParams & { Body: Record<string, unknown> }>('/app/elections/:eid/exception', async (request, reply) => {
    const viewer = requireViewer(request);
    const { context, standing } = await electionAndStanding(deps, request);
    enforce('request-exception', context, standing);
    const values = Object.fromEntries(EXCEPTION_FIELDS.map((f) => [f, typeof request.body[f] === 'string' ? request.body[f] : ''])) as Record<ExceptionField, string>;
    const parsed = exceptionForm.safeParse(values);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => {
        const field = issue.path[0] as ExceptionField;
        return { field, message: issue.message.startsWith('Please') ? issue.message : `${labelOf(field)} ${issue.message}.` };
      });
      return sendExceptionPage(request, reply, context, { values, errors, submitted: false }, 422);
    }
    const stored = await createExceptionRequest(deps.db, { electionId: context.electionId, userId: viewer.userId, input: parsed.data, now: deps.clock() });
    if (!stored.ok) throw new HttpError(409, 'You have already requested an exception for this election.');
    return sendExceptionPage(request, reply, context, { values: {}, errors: [], submitted: true }, 201);
  });
}

function labelOf(field: ExceptionField): string {
  return field.charAt(0).toUpperCase() + field.slice(1);
}

function sendExceptionPage(
  request: FastifyRequest,
  reply: FastifyReply,
  context: ElectionContext,
  state: Pick<ExceptionPageProps, 'values' | 'errors' | 'submitted'>,
  status = 200,
) {
  const election = detail(context.election, context.state);
  return sendPage(
    reply,
    <ExceptionPage
      page={pageContext(request, reply)}
      election={{ name: election.name, href: electionPath(context) }}
      action={electionPath(context, '/exception')}
      descriptionHtml={election.exceptionDescriptionHtml}
      {...state}
    />,
    status,
  );
}
