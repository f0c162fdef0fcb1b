import { pino, stdSerializers, type DestinationStream, type LevelWithSilent, type Logger } from 'pino';

const REDACTED = '[redacted]';

/**
 * Fields that may carry a secret, wherever a log call puts them: cookies and credentials in
 * headers, OAuth's `code`, `state` and tokens, passphrases, configuration secrets.
 */
const SECRET_FIELDS = ['password', 'passphrase', 'secret', 'token', 'access_token', 'client_secret', 'cookie', 'authorization', 'appKey'];
/** OAuth's `code` and `state`, where they would be logged; `err.code` (`ECONNREFUSED`) is kept. */
const OAUTH_FIELDS = ['code', 'state', 'query.code', 'query.state', 'body.code', 'body.state'];
const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-hub-signature-256"]',
  'res.headers["set-cookie"]',
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]),
  ...OAUTH_FIELDS,
];

/** Query parameters whose values never reach a log line. */
const SECRET_PARAMS = new Set(['code', 'state', 'token', 'access_token', 'client_secret', 'passphrase', 'password']);

/**
 * A rank of a ballot form pre-filled after a new login (`rank:<ID>`), or a login's `next`
 * carrying such ranks: ballot content, which never reaches a log line.
 */
function isBallotContent(name: string, value: string): boolean {
  return name.startsWith('rank:') || (name === 'next' && value.includes('rank'));
}

/** The path of a request URL, without its query string. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** A request URL with the values of secret query parameters replaced. */
export function redactedUrl(url: string): string {
  const query = url.indexOf('?');
  if (query === -1) return url;
  const params = new URLSearchParams(url.slice(query + 1));
  for (const [name, value] of [...params]) {
    if (SECRET_PARAMS.has(name.toLowerCase()) || isBallotContent(name, value)) params.set(name, REDACTED);
  }
  return `${url.slice(0, query)}?${params.toString()}`;
}

interface RequestLike {
  readonly method?: string;
  readonly url?: string;
  readonly ip?: string;
}

/**
 * The JSON logger of `elekto serve`: pino writing one JSON line per record to `destination`,
 * with secrets redacted by configuration (paths and serializers), so that no log call can leak
 * a cookie, an OAuth `code` or `state`, a token or a passphrase (SPEC §15).
 */
export function createLogger(level: LevelWithSilent, destination: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: {
        req: (req: RequestLike) => ({ method: req.method, url: redactedUrl(req.url ?? ''), remoteAddress: req.ip }),
        err: stdSerializers.err,
      },
    },
    destination,
  );
}

/**
 * Node prints process warnings to stderr, synchronously when stderr is a pipe: a stalled
 * reader would stop the server. They become log records instead.
 */
export function logProcessWarnings(logger: Logger): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => logger.warn({ err: warning }, `process warning: ${warning.message}`));
}
