import { createDevelopmentProvider } from '../auth/development.js';
import { createForgeProvider } from '../auth/forge-oauth.js';
import { FORGEJO } from '../auth/forgejo.js';
import { createGitHubProvider } from '../auth/github.js';
import { GITLAB } from '../auth/gitlab.js';
import type { FormProvider, RedirectingProvider } from '../auth/identity-provider.js';
import { LoginSecrets } from '../auth/login-secrets.js';
import { createOidcProvider } from '../auth/oidc.js';
import type { Config } from '../config/config-schema.js';
import { err, ok, type Result } from '../core/result.js';

/** How people log in on this instance: its one identity source (SPEC §17) and the development login. */
export interface IdentityProviders {
  readonly oauth: RedirectingProvider | null;
  readonly development: FormProvider | null;
}

/**
 * Chooses the identity source by `AUTH_PROVIDER` when its client is configured, and the
 * development login exactly in development; the composition root calls it once at boot.
 */
export function identityProviders(config: Config): Result<IdentityProviders, readonly string[]> {
  const oauth = oauthProvider(config);
  if (!oauth.ok) return oauth;
  let development: FormProvider | null = null;
  if (config.devLogin) {
    const created = createDevelopmentProvider(config.environment);
    if (!created.ok) return created;
    development = created.value;
  }
  if (!oauth.value && !development) {
    const client = config.auth.provider === 'github' ? 'GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET' : 'AUTH_CLIENT_ID and AUTH_CLIENT_SECRET';
    return err([`nobody could log in: set ${client} (or APP_ENV=development for the development login)`]);
  }
  return ok({ oauth: oauth.value, development });
}

/** The configured provider, `null` when its client is not set (development without one). */
function oauthProvider(config: Config): Result<RedirectingProvider | null, readonly string[]> {
  const { auth, github, app } = config;
  // Derived from APP_KEY, so every replica finishes a login another one started.
  const loginSecrets = new LoginSecrets(app.key);
  const common = { displayName: auth.displayName, loginSecrets };
  if (auth.provider === 'github') {
    if (!github.clientId || !github.clientSecret) return ok(null);
    const { clientId, clientSecret, url, apiUrl, redirectPath } = github;
    return createGitHubProvider({ ...common, clientId, clientSecret, githubUrl: url, apiUrl, redirectUri: new URL(redirectPath, app.url).href });
  }
  if (!auth.clientId || !auth.clientSecret) return ok(null);
  const client = { ...common, clientId: auth.clientId, clientSecret: auth.clientSecret, redirectUri: new URL(auth.redirectPath, app.url).href };
  if (auth.provider === 'oidc') {
    return createOidcProvider({ ...client, issuer: auth.url ?? '', loginClaim: auth.oidc.loginClaim, scopes: auth.oidc.scopes });
  }
  return createForgeProvider(auth.provider === 'gitlab' ? GITLAB : FORGEJO, { ...client, url: auth.url, apiUrl: auth.apiUrl });
}
