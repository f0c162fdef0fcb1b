import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { ProxyTrust } from '../config/env-values.js';
import type { AppDeps } from './app-deps.js';
import { assetRoutes, loadAssets } from './assets.js';
import { accessLogPlugin } from './plugins/access-log.js';
import { errorsPlugin } from './plugins/errors.js';
import { csrfPlugin, requireCsrf } from './plugins/csrf.js';
import { acceptFormsOnly } from './plugins/form-input.js';
import { requestMetrics } from './plugins/metrics.js';
import { securityPlugin } from './plugins/security.js';
import { sessionPlugin } from './plugins/session.js';
import { authRoutes } from './routes/auth-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { officerRoutes } from './routes/officer-routes.js';
import { publicRoutes } from './routes/public-routes.js';
import { voterRoutes } from './routes/voter-routes.js';
import { webhookRoutes } from './routes/webhook-routes.js';

/**
 * Builds the whole web application without listening (tests call `inject`; `serve` listens).
 * Encapsulation is the architecture: every form route lives in the context that checks CSRF
 * tokens, every `/app` route in the one that requires a login.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    // One record per request, at a level that depends on what it says (plugins/access-log.ts).
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: fastifyTrustProxy(deps.settings.trustProxy),
    routerOptions: { ignoreTrailingSlash: true },
    bodyLimit: 64 * 1024,
  });
  app.decorate('site', { appName: deps.settings.appName, devLogin: deps.development !== null, loginSource: deps.oauth?.displayName });

  await app.register(accessLogPlugin);
  if (deps.metrics) await app.register(requestMetrics, deps.metrics);
  await app.register(securityPlugin, {
    cookieSecret: deps.settings.appKey,
    secureCookies: deps.settings.secureCookies,
  });
  await app.register(sessionPlugin, {
    db: deps.db,
    clock: deps.clock,
    secureCookies: deps.settings.secureCookies,
    ...deps.settings.sessions,
  });
  await app.register(csrfPlugin, { secureCookies: deps.settings.secureCookies });
  await app.register(errorsPlugin, { exposeInternalErrors: deps.settings.exposeInternalErrors });
  registerAssets(app);
  await app.register(healthRoutes, deps);
  // Outside the CSRF context: the forges authenticate their deliveries; its own context reads raw bodies.
  await app.register(webhookRoutes, deps);

  await app.register(async (forms) => {
    acceptFormsOnly(forms);
    requireCsrf(forms);
    await forms.register(publicRoutes, deps);
    await forms.register(authRoutes, deps);
    await forms.register(voterRoutes, deps);
    await forms.register(officerRoutes, deps);
  });
  return app;
}

/** TRUST_PROXY as Fastify takes it: a hop count trusts that many proxies nearest to us. */
function fastifyTrustProxy(trust: ProxyTrust): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust === false ? false : [...trust];
}

/** Self-hosted assets only (CSP `'self'`): the stylesheet, our scripts, SortableJS. */
function registerAssets(app: FastifyInstance): void {
  assetRoutes(app, loadAssets());
  // Browsers ask for it on every site; an empty answer keeps their consoles clean.
  app.get('/favicon.ico', (_request, reply) => reply.code(204).header('cache-control', 'public, max-age=86400').send());
}
