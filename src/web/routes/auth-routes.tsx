import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Identity, IdentityProvider, LoginFailure, RedirectingProvider } from '../../auth/identity-provider.js';
import { generateState } from '../../auth/oauth-state.js';
import { safeRedirectTarget } from '../../auth/safe-redirect.js';
import { consumeOAuthState, saveOAuthState } from '../../storage/repositories/oauth-state-repository.js';
import { upsertUserByLogin } from '../../storage/repositories/user-repository.js';
import type { AppDeps } from '../app-deps.js';
import { withinMs } from '../bounded-wait.js';
import { HttpError } from '../http-error.js';
import { pageContext, sendPage } from '../page-context.js';
import { LoginPage } from '../views/login-page.js';

/** The signed cookie carrying the OAuth `state` and the return path across the provider's page. */
const OAUTH_COOKIE = 'elekto_oauth';
const OAUTH_COOKIE_SECONDS = 600;

/** Logins are attempted by people and by scripts guessing; a person never needs more. */
const LOGIN_RATE_LIMIT = { rateLimit: { max: 20, timeWindow: '1 minute' } };

type Body = Record<string, string | undefined>;
type LoginResult = Awaited<ReturnType<IdentityProvider['completeLogin']>>;

/**
 * The configured provider's login (SPEC §6, §11, §17), the development login and logout. The
 * login starts at `POST /oauth/<provider>/login` (so `/oauth/github/login` as before).
 */
export async function authRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { oauth, development } = deps;

  app.get<{ Querystring: { next?: string } }>('/login', async (request, reply) => {
    if (request.viewer) return reply.redirect(safeRedirectTarget(request.query.next));
    return showLogin(request, reply, deps, safeRedirectTarget(request.query.next));
  });

  if (oauth) oauthRoutes(app, deps, oauth);

  app.post<{ Body: Body }>('/login/development', { config: LOGIN_RATE_LIMIT }, async (request, reply) => {
    if (!development) throw new HttpError(404, 'The development login is off on this site.');
    const result = await development.completeLogin({ fields: request.body, expectedState: undefined });
    return finishLogin(request, reply, deps, result, safeRedirectTarget(request.body.next));
  });

  app.post('/logout', async (request, reply) => {
    await app.sessions.logOut(request, reply);
    return reply.redirect('/', 303);
  });
}

/** The login path of a redirecting provider. */
export const oauthLoginPath = (provider: RedirectingProvider): string => `/oauth/${provider.kind}/login`;

function oauthRoutes(app: FastifyInstance, deps: AppDeps, oauth: RedirectingProvider): void {
  app.post<{ Body: Body }>(oauthLoginPath(oauth), { config: LOGIN_RATE_LIMIT }, async (request, reply) => {
    const next = safeRedirectTarget(request.body.next);
    const state = generateState();
    const target = await oauth.authorizationUrl(state);
    if (!target.ok) {
      request.log.warn({ reason: target.error.reason, detail: target.error.detail }, 'login could not start');
      return showLogin(request, reply, deps, next, target.error);
    }
    await saveOAuthState(deps.db, state, new Date(deps.clock().getTime() + OAUTH_COOKIE_SECONDS * 1000));
    const payload = JSON.stringify({ state, next });
    reply.setCookie(OAUTH_COOKIE, payload, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.settings.secureCookies,
      signed: true,
      maxAge: OAUTH_COOKIE_SECONDS,
    });
    return reply.redirect(target.value, 303);
  });

  app.get(oauth.callbackPath, { config: LOGIN_RATE_LIMIT }, async (request, reply) => {
    const saved = readOAuthCookie(request);
    reply.clearCookie(OAUTH_COOKIE, { path: '/' });
    // The state works once, on any replica: a replayed callback finds it used and fails.
    const unused = saved !== undefined && (await consumeOAuthState(deps.db, saved.state, deps.clock()));
    const fields = request.query as Record<string, unknown>;
    const result = await oauth.completeLogin({ fields, expectedState: unused ? saved.state : undefined });
    return finishLogin(request, reply, deps, callbackOutcome(result), saved?.next ?? '/app');
  });
}

/**
 * How long the login page waits for the provider's discovery document. Past it the page shows
 * without the provider's origin in `form-action` rather than waiting for a hung issuer: the
 * browser then refuses the click, and reloading the page once discovery has finished fixes it.
 */
const LOGIN_PAGE_WAIT_MS = 2_000;

async function showLogin(request: FastifyRequest, reply: FastifyReply, deps: AppDeps, next: string, failure?: LoginFailure) {
  // The provider's button is answered by a redirect to the provider, which CSP form-action must
  // allow. An OIDC provider says where only after discovery: a hung one must not hold the page.
  if (deps.oauth) reply.allowFormAction(await withinMs(deps.oauth.authorizationOrigin(), LOGIN_PAGE_WAIT_MS, undefined));
  const page = pageContext(request, reply);
  return sendPage(
    reply,
    <LoginPage
      page={page}
      next={next}
      oauth={deps.oauth && { action: oauthLoginPath(deps.oauth), name: deps.oauth.displayName }}
      devSuggestions={deps.development ? deps.loginSuggestions : []}
      error={failure?.message}
    />,
    failure?.status ?? 200,
  );
}

async function finishLogin(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: AppDeps,
  result: LoginResult,
  next: string,
) {
  if (!result.ok) {
    request.log.warn({ reason: result.error.reason, detail: result.error.detail }, 'login failed');
    return showLogin(request, reply, deps, next, result.error);
  }
  const identity: Identity = result.value;
  const user = await upsertUserByLogin(deps.db, identity, deps.clock());
  // A new session on every login, so a session id planted before login is never reused.
  await request.server.sessions.logIn(request, reply, { userId: user.id, login: user.login });
  return reply.redirect(next, 303);
}

/**
 * The browser coming back from the provider gets a page to log in again whatever failed (SPEC §16):
 * the failure's own 4xx, or 400 for the failures that are not the browser's (GitHub down or
 * answering oddly, a misconfigured app), whose detail goes to the log.
 */
function callbackOutcome(result: LoginResult): LoginResult {
  if (result.ok || result.error.status < 500) return result;
  return { ok: false, error: { ...result.error, status: 400 } };
}

function readOAuthCookie(request: FastifyRequest): { state: string; next: string } | undefined {
  const raw = request.cookies[OAUTH_COOKIE];
  if (!raw) return undefined;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) return undefined;
  try {
    const parsed = JSON.parse(unsigned.value) as { state?: unknown; next?: unknown };
    if (typeof parsed.state !== 'string') return undefined;
    return { state: parsed.state, next: safeRedirectTarget(parsed.next) };
  } catch {
    return undefined;
  }
}
