import { err, ok, type Result } from '../core/result.js';
import { fetchJson } from './fetch-json.js';
import {
  loginFailure,
  textField,
  type Identity,
  type LoginAttempt,
  type LoginFailure,
  type LoginFailureReason,
  type RedirectingProvider,
} from './identity-provider.js';
import { LoginSecrets } from './login-secrets.js';
import { secretsMatch } from './secrets-match.js';

/**
 * The OAuth 2.0 authorization code flow of the forges (SPEC §11, §17): GitHub, GitLab and
 * Forgejo/Gitea differ only in paths, scope and the shape of their user API, which a
 * {@link ForgeDialect} describes. Authorize with `state` and PKCE (S256), exchange the code for
 * an access token, read the user once with it, and forget it — the token is never stored,
 * returned or logged.
 */

export const DEFAULT_FORGE_TIMEOUT_MS = 10_000;

/** The environment variables behind each option, so that problems name what to fix. */
export interface ForgeVariables {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirect: string;
  readonly url: string;
  readonly apiUrl: string;
}

/** What makes one forge different from another. */
export interface ForgeDialect {
  readonly kind: 'github' | 'gitlab' | 'forgejo';
  /** The name on the login button unless `AUTH_DISPLAY_NAME` says otherwise. */
  readonly name: string;
  readonly variables: ForgeVariables;
  /** The forge's base URL when none is configured, if it has a public default. */
  readonly defaultUrl: string | undefined;
  /** The API's base URL when none is configured. */
  defaultApiUrl(baseUrl: URL): string;
  /** Below the base URL. */
  readonly authorizePath: string;
  readonly tokenPath: string;
  /** Below the API URL: the authenticated user. */
  readonly userPath: string;
  /** Read access to the user's profile, nothing more. */
  readonly scope: string;
  readonly apiAccept: string;
  /** The login and display name from the user API's answer; `undefined` without a login. */
  readProfile(body: unknown): Identity | undefined;
}

export interface ForgeProviderOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The absolute callback URL, `APP_URL` + the redirect path registered with the forge. */
  readonly redirectUri: string;
  /** Where the OAuth pages are; default the dialect's `defaultUrl`. */
  readonly url?: string;
  /** The REST API; default from the dialect. */
  readonly apiUrl?: string;
  /** `AUTH_DISPLAY_NAME`; default the forge's name. */
  readonly displayName?: string;
  /** Derives the PKCE verifier from the state; built from `APP_KEY` by the composition root. */
  readonly loginSecrets?: LoginSecrets;
  /** Limit for each call to the forge; default 10 s. */
  readonly timeoutMs?: number;
}

/** Checks the options once, at boot, and returns the provider, or one message per problem. */
export function createForgeProvider(
  dialect: ForgeDialect,
  options: ForgeProviderOptions,
): Result<RedirectingProvider, readonly string[]> {
  const { variables: names, name } = dialect;
  const problems: string[] = [];
  if (!options.clientId) problems.push(`${names.clientId} is required to log in with ${name}.`);
  if (!options.clientSecret) problems.push(`${names.clientSecret} is required to log in with ${name}.`);
  const redirectUri = httpUrl(options.redirectUri, `The ${name} callback URL (${names.redirect})`, problems);
  const rawUrl = options.url ?? dialect.defaultUrl;
  if (rawUrl === undefined) problems.push(`${names.url} is required to log in with ${name}: the base URL of the ${name} instance.`);
  const url = rawUrl === undefined ? undefined : httpUrl(rawUrl, names.url, problems);
  const apiText = options.apiUrl ?? (url && dialect.defaultApiUrl(url));
  const apiUrl = apiText === undefined ? undefined : httpUrl(apiText, names.apiUrl, problems);
  const timeoutMs = options.timeoutMs ?? DEFAULT_FORGE_TIMEOUT_MS;
  if (!(timeoutMs > 0)) problems.push(`The ${name} timeout must be a positive number of milliseconds.`);
  if (problems.length > 0 || !redirectUri || !url || !apiUrl) return err(problems);
  return ok(
    new ForgeOAuthProvider(dialect, {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      redirectUri: redirectUri.href,
      displayName: options.displayName || name,
      authorizeUrl: endpoint(url, dialect.authorizePath),
      tokenUrl: endpoint(url, dialect.tokenPath),
      userUrl: endpoint(apiUrl, dialect.userPath),
      secrets: options.loginSecrets ?? new LoginSecrets(),
      timeoutMs,
    }),
  );
}

interface ResolvedOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly displayName: string;
  readonly authorizeUrl: URL;
  readonly tokenUrl: URL;
  readonly userUrl: URL;
  readonly secrets: LoginSecrets;
  readonly timeoutMs: number;
}

const USER_AGENT = 'Elekto';

class ForgeOAuthProvider implements RedirectingProvider {
  readonly kind: ForgeDialect['kind'];
  readonly displayName: string;
  readonly callbackPath: string;
  readonly #dialect: ForgeDialect;
  // Private, so neither the secret nor anything else shows when the provider is logged.
  readonly #options: ResolvedOptions;

  constructor(dialect: ForgeDialect, options: ResolvedOptions) {
    this.#dialect = dialect;
    this.#options = Object.freeze(options);
    this.kind = dialect.kind;
    this.displayName = options.displayName;
    this.callbackPath = new URL(options.redirectUri).pathname;
  }

  /** Always the configured authorization URL's. */
  authorizationOrigin(): Promise<string> {
    return Promise.resolve(this.#options.authorizeUrl.origin);
  }

  async authorizationUrl(state: string): Promise<Result<string, LoginFailure>> {
    const url = new URL(this.#options.authorizeUrl);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.#options.clientId,
      redirect_uri: this.#options.redirectUri,
      scope: this.#dialect.scope,
      state,
      code_challenge: this.#options.secrets.codeChallenge(state),
      code_challenge_method: 'S256',
    }).toString();
    return ok(url.href);
  }

  async completeLogin({ fields, expectedState }: LoginAttempt): Promise<Result<Identity, LoginFailure>> {
    // The state is checked first: a callback we did not start must not reach the forge at all.
    const state = textField(fields, 'state');
    if (!expectedState || !secretsMatch(expectedState, state)) {
      const why = expectedState ? 'did not match the one in the login cookie' : 'arrived without a login cookie';
      return err(this.#failure('state-mismatch', `OAuth callback state ${why}`));
    }
    const error = textField(fields, 'error');
    if (error !== undefined) return err(this.#failure(...callbackError(error, textField(fields, 'error_description'))));
    const code = textField(fields, 'code');
    if (!code) return err(this.#failure('invalid-code', 'OAuth callback carried neither a code nor an error'));

    const token = await this.#exchangeCode(code, this.#options.secrets.derive('pkce-verifier', expectedState));
    if (!token.ok) return token;
    return this.#readProfile(token.value);
  }

  /** The token request; GitHub answers errors with HTTP 200 and an `error` field, the others with 4xx. */
  async #exchangeCode(code: string, codeVerifier: string): Promise<Result<string, LoginFailure>> {
    const { clientId, clientSecret, redirectUri, tokenUrl, timeoutMs, displayName } = this.#options;
    const form = { grant_type: 'authorization_code', client_id: clientId, client_secret: clientSecret, code, redirect_uri: redirectUri, code_verifier: codeVerifier };
    const response = await fetchJson(
      tokenUrl,
      {
        method: 'POST',
        headers: { 'Accept': 'application/json', 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': USER_AGENT },
        body: new URLSearchParams(form).toString(),
      },
      'token exchange',
      timeoutMs,
      displayName,
    );
    if (!response.ok) return response;
    const { status, body } = response.value;
    const error = stringProperty(body, 'error');
    if (error !== undefined) return err(this.#failure(...tokenError(error, stringProperty(body, 'error_description'))));
    const token = stringProperty(body, 'access_token');
    if (status !== 200 || !token) {
      return err(this.#failure('unexpected-response', `token exchange answered HTTP ${status} without an access token`));
    }
    return ok(token);
  }

  /** `GET /user` with the token: the only use of the token, which is then dropped. */
  async #readProfile(token: string): Promise<Result<Identity, LoginFailure>> {
    const { userUrl, timeoutMs, displayName } = this.#options;
    const headers = { 'Accept': this.#dialect.apiAccept, 'Authorization': `Bearer ${token}`, 'User-Agent': USER_AGENT };
    const response = await fetchJson(userUrl, { method: 'GET', headers }, 'profile read', timeoutMs, displayName);
    if (!response.ok) return response;
    const { status, body } = response.value;
    if (status !== 200) {
      const message = stringProperty(body, 'message');
      return err(this.#failure('unexpected-response', `profile read answered HTTP ${status}${message ? `: ${message}` : ''}`));
    }
    const identity = this.#dialect.readProfile(body);
    // Forge logins have no spaces; GitHub's managed users add `_shortcode`, so no stricter rule.
    if (!identity || /\s/.test(identity.login)) {
      return err(this.#failure('unexpected-response', 'profile read answered without a usable login'));
    }
    return ok(identity);
  }

  #failure(reason: LoginFailureReason, detail: string): LoginFailure {
    return loginFailure(reason, detail, this.#options.displayName);
  }
}

/** Errors the forge puts on the callback instead of a code. */
function callbackError(error: string, description: string | undefined): [LoginFailureReason, string] {
  const detail = `the provider returned error=${error} to the callback${description ? ` (${description})` : ''}`;
  if (error === 'access_denied') return ['access-denied', detail];
  if (OPERATOR_ERRORS.has(error)) return ['misconfigured', detail];
  return ['unexpected-response', detail];
}

/** Errors of the token exchange: a stale code is the user's to retry, the rest the operator's. */
function tokenError(error: string, description: string | undefined): [LoginFailureReason, string] {
  const detail = `token exchange answered error=${error}${description ? ` (${description})` : ''}`;
  // GitHub says `bad_verification_code`; RFC 6749 (GitLab, Forgejo) `invalid_grant`.
  if (error === 'bad_verification_code' || error === 'invalid_grant') return ['invalid-code', detail];
  if (OPERATOR_ERRORS.has(error)) return ['misconfigured', detail];
  return ['unexpected-response', detail];
}

/** Errors only the operator can fix (client registration, callback URL, scopes). */
const OPERATOR_ERRORS = new Set([
  'incorrect_client_credentials',
  'redirect_uri_mismatch',
  'application_suspended',
  'invalid_client',
  'unauthorized_client',
  'invalid_scope',
  'unsupported_response_type',
]);

export function stringProperty(body: unknown, key: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/** Parses an http(s) URL, recording a problem naming `what` when it is not one. */
export function httpUrl(text: string, what: string, problems: string[]): URL | undefined {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url && (url.protocol === 'https:' || url.protocol === 'http:')) return url;
  problems.push(`${what} must be an absolute http(s) URL, got ${JSON.stringify(text)}.`);
  return undefined;
}

/** `path` below `base`, keeping a path prefix such as Enterprise's `/api/v3` or a GitLab under `/gitlab`. */
export function endpoint(base: URL, path: string): URL {
  const directory = new URL(base.origin);
  directory.pathname = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  return new URL(path, directory);
}
