import type { Result } from '../core/result.js';

/**
 * The narrow interface the web layer logs people in through (SPEC §11, §12).
 *
 * A redirecting provider (GitHub, GitLab, Forgejo, OIDC; one per instance), three steps:
 * 1. `POST /oauth/<kind>/login`: `state = generateState()`, keep it (and the safe post-login
 *    target) in a signed short-lived cookie, redirect to `provider.authorizationUrl(state)`.
 *    The state is the only secret the web layer keeps: providers derive their PKCE verifier
 *    and OIDC nonce from it (see `login-secrets.ts`).
 * 2. The provider sends the browser back to `GET {provider.callbackPath}`.
 * 3. That route calls `provider.completeLogin({ fields: request.query, expectedState })`,
 *    clears the cookie, and on success opens a session for the returned `Identity`.
 *
 * Development (`kind: 'development'`): the login page shows `provider.warning` and a text
 * field named `USERNAME_FIELD`; its POST (CSRF-protected by the web layer) calls the same
 * `completeLogin({ fields: request.body, expectedState: undefined })`, so everything after
 * it — session, redirect, failure page — is shared with the redirecting providers.
 */

/** Who logged in. Nothing else leaves a provider: no access token, no e-mail. */
export interface Identity {
  /** The login as the provider spells it; compared case-insensitively elsewhere. */
  readonly login: string;
  /** The display name, when the user has set one. */
  readonly name: string | null;
}

/** What the browser sent to finish a login, as the web layer parsed it. */
export interface LoginAttempt {
  /** The callback's query string (redirecting providers) or the submitted login form (development). */
  readonly fields: Readonly<Record<string, unknown>>;
  /**
   * The `state` saved when the login started (from the signed cookie); `undefined` when the
   * cookie is missing, expired or forged, which makes a redirecting provider's login fail.
   */
  readonly expectedState: string | undefined;
}

/**
 * Why a login failed; each maps to one HTTP status and one sentence for the user, in which
 * `{provider}` stands for the configured provider's name ("GitHub", "GitLab", "Keycloak").
 */
export const LOGIN_FAILURES = {
  'state-mismatch': {
    status: 400,
    message:
      'Your login could not be verified: it expired or was started in another browser window. Please log in again.',
  },
  'access-denied': {
    status: 403,
    message: 'You cancelled the authorization on {provider}, so you are not logged in. Log in again to continue.',
  },
  'invalid-code': {
    status: 400,
    message: 'This {provider} login link has expired or was already used. Please log in again.',
  },
  'provider-unavailable': {
    status: 502,
    message: '{provider} could not be reached to complete your login. Please try again in a few minutes.',
  },
  'unexpected-response': {
    status: 502,
    message:
      '{provider} answered in an unexpected way, so your login could not be completed. Please try again; if this keeps happening, tell the site operator.',
  },
  'invalid-id-token': {
    status: 400,
    message:
      'The answer from {provider} could not be verified, so you are not logged in. Please log in again; if this keeps happening, tell the site operator.',
  },
  'missing-login': {
    status: 403,
    message:
      'Your {provider} account does not tell this site your username, which voter lists are written in, so you cannot log in. Ask the site operator or your {provider} administrator.',
  },
  'misconfigured': {
    status: 500,
    message: 'Logging in with {provider} is not set up correctly on this site. Please tell the site operator.',
  },
  'invalid-username': {
    status: 400,
    message:
      'Enter a username: 1 to 39 letters, digits or single hyphens, not starting or ending with a hyphen.',
  },
} as const satisfies Record<string, { status: 400 | 403 | 500 | 502; message: string }>;
export type LoginFailureReason = keyof typeof LOGIN_FAILURES;

/** A failed login: a status and sentence for the user, and a detail for the operator's log. */
export interface LoginFailure {
  readonly reason: LoginFailureReason;
  readonly status: (typeof LOGIN_FAILURES)[LoginFailureReason]['status'];
  readonly message: string;
  /** What went wrong, for the log; never contains a token, a client secret or a code. */
  readonly detail: string;
}

/**
 * Builds the failure for `reason`, taking its status and sentence from `LOGIN_FAILURES` with
 * `provider` (the name on the login button) filled in.
 */
export function loginFailure(reason: LoginFailureReason, detail: string, provider: string): LoginFailure {
  const { status, message } = LOGIN_FAILURES[reason];
  return { reason, status, message: message.replaceAll('{provider}', provider), detail };
}

interface ProviderBase {
  /** Turns what the browser sent back into an identity, or says why it cannot. */
  completeLogin(attempt: LoginAttempt): Promise<Result<Identity, LoginFailure>>;
}

/** The identity sources an instance can use (SPEC §17); one per instance, by `AUTH_PROVIDER`. */
export const PROVIDER_KINDS = ['github', 'gitlab', 'forgejo', 'oidc'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** A provider that sends the browser elsewhere to log in (GitHub, GitLab, Forgejo, OIDC). */
export interface RedirectingProvider extends ProviderBase {
  readonly kind: ProviderKind;
  /** The name on the login button and in messages: "GitHub", or `AUTH_DISPLAY_NAME`. */
  readonly displayName: string;
  /** The path of our callback (`GITHUB_REDIRECT` or `AUTH_REDIRECT`), where the provider sends the browser back. */
  readonly callbackPath: string;
  /**
   * The origin that `authorizationUrl` sends the browser to, which the login page's CSP
   * `form-action` must allow (the login form is answered by that redirect); `undefined` when
   * the provider cannot say yet (an OIDC issuer whose discovery document is unreachable).
   */
  authorizationOrigin(): Promise<string | undefined>;
  /**
   * Where to send the browser to start a login that will come back with `state`; a failure
   * when the provider cannot say yet (an OIDC issuer whose discovery document is unreachable).
   */
  authorizationUrl(state: string): Promise<Result<string, LoginFailure>>;
}

/** A provider whose login form is on our own login page (the development login). */
export interface FormProvider extends ProviderBase {
  readonly kind: 'development';
  /** To show prominently on the login page and beside the logged-in user. */
  readonly warning: string;
}

export type IdentityProvider = RedirectingProvider | FormProvider;

/**
 * The field `name` when it was sent exactly once as text; `undefined` otherwise (absent, or
 * repeated, which query parsers turn into an array).
 */
export function textField(fields: LoginAttempt['fields'], name: string): string | undefined {
  const value = fields[name];
  return typeof value === 'string' ? value : undefined;
}
