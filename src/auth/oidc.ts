import * as oauth from 'oauth4webapi';
import { err, ok, type Result } from '../core/result.js';
import { httpUrl } from './forge-oauth.js';
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
 * OpenID Connect (SPEC §17): Keycloak, Dex, Authentik, any conforming provider, through
 * `oauth4webapi` — discovery, the authorization code flow with `state`, PKCE and a nonce, and
 * the ID token validated by the library (issuer, audience, expiry, nonce, and its signature
 * against the provider's JWKS), never by hand. The login is the claim `OIDC_LOGIN_CLAIM` of
 * the ID token, or of the UserInfo answer when the ID token lacks it; tokens are used once
 * and dropped.
 */

export const DEFAULT_OIDC_TIMEOUT_MS = 10_000;
/** How long a discovery document is trusted before it is fetched again. */
const DISCOVERY_TTL_MS = 3600_000;

export interface OidcProviderOptions {
  /** `AUTH_URL`, the issuer identifier; discovery is at `/.well-known/openid-configuration` below it. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** `APP_URL` + `AUTH_REDIRECT`. */
  readonly redirectUri: string;
  /** `OIDC_LOGIN_CLAIM`, default `preferred_username`. */
  readonly loginClaim?: string;
  /** `OIDC_SCOPES`, default `openid profile`; `openid` is added when missing. */
  readonly scopes?: string;
  /** `AUTH_DISPLAY_NAME`, default "OpenID Connect". */
  readonly displayName?: string;
  readonly loginSecrets?: LoginSecrets;
  readonly timeoutMs?: number;
}

/** Checks the options once, at boot (discovery waits for the first login), or says what is wrong. */
export function createOidcProvider(options: OidcProviderOptions): Result<RedirectingProvider, readonly string[]> {
  const problems: string[] = [];
  const issuer = httpUrl(options.issuer, 'AUTH_URL (the OIDC issuer)', problems);
  if (!options.clientId) problems.push('AUTH_CLIENT_ID is required to log in with OpenID Connect.');
  if (!options.clientSecret) problems.push('AUTH_CLIENT_SECRET is required to log in with OpenID Connect.');
  const redirectUri = httpUrl(options.redirectUri, 'The OIDC callback URL (APP_URL + AUTH_REDIRECT)', problems);
  const loginClaim = options.loginClaim ?? 'preferred_username';
  if (!/^[\w.:-]+$/.test(loginClaim)) problems.push(`OIDC_LOGIN_CLAIM must be a claim name, got ${JSON.stringify(loginClaim)}.`);
  const scopes = new Set((options.scopes ?? 'openid profile').split(/\s+/).filter(Boolean));
  scopes.add('openid');
  const timeoutMs = options.timeoutMs ?? DEFAULT_OIDC_TIMEOUT_MS;
  if (problems.length > 0 || !issuer || !redirectUri) return err(problems);
  return ok(
    new OidcProvider({
      issuer,
      client: { client_id: options.clientId },
      clientSecret: options.clientSecret,
      redirectUri: redirectUri.href,
      loginClaim,
      scope: [...scopes].join(' '),
      displayName: options.displayName || 'OpenID Connect',
      secrets: options.loginSecrets ?? new LoginSecrets(),
      timeoutMs,
    }),
  );
}

interface ResolvedOptions {
  readonly issuer: URL;
  readonly client: oauth.Client;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly loginClaim: string;
  readonly scope: string;
  readonly displayName: string;
  readonly secrets: LoginSecrets;
  readonly timeoutMs: number;
}

/** A failure already mapped, thrown inside a login and caught at its edge. */
class Refusal extends Error {
  constructor(
    readonly reason: LoginFailureReason,
    readonly detail: string,
  ) {
    super(detail);
  }
}

class OidcProvider implements RedirectingProvider {
  readonly kind = 'oidc';
  readonly displayName: string;
  readonly callbackPath: string;
  readonly #options: ResolvedOptions;
  #server: { readonly as: oauth.AuthorizationServer; readonly until: number } | undefined;
  /** The discovery under way, which every login page and login waiting for it shares. */
  #discovering: Promise<oauth.AuthorizationServer> | undefined;
  /** oauth4webapi keeps the provider's keys here between logins, refetching on an unknown `kid`. */
  readonly #jwks = {};

  constructor(options: ResolvedOptions) {
    this.#options = Object.freeze(options);
    this.displayName = options.displayName;
    this.callbackPath = new URL(options.redirectUri).pathname;
  }

  /**
   * The discovered authorization endpoint's origin, which need not be the issuer's (AWS Cognito
   * authorizes on the user pool's domain); `undefined` while discovery fails.
   */
  async authorizationOrigin(): Promise<string | undefined> {
    const discovered = await this.#guard(() => this.#discover());
    const endpoint = discovered.ok ? discovered.value.authorization_endpoint : undefined;
    const url = endpoint !== undefined && URL.canParse(endpoint) ? new URL(endpoint) : undefined;
    return url && (url.protocol === 'https:' || url.protocol === 'http:') ? url.origin : undefined;
  }

  async authorizationUrl(state: string): Promise<Result<string, LoginFailure>> {
    return this.#guard(async () => {
      const as = await this.#discover();
      if (!as.authorization_endpoint) throw new Refusal('misconfigured', 'the discovery document names no authorization_endpoint');
      const { client, redirectUri, scope, secrets } = this.#options;
      const url = new URL(as.authorization_endpoint);
      for (const [name, value] of Object.entries({
        response_type: 'code',
        client_id: client.client_id,
        redirect_uri: redirectUri,
        scope,
        state,
        nonce: secrets.derive('oidc-nonce', state),
        code_challenge: secrets.codeChallenge(state),
        code_challenge_method: 'S256',
      })) {
        url.searchParams.set(name, value);
      }
      return url.href;
    });
  }

  async completeLogin({ fields, expectedState }: LoginAttempt): Promise<Result<Identity, LoginFailure>> {
    if (!expectedState || !secretsMatch(expectedState, textField(fields, 'state'))) {
      const why = expectedState ? 'did not match the one in the login cookie' : 'arrived without a login cookie';
      return err(this.#failure('state-mismatch', `OIDC callback state ${why}`));
    }
    return this.#guard(async () => {
      const as = await this.#discover();
      const { client, clientSecret, redirectUri, secrets } = this.#options;
      const parameters = new URLSearchParams();
      for (const [name, value] of Object.entries(fields)) if (typeof value === 'string') parameters.set(name, value);
      // Checks `state` again, the `error` parameter and RFC 9207's `iss` where the provider sends it.
      const callback = oauth.validateAuthResponse(as, client, parameters, expectedState);
      const auth = clientAuthentication(as, clientSecret);
      const verifier = secrets.derive('pkce-verifier', expectedState);
      const response = await oauth.authorizationCodeGrantRequest(as, client, auth, callback, redirectUri, verifier, this.#http());
      const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, {
        expectedNonce: secrets.derive('oidc-nonce', expectedState),
        requireIdToken: true,
      });
      // The claims are checked above; the signature against the JWKS here (not optional for us).
      await oauth.validateApplicationLevelSignature(as, response, { ...this.#http(), [oauth.jwksCache]: this.#jwks });
      const claims = oauth.getValidatedIdTokenClaims(tokens);
      if (!claims) throw new Refusal('invalid-id-token', 'the token response carried no ID token');
      return this.#identity(as, claims, tokens.access_token);
    });
  }

  /** The login claim from the ID token, else from UserInfo (the access token's one use). */
  async #identity(as: oauth.AuthorizationServer, claims: oauth.IDToken, accessToken: string): Promise<Identity> {
    const { client, loginClaim } = this.#options;
    let source: Record<string, unknown> = claims;
    if (typeof claims[loginClaim] !== 'string' && as.userinfo_endpoint) {
      const response = await oauth.userInfoRequest(as, client, accessToken, this.#http());
      source = await oauth.processUserInfoResponse(as, client, claims.sub, response);
    }
    const login = source[loginClaim];
    if (typeof login !== 'string' || login.trim() === '' || /\s/.test(login)) {
      throw new Refusal('missing-login', `neither the ID token nor UserInfo carried a usable ${loginClaim} claim for sub=${claims.sub}`);
    }
    const name = typeof source['name'] === 'string' && source['name'] ? source['name'] : null;
    return { login, name };
  }

  #discover(): Promise<oauth.AuthorizationServer> {
    if (this.#server && this.#server.until > Date.now()) return Promise.resolve(this.#server.as);
    this.#discovering ??= this.#fetchDiscovery().finally(() => {
      this.#discovering = undefined;
    });
    return this.#discovering;
  }

  async #fetchDiscovery(): Promise<oauth.AuthorizationServer> {
    const { issuer } = this.#options;
    const response = await oauth.discoveryRequest(issuer, { ...this.#http(), algorithm: 'oidc' });
    const as = await oauth.processDiscoveryResponse(issuer, response);
    this.#server = { as, until: Date.now() + DISCOVERY_TTL_MS };
    return as;
  }

  /** Every request: bounded in time, never following redirects, http only for an http issuer (tests, a lab). */
  #http() {
    const { timeoutMs, issuer } = this.#options;
    return {
      signal: () => AbortSignal.timeout(timeoutMs),
      [oauth.allowInsecureRequests]: issuer.protocol === 'http:',
      [oauth.customFetch]: async (url: string, init: RequestInit) => {
        const response = await fetch(url, { ...init, redirect: 'error' });
        if (response.status >= 500 || response.status === 429) {
          await response.body?.cancel();
          throw new Refusal('provider-unavailable', `${new URL(url).pathname} answered HTTP ${response.status}`);
        }
        return response;
      },
    };
  }

  /** Runs one step of a login, turning what the library or the network throws into a failure. */
  async #guard<T>(step: () => Promise<T>): Promise<Result<T, LoginFailure>> {
    try {
      return ok(await step());
    } catch (error) {
      const [reason, detail] = classify(error);
      return err(this.#failure(reason, detail));
    }
  }

  #failure(reason: LoginFailureReason, detail: string): LoginFailure {
    return loginFailure(reason, detail, this.#options.displayName);
  }
}

/** Basic authentication (OIDC's default) unless the provider only takes the secret in the body. */
function clientAuthentication(as: oauth.AuthorizationServer, secret: string): oauth.ClientAuth {
  const methods = as.token_endpoint_auth_methods_supported;
  if (methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')) return oauth.ClientSecretPost(secret);
  return oauth.ClientSecretBasic(secret);
}

/** What went wrong, as a reason for the user and a detail for the operator (no tokens, no secrets). */
function classify(error: unknown): [LoginFailureReason, string] {
  if (error instanceof Refusal) return [error.reason, error.detail];
  if (error instanceof oauth.AuthorizationResponseError) {
    const detail = `the provider returned error=${error.error} to the callback`;
    return [error.error === 'access_denied' ? 'access-denied' : 'misconfigured', detail];
  }
  if (error instanceof oauth.ResponseBodyError) {
    const detail = `token endpoint answered HTTP ${error.status} error=${error.error}`;
    if (error.error === 'invalid_grant') return ['invalid-code', detail];
    return [error.error === 'invalid_client' || error.error === 'unauthorized_client' ? 'misconfigured' : 'unexpected-response', detail];
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) return ['misconfigured', `the provider refused the client: HTTP ${error.status}`];
  if (error instanceof oauth.OperationProcessingError) {
    // ID-token checks: claims (iss, aud, nonce, azp), timestamps (exp, iat), signature and key selection.
    const idToken = [oauth.JWT_CLAIM_COMPARISON, oauth.JWT_TIMESTAMP_CHECK, oauth.KEY_SELECTION].includes(error.code as never);
    const signature = error.code === oauth.INVALID_RESPONSE && /signature/i.test(error.message);
    return [idToken || signature ? 'invalid-id-token' : 'unexpected-response', `${error.code}: ${error.message}`];
  }
  if (error instanceof DOMException && error.name === 'TimeoutError') return ['provider-unavailable', 'no answer in time'];
  if (error instanceof TypeError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return ['provider-unavailable', `${error.message}${cause}`];
  }
  if (error instanceof oauth.UnsupportedOperationError) return ['misconfigured', error.message];
  return ['unexpected-response', error instanceof Error ? error.message : String(error)];
}

