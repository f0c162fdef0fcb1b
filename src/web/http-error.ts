/**
 * An error a route raises on purpose: it carries the HTTP status and the sentence shown to
 * the user. Anything else that escapes a route is a bug and is shown as a plain 500.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly statusCode: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503,
    message: string,
    /** Seconds, for 503 and 429 answers. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export const notFound = (what = 'page'): HttpError => new HttpError(404, `There is no such ${what}.`);
