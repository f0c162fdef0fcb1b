import type { Result } from '../core/result.js';

/**
 * The narrow interface the web layer logs people in through (SPEC §11, §12).
 *
 * GitHub (`kind: 'github'`), three steps, all routes tiny:
 * 1. `POST /oauth/github/login`: `state = generateState()`, keep it (and the safe post-login
 *    target) in a signed short-lived cookie, redirect to `provider.authorizationUrl(state)`.
 * 2. GitHub sends the browser back to `GET {GITHUB_REDIRECT}`.
 * 3. That route calls `provider.completeLogin({ fields: request.query, expectedState })`,
 *    clears the cookie, and on success opens a session for the returned `Identity`.
 *
 * Development (`kind: 'development'`): the login page shows `provider.warning` and a text
 * field named `USERNAME_FIELD`; its POST (CSRF-protected by the web layer) calls the same
 * `completeLogin({ fields: request.body, expectedState: undefined })`, so everything after
 * it — session, redirect, failure page — is shared with GitHub.
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
  /** The callback's query string (GitHub) or the submitted login form (development). */
  readonly fields: Readonly<Record<string, unknown>>;
  /**
   * The `state` saved when the login started (from the signed cookie); `undefined` when the
   * cookie is missing, expired or forged, which makes a GitHub login fail.
   */
  readonly expectedState: string | undefined;
}

/** Why a login failed; each maps to one HTTP status and one sentence for the user. */
export const LOGIN_FAILURES = {
  'state-mismatch': {
    status: 400,
    message:
      'Your login could not be verified: it expired or was started in another browser window. Please log in again.',
  },
  'access-denied': {
    status: 403,
    message: 'You cancelled the authorization on GitHub, so you are not logged in. Log in again to continue.',
  },
  'invalid-code': {
    status: 400,
    message: 'This GitHub login link has expired or was already used. Please log in again.',
  },
  'github-unavailable': {
    status: 502,
    message: 'GitHub could not be reached to complete your login. Please try again in a few minutes.',
  },
  'unexpected-response': {
    status: 502,
    message:
      'GitHub answered in an unexpected way, so your login could not be completed. Please try again; if this keeps happening, tell the site operator.',
  },
  'misconfigured': {
    status: 500,
    message: 'Logging in with GitHub is not set up correctly on this site. Please tell the site operator.',
  },
  'invalid-username': {
    status: 400,
    message:
      'Enter a GitHub username: 1 to 39 letters, digits or single hyphens, not starting or ending with a hyphen.',
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

/** Builds the failure for `reason`, taking its status and sentence from `LOGIN_FAILURES`. */
export function loginFailure(reason: LoginFailureReason, detail: string): LoginFailure {
  const { status, message } = LOGIN_FAILURES[reason];
  return { reason, status, message, detail };
}

interface ProviderBase {
  /** Turns what the browser sent back into an identity, or says why it cannot. */
  completeLogin(attempt: LoginAttempt): Promise<Result<Identity, LoginFailure>>;
}

/** A provider that sends the browser elsewhere to log in (GitHub). */
export interface RedirectingProvider extends ProviderBase {
  readonly kind: 'github';
  /** Where to send the browser to start a login that will come back with `state`. */
  authorizationUrl(state: string): string;
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
