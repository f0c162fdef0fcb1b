/**
 * An error a route raises on purpose: it carries the HTTP status and the sentence shown to
 * the user. Anything else that escapes a route is a bug and is shown as a plain 500.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly statusCode: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503,
    message: string,
    /** Seconds, for 503 and 429 answers. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export const notFound = (what = 'page'): HttpError => new HttpError(404, `There is no such ${what}.`);

/** Seconds a client should wait before retrying while the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The 503 for a request the database could not serve (unreachable, lost, too slow). A class of
 * its own, so that the error handler can give a form back (`config.outage`) for this 503 only.
 */
export class DatabaseUnavailable extends HttpError {
  constructor() {
    super(503, 'The database is not answering right now. Please try again in a few seconds.', DATABASE_RETRY_AFTER_SECONDS);
  }
}

export const databaseUnavailable = (): DatabaseUnavailable => new DatabaseUnavailable();
