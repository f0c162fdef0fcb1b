import { err, ok, type Result } from '../core/result.js';
import { fetchJson } from './fetch-json.js';
import {
  loginFailure,
  textField,
  type Identity,
  type LoginAttempt,
  type LoginFailure,
  type RedirectingProvider,
} from './identity-provider.js';
import { statesMatch } from './oauth-state.js';

/**
 * GitHub's OAuth web flow (SPEC §11): authorize, exchange the code for an access token, read
 * `GET /user` with it once, and forget it — the token is never stored, returned or logged.
 * Works with GitHub Enterprise Server through `githubUrl` and `apiUrl`.
 */

/** The scopes Elekto 0.6 asks for; GitHub grants read access to the public profile with them. */
export const GITHUB_SCOPE = 'user:login,name';
export const DEFAULT_GITHUB_URL = 'https://github.com';
export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';
/** Elekto 0.6's default `GITHUB_REDIRECT`: the callback path registered with GitHub. */
export const DEFAULT_GITHUB_REDIRECT = '/oauth/github/callback';
export const DEFAULT_GITHUB_TIMEOUT_MS = 10_000;

export interface GitHubProviderOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /**
   * The absolute callback URL, `APP_URL` + `GITHUB_REDIRECT`. GitHub refuses the login unless
   * it is on the host of the callback URL registered for the OAuth application.
   */
  readonly redirectUri: string;
  /** `GITHUB_URL`, where the OAuth pages are; default `https://github.com`. */
  readonly githubUrl?: string;
  /** `GITHUB_API_URL`; default `https://api.github.com` (Enterprise: `https://HOST/api/v3`). */
  readonly apiUrl?: string;
  /** Limit for each call to GitHub; default 10 s. */
  readonly timeoutMs?: number;
}

/**
 * Checks the options once, at boot, and returns the provider, or one message per problem.
 */
export function createGitHubProvider(options: GitHubProviderOptions): Result<RedirectingProvider, readonly string[]> {
  const problems: string[] = [];
  if (!options.clientId) problems.push('GITHUB_CLIENT_ID is required to log in with GitHub.');
  if (!options.clientSecret) problems.push('GITHUB_CLIENT_SECRET is required to log in with GitHub.');
  const redirectUri = httpUrl(options.redirectUri, 'The GitHub callback URL (APP_URL + GITHUB_REDIRECT)', problems);
  const githubUrl = httpUrl(options.githubUrl ?? DEFAULT_GITHUB_URL, 'GITHUB_URL', problems);
  const apiUrl = httpUrl(options.apiUrl ?? DEFAULT_GITHUB_API_URL, 'GITHUB_API_URL', problems);
  const timeoutMs = options.timeoutMs ?? DEFAULT_GITHUB_TIMEOUT_MS;
  if (!(timeoutMs > 0)) problems.push('The GitHub timeout must be a positive number of milliseconds.');
  if (problems.length > 0 || !redirectUri || !githubUrl || !apiUrl) return err(problems);
  return ok(
    new GitHubProvider({
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      redirectUri: redirectUri.href,
      authorizeUrl: endpoint(githubUrl, 'login/oauth/authorize'),
      tokenUrl: endpoint(githubUrl, 'login/oauth/access_token'),
      userUrl: endpoint(apiUrl, 'user'),
      timeoutMs,
    }),
  );
}

interface ResolvedOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly authorizeUrl: URL;
  readonly tokenUrl: URL;
  readonly userUrl: URL;
  readonly timeoutMs: number;
}

const USER_AGENT = 'Elekto';

class GitHubProvider implements RedirectingProvider {
  readonly kind = 'github';
  // Private, so neither the secret nor anything else shows when the provider is logged.
  readonly #options: ResolvedOptions;

  constructor(options: ResolvedOptions) {
    this.#options = Object.freeze(options);
  }

  authorizationUrl(state: string): string {
    const url = new URL(this.#options.authorizeUrl);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.#options.clientId,
      redirect_uri: this.#options.redirectUri,
      scope: GITHUB_SCOPE,
      state,
    }).toString();
    return url.href;
  }

  async completeLogin({ fields, expectedState }: LoginAttempt): Promise<Result<Identity, LoginFailure>> {
    // The state is checked first: a callback we did not start must not reach GitHub at all.
    if (!statesMatch(expectedState, textField(fields, 'state'))) {
      const why = expectedState ? 'did not match the one in the login cookie' : 'arrived without a login cookie';
      return err(loginFailure('state-mismatch', `OAuth callback state ${why}`));
    }
    const error = textField(fields, 'error');
    if (error !== undefined) return err(callbackError(error, textField(fields, 'error_description')));
    const code = textField(fields, 'code');
    if (!code) return err(loginFailure('invalid-code', 'OAuth callback carried neither a code nor an error'));

    const token = await this.#exchangeCode(code);
    if (!token.ok) return token;
    return this.#readProfile(token.value);
  }

  /** `POST /login/oauth/access_token`; GitHub answers errors with HTTP 200 and an `error` field. */
  async #exchangeCode(code: string): Promise<Result<string, LoginFailure>> {
    const { clientId, clientSecret, redirectUri, tokenUrl, timeoutMs } = this.#options;
    const response = await fetchJson(
      tokenUrl,
      {
        method: 'POST',
        headers: {
          'Accept': 'application/json',
          'Content-Type': 'application/x-www-form-urlencoded',
          'User-Agent': USER_AGENT,
        },
        body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret, code, redirect_uri: redirectUri }).toString(),
      },
      'token exchange',
      timeoutMs,
    );
    if (!response.ok) return response;
    const { status, body } = response.value;
    const error = stringProperty(body, 'error');
    if (error !== undefined) return err(tokenError(error, stringProperty(body, 'error_description')));
    const token = stringProperty(body, 'access_token');
    if (status !== 200 || !token) {
      return err(loginFailure('unexpected-response', `token exchange answered HTTP ${status} without an access token`));
    }
    return ok(token);
  }

  /** `GET /user` with the token: the only use of the token, which is then dropped. */
  async #readProfile(token: string): Promise<Result<Identity, LoginFailure>> {
    const response = await fetchJson(
      this.#options.userUrl,
      {
        method: 'GET',
        headers: {
          'Accept': 'application/vnd.github+json',
          'Authorization': `Bearer ${token}`,
          'User-Agent': USER_AGENT,
        },
      },
      'profile read',
      this.#options.timeoutMs,
    );
    if (!response.ok) return response;
    const { status, body } = response.value;
    if (status !== 200) {
      const message = stringProperty(body, 'message');
      return err(loginFailure('unexpected-response', `profile read answered HTTP ${status}${message ? `: ${message}` : ''}`));
    }
    const login = stringProperty(body, 'login');
    // GitHub logins have no spaces; Enterprise managed users add `_shortcode`, so no stricter rule.
    if (!login || /\s/.test(login)) {
      return err(loginFailure('unexpected-response', 'profile read answered without a usable login'));
    }
    return ok({ login, name: stringProperty(body, 'name') || null });
  }
}

/** Errors GitHub puts on the callback instead of a code. */
function callbackError(error: string, description: string | undefined): LoginFailure {
  const detail = `GitHub returned error=${error} to the callback${description ? ` (${description})` : ''}`;
  if (error === 'access_denied') return loginFailure('access-denied', detail);
  if (error === 'redirect_uri_mismatch' || error === 'application_suspended') return loginFailure('misconfigured', detail);
  return loginFailure('unexpected-response', detail);
}

/** Errors of the token exchange: a stale code is the user's to retry, the rest the operator's. */
function tokenError(error: string, description: string | undefined): LoginFailure {
  const detail = `token exchange answered error=${error}${description ? ` (${description})` : ''}`;
  if (error === 'bad_verification_code') return loginFailure('invalid-code', detail);
  if (error === 'incorrect_client_credentials' || error === 'redirect_uri_mismatch') {
    return loginFailure('misconfigured', detail);
  }
  return loginFailure('unexpected-response', detail);
}

function stringProperty(body: unknown, key: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/** Parses an http(s) URL, recording a problem naming `what` when it is not one. */
function httpUrl(text: string, what: string, problems: string[]): URL | undefined {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url && (url.protocol === 'https:' || url.protocol === 'http:')) return url;
  problems.push(`${what} must be an absolute http(s) URL, got ${JSON.stringify(text)}.`);
  return undefined;
}

/** `path` below `base`, keeping a path prefix such as Enterprise's `/api/v3`. */
function endpoint(base: URL, path: string): URL {
  const directory = new URL(base.origin);
  directory.pathname = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  return new URL(path, directory);
}
