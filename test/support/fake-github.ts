import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake GitHub for tests (GitHub is not reachable from CI): the OAuth pages at `url` and the
 * REST API at `apiUrl` (`url` + `/api/v3`, as on GitHub Enterprise), on 127.0.0.1.
 *
 *   const github = await startFakeGitHub({ users: { alice: 'Alice Liddell' } });
 *   github.nextLogin = 'alice';   // the next authorize request signs in at once as alice
 *   ...                           // otherwise it shows a page with "Sign in as alice" buttons
 *   github.failure = 'user-500';  // every later GET /user fails, until `reset()`
 *   await github.close();
 *
 * It checks what GitHub checks: the client id on authorize; client id, secret, a known unused
 * code and the same redirect_uri on the token exchange; `Authorization: Bearer|token` on the
 * API. Every request is recorded in `requests` for assertions.
 */

export const FAKE_GITHUB_FAILURES = [
  /** Authorize sends the browser back with `error=access_denied`, as when the user cancels. */
  'deny',
  'token-500',
  /** The token endpoint answers only after `slowMs`. */
  'token-slow',
  'token-not-json',
  'user-500',
  'user-slow',
  'user-not-json',
  'user-without-login',
] as const;
export type FakeGitHubFailure = (typeof FAKE_GITHUB_FAILURES)[number];

/**
 * What one forge does differently; GitHub's is the default, GitLab's and Forgejo's are in
 * `fake-forges.ts`. The OAuth flow, failures and recording are shared.
 */
export interface FakeForgeDialect {
  readonly name: string;
  readonly authorizePath: string;
  readonly tokenPath: string;
  /** The REST API's prefix below the base URL; the user is at `apiPrefix + '/user'`. */
  readonly apiPrefix: string;
  /** GitHub answers token errors with HTTP 200; RFC 6749 forges with 400 (401 for the client). */
  readonly tokenErrorsAs200: boolean;
  readonly tokenPrefix: string;
  /** The user API's answer; `withoutLogin` drops the login field (the `user-without-login` failure). */
  profile(login: string, id: number, name: string | null, withoutLogin: boolean): Record<string, unknown>;
}

export const FAKE_GITHUB_DIALECT: FakeForgeDialect = {
  name: 'GitHub',
  authorizePath: '/login/oauth/authorize',
  tokenPath: '/login/oauth/access_token',
  apiPrefix: '/api/v3',
  tokenErrorsAs200: true,
  tokenPrefix: 'gho_',
  profile: (login, id, name, withoutLogin) => (withoutLogin ? { id, name } : { login, id, name }),
};

export interface FakeGitHubOptions {
  readonly clientId?: string;
  readonly clientSecret?: string;
  /**
   * Known users, login → display name, offered as buttons on the authorize page; any other
   * login may sign in too, with no name. Default: `octocat`.
   */
  readonly users?: Readonly<Record<string, string | null>>;
  /** How long the `*-slow` failures stay silent; default 2000 ms. */
  readonly slowMs?: number;
  /** Which forge to be; default GitHub. */
  readonly dialect?: FakeForgeDialect;
  /** Organisations for `GET /orgs/:org/members` and `/orgs/:org/teams/:slug/members`. */
  readonly orgs?: Readonly<Record<string, FakeOrg>>;
  /** Personal access tokens the API accepts besides OAuth ones: token → its scopes. */
  readonly personalTokens?: Readonly<Record<string, readonly string[]>>;
}

/** An organisation: its members (in the order GitHub lists them) and its teams by slug. */
export interface FakeOrg {
  readonly members: readonly string[];
  /** Members whose membership is public: all a token without `read:org` gets to see. */
  readonly publicMembers?: readonly string[];
  readonly teams?: Readonly<Record<string, readonly string[]>>;
}

export interface FakeRequest {
  readonly method: string;
  /** The path without the query string. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  /** The parsed form or JSON body; empty for GET. */
  readonly body: Readonly<Record<string, string>>;
}

interface PendingCode {
  readonly login: string;
  readonly redirectUri: string;
  /** The PKCE S256 challenge sent to authorize, if any; the exchange must then prove it. */
  readonly codeChallenge: string | undefined;
}

export class FakeGitHub {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly users: Map<string, string | null>;
  /** Signs the next authorize request in as this login without showing a page; then cleared. */
  nextLogin: string | undefined;
  /** A failure to simulate on every matching request until changed or `reset()`. */
  failure: FakeGitHubFailure | undefined;
  readonly requests: FakeRequest[] = [];
  /** Every access token handed out, in order. */
  readonly issuedTokens: string[] = [];

  readonly dialect: FakeForgeDialect;
  readonly #server: Server;
  readonly #slowMs: number;
  readonly #codes = new Map<string, PendingCode>();
  readonly #tokens = new Map<string, string>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #userIds = new Map<string, number>();
  readonly #orgs: Readonly<Record<string, FakeOrg>>;
  readonly #personalTokens: ReadonlyMap<string, readonly string[]>;

  /** Starts a fake GitHub on a free port of 127.0.0.1. */
  static async start(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
    const github = new FakeGitHub(options);
    await new Promise<void>((resolve) => github.#server.listen(0, '127.0.0.1', resolve));
    return github;
  }

  private constructor(options: FakeGitHubOptions) {
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => sendJson(res, 500, { message: String(error) }));
    });
    this.clientId = options.clientId ?? 'fake-client-id';
    this.clientSecret = options.clientSecret ?? 'fake-client-secret';
    this.users = new Map(Object.entries(options.users ?? { octocat: 'The Octocat' }));
    this.#slowMs = options.slowMs ?? 2000;
    this.dialect = options.dialect ?? FAKE_GITHUB_DIALECT;
    this.#orgs = options.orgs ?? {};
    this.#personalTokens = new Map(Object.entries(options.personalTokens ?? {}));
  }

  /** The OAuth side, `GITHUB_URL`: `http://127.0.0.1:PORT`. */
  get url(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** The REST API, `GITHUB_API_URL`: `url` + `/api/v3`, as on GitHub Enterprise (GitLab `/api/v4`, Forgejo `/api/v1`). */
  get apiUrl(): string {
    return `${this.url}${this.dialect.apiPrefix}`;
  }

  /** How many API requests carried `token`. */
  tokenUses(token: string): number {
    return this.requests.filter((r) => r.path.startsWith(this.dialect.apiPrefix) && bearer(r.headers) === token).length;
  }

  /** The recorded requests to `path` (e.g. `/login/oauth/access_token`, `/api/v3/user`). */
  requestsTo(path: string): FakeRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Forgets requests, codes, tokens, `nextLogin` and `failure`; keeps users. */
  reset(): void {
    this.requests.length = 0;
    this.issuedTokens.length = 0;
    this.#codes.clear();
    this.#tokens.clear();
    this.nextLogin = undefined;
    this.failure = undefined;
  }

  /** Stops the server, cutting off any response still held back by a `*-slow` failure. */
  async close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.#server.close((e) => (e ? reject(e) : resolve())));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const body = await readBody(req);
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
    };
    this.requests.push(request);
    const route = `${request.method} ${request.path}`;
    const { authorizePath, tokenPath, apiPrefix } = this.dialect;
    if (route === `GET ${authorizePath}`) return this.#authorize(request, res);
    if (route === `POST ${authorizePath}`) return this.#decide(request, res);
    if (route === `POST ${tokenPath}`) return this.#exchange(request, res);
    if (route === `GET ${apiPrefix}/user`) return this.#user(request, res);
    const members = new RegExp(`^GET ${apiPrefix}/orgs/([^/]+)(?:/teams/([^/]+))?/members$`).exec(route);
    if (members) return this.#members(request, res, decodeURIComponent(members[1] ?? ''), members[2] && decodeURIComponent(members[2]));
    sendJson(res, 404, { message: 'Not Found' });
  }

  /**
   * Members of an organisation or team, paginated as GitHub does (`per_page` up to 100, `page`,
   * a `Link` header with `rel="next"`), with the token's scopes in `X-OAuth-Scopes`. Without
   * `read:org`, an organisation lists only its public members and a team is not found.
   */
  #members(request: FakeRequest, res: ServerResponse, org: string, team: string | undefined): void {
    const token = bearer(request.headers) ?? '';
    const scopes = this.#personalTokens.get(token) ?? (this.#tokens.has(token) ? ['read:user'] : undefined);
    if (scopes === undefined) return sendJson(res, 401, { message: 'Bad credentials' });
    const headers = { 'X-OAuth-Scopes': scopes.join(', ') };
    const readOrg = scopes.some((scope) => ['read:org', 'write:org', 'admin:org'].includes(scope));
    const found = this.#orgs[org];
    const logins = !found ? undefined : team === undefined ? (readOrg ? found.members : (found.publicMembers ?? [])) : readOrg ? found.teams?.[team] : undefined;
    if (!logins) return sendJson(res, 404, { message: 'Not Found' }, headers);
    const perPage = Math.min(Number(request.query.per_page ?? 30), 100);
    const page = Number(request.query.page ?? 1);
    const slice = logins.slice((page - 1) * perPage, page * perPage);
    const next = page * perPage < logins.length ? new URL(`${this.url}${request.path}`) : undefined;
    next?.searchParams.set('per_page', String(perPage));
    next?.searchParams.set('page', String(page + 1));
    sendJson(res, 200, slice.map((login) => ({ login, type: 'User' })), next ? { ...headers, Link: `<${next.href}>; rel="next"` } : headers);
  }

  #authorize(request: FakeRequest, res: ServerResponse): void {
    const { client_id: clientId, redirect_uri: redirectUri, state = '', code_challenge: challenge } = request.query;
    if (clientId !== this.clientId) return sendHtml(res, 404, '<h1>Not found: unknown client_id</h1>');
    if (!redirectUri || !URL.canParse(redirectUri)) return sendHtml(res, 400, '<h1>redirect_uri is missing or invalid</h1>');
    if (this.failure === 'deny') return this.#redirectDenied(res, redirectUri, state);
    const login = this.nextLogin;
    if (login !== undefined) {
      this.nextLogin = undefined;
      return this.#redirectWithCode(res, login, redirectUri, state, challenge);
    }
    const hidden = { client_id: clientId, redirect_uri: redirectUri, state, ...(challenge ? { code_challenge: challenge } : {}) };
    sendHtml(res, 200, authorizePage(this.dialect, this.users.keys(), hidden));
  }

  /** The authorize page's forms: a login button or field, or Cancel. */
  #decide(request: FakeRequest, res: ServerResponse): void {
    const { client_id: clientId, redirect_uri: redirectUri, state = '', login, decision, code_challenge: challenge } = request.body;
    if (clientId !== this.clientId || !redirectUri || !URL.canParse(redirectUri)) {
      return sendHtml(res, 400, '<h1>Bad authorize form</h1>');
    }
    if (decision === 'deny') return this.#redirectDenied(res, redirectUri, state);
    if (!login) return sendHtml(res, 400, '<h1>Choose a login</h1>');
    this.#redirectWithCode(res, login, redirectUri, state, challenge);
  }

  #redirectWithCode(res: ServerResponse, login: string, redirectUri: string, state: string, codeChallenge: string | undefined): void {
    const code = randomBytes(10).toString('hex');
    this.#codes.set(code, { login, redirectUri, codeChallenge });
    redirect(res, redirectUri, { code, state });
  }

  #redirectDenied(res: ServerResponse, redirectUri: string, state: string): void {
    redirect(res, redirectUri, {
      error: 'access_denied',
      error_description: 'The user has denied your application access.',
      state,
    });
  }

  #exchange(request: FakeRequest, res: ServerResponse): void {
    if (this.failure === 'token-500') return sendHtml(res, 500, '<h1>Unicorn!</h1>');
    if (this.failure === 'token-not-json') return sendHtml(res, 200, '<h1>Sign in to continue</h1>');
    if (this.failure === 'token-slow') return this.#later(() => this.#answerExchange(request, res));
    this.#answerExchange(request, res);
  }

  #answerExchange(request: FakeRequest, res: ServerResponse): void {
    const { client_id: clientId, client_secret: clientSecret, code = '', redirect_uri: redirectUri, code_verifier: verifier } = request.body;
    const wantsJson = (request.headers.accept ?? '').includes('application/json');
    const github = this.dialect.tokenErrorsAs200;
    // GitHub reports these errors with HTTP 200, in the format the client asked for; the others with 4xx JSON.
    const answer = (fields: Record<string, string>, status = 200): void =>
      wantsJson || !github ? sendJson(res, github ? 200 : status, fields) : send(res, 200, 'application/x-www-form-urlencoded', new URLSearchParams(fields).toString());
    if (clientId !== this.clientId || clientSecret !== this.clientSecret) {
      const error = github ? 'incorrect_client_credentials' : 'invalid_client';
      return answer({ error, error_description: 'The client_id and/or client_secret passed are incorrect.' }, 401);
    }
    const pending = this.#codes.get(code);
    const stale = github ? 'bad_verification_code' : 'invalid_grant';
    if (!pending) {
      return answer({ error: stale, error_description: 'The code passed is incorrect or expired.' }, 400);
    }
    if (redirectUri !== undefined && redirectUri !== pending.redirectUri) {
      const error = github ? 'redirect_uri_mismatch' : 'invalid_grant';
      return answer({ error, error_description: 'The redirect_uri MUST match the registered callback URL for this application.' }, 400);
    }
    if (pending.codeChallenge !== undefined && s256(verifier ?? '') !== pending.codeChallenge) {
      return answer({ error: stale, error_description: 'The PKCE code verifier does not match the challenge.' }, 400);
    }
    this.#codes.delete(code); // single use, as on GitHub
    const token = `${this.dialect.tokenPrefix}${randomBytes(18).toString('hex')}`;
    this.#tokens.set(token, pending.login);
    this.issuedTokens.push(token);
    answer({ access_token: token, token_type: 'bearer', scope: '' });
  }

  #user(request: FakeRequest, res: ServerResponse): void {
    if (this.failure === 'user-500') return sendJson(res, 500, { message: 'Server Error' });
    if (this.failure === 'user-not-json') return sendHtml(res, 200, '<h1>Maintenance</h1>');
    if (this.failure === 'user-slow') return this.#later(() => this.#answerUser(request, res));
    this.#answerUser(request, res);
  }

  #answerUser(request: FakeRequest, res: ServerResponse): void {
    const login = this.#tokens.get(bearer(request.headers) ?? '');
    if (login === undefined) return sendJson(res, 401, { message: 'Bad credentials' });
    const id = this.#userIds.get(login) ?? 1000 + this.#userIds.size;
    this.#userIds.set(login, id);
    sendJson(res, 200, this.dialect.profile(login, id, this.users.get(login) ?? null, this.failure === 'user-without-login'));
  }

  #later(respond: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      respond();
    }, this.#slowMs);
    this.#timers.add(timer);
  }
}

/** Starts a fake GitHub on a free port of 127.0.0.1. */
export const startFakeGitHub = (options?: FakeGitHubOptions): Promise<FakeGitHub> => FakeGitHub.start(options);

/** The token of `Authorization: Bearer X` or GitHub's older `Authorization: token X`. */
function bearer(headers: IncomingHttpHeaders): string | undefined {
  return /^(?:bearer|token) (\S+)$/i.exec(headers.authorization ?? '')?.[1];
}

async function readBody(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    return Object.fromEntries(Object.entries(JSON.parse(text) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  }
  return Object.fromEntries(new URLSearchParams(text));
}

function redirect(res: ServerResponse, target: string, params: Record<string, string>): void {
  const url = new URL(target);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  res.writeHead(302, { Location: url.href }).end();
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'Content-Type': type }).end(body);
}
const sendJson = (res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void =>
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body), headers);
const sendHtml = (res: ServerResponse, status: number, body: string, title = 'Fake forge'): void =>
  send(res, status, 'text/html; charset=utf-8', `<!doctype html><html lang="en"><title>${title}</title>${body}</html>`);

/** The PKCE S256 challenge of a verifier. */
const s256 = (verifier: string): string => createHash('sha256').update(verifier, 'ascii').digest('base64url');

/** The forge's consent page, reduced to what a browser test clicks. */
function authorizePage(dialect: FakeForgeDialect, logins: Iterable<string>, hidden: Record<string, string>): string {
  const fields = Object.entries(hidden)
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
    .join('');
  const form = (inner: string): string => `<form method="post" action="${dialect.authorizePath}">${fields}${inner}</form>`;
  const buttons = [...logins].map((login) =>
    form(`<button type="submit" name="login" value="${escape(login)}">Sign in as ${escape(login)}</button>`),
  );
  return [
    '<h1>Authorize application</h1>',
    ...buttons,
    form(`<label>${dialect.name} login <input name="login" required></label><button type="submit">Sign in</button>`),
    form('<button type="submit" name="decision" value="deny">Cancel</button>'),
  ].join('\n');
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
