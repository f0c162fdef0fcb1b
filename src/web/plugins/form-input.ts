import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../http-error.js';

const FORM_TYPE = 'application/x-www-form-urlencoded';

/** A NUL byte, or half of a UTF-16 surrogate pair: text no database column should receive. */
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Hostile input gets a 4xx, never a 5xx, and never reaches the database (SPEC §16), checked
 * once for every route of the context that holds the pages and forms (the webhook, outside it,
 * keeps its JSON):
 * - a POST body must be a form (`application/x-www-form-urlencoded`): 415 before parsing;
 * - every form field and query parameter must be one string (a repeated name is an array): 400;
 * - no text may hold a NUL byte or an unpaired surrogate (PostgreSQL refuses the first, no
 *   UTF-8 column can store the second): 422.
 */
export function acceptFormsOnly(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (request.method !== 'POST') return;
    const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (type !== FORM_TYPE) throw new HttpError(415, 'This address takes only forms sent by a web page (application/x-www-form-urlencoded).');
  });
  app.addHook('preValidation', async (request) => {
    checkFields(request.query, 'query parameter');
    if (request.method === 'POST') checkFields(request.body, 'form field');
  });
}

function checkFields(fields: FastifyRequest['body'], what: string): void {
  if (fields === undefined || fields === null) return;
  if (typeof fields !== 'object') throw new HttpError(400, `The ${what}s could not be read.`);
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value !== 'string') throw new HttpError(400, `The ${what} '${shown(name)}' must be given once, as text.`);
    if (UNSTORABLE.test(name) || UNSTORABLE.test(value)) {
      throw new HttpError(422, `The ${what} '${shown(name)}' contains characters that cannot be stored (a NUL byte or a broken Unicode character).`);
    }
  }
}

/** A field name as it may be echoed in a message: printable and short. */
function shown(name: string): string {
  return name.replace(UNSTORABLE, '\uFFFD').replace(/[^\x20-\x7E\u00A0-\uFFFF]/g, '?').slice(0, 40);
}
