import type { Result } from '../core/result.js';
import { createForgeProvider, stringProperty, type ForgeDialect, type ForgeProviderOptions } from './forge-oauth.js';
import type { RedirectingProvider } from './identity-provider.js';

/**
 * GitHub's OAuth web flow (SPEC §11) with Elekto 0.6's variables and URLs unchanged (drop-in):
 * `GITHUB_CLIENT_ID`, `GITHUB_CLIENT_SECRET`, `GITHUB_REDIRECT`, and for GitHub Enterprise
 * Server `GITHUB_URL` and `GITHUB_API_URL`. The flow itself is the forges' common one.
 */

/** The scopes Elekto 0.6 asks for; GitHub grants read access to the public profile with them. */
export const GITHUB_SCOPE = 'user:login,name';
export const DEFAULT_GITHUB_URL = 'https://github.com';
export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';
/** Elekto 0.6's default `GITHUB_REDIRECT`: the callback path registered with GitHub. */
export const DEFAULT_GITHUB_REDIRECT = '/oauth/github/callback';

export const GITHUB: ForgeDialect = {
  kind: 'github',
  name: 'GitHub',
  variables: {
    clientId: 'GITHUB_CLIENT_ID',
    clientSecret: 'GITHUB_CLIENT_SECRET',
    redirect: 'APP_URL + GITHUB_REDIRECT',
    url: 'GITHUB_URL',
    apiUrl: 'GITHUB_API_URL',
  },
  defaultUrl: DEFAULT_GITHUB_URL,
  // github.com's API is on its own host; Enterprise Server's (`https://HOST/api/v3`) is configured.
  defaultApiUrl: () => DEFAULT_GITHUB_API_URL,
  authorizePath: 'login/oauth/authorize',
  tokenPath: 'login/oauth/access_token',
  userPath: 'user',
  scope: GITHUB_SCOPE,
  apiAccept: 'application/vnd.github+json',
  readProfile: (body) => {
    const login = stringProperty(body, 'login');
    return login ? { login, name: stringProperty(body, 'name') || null } : undefined;
  },
};

export interface GitHubProviderOptions extends Omit<ForgeProviderOptions, 'url'> {
  /** `GITHUB_URL`, where the OAuth pages are; default `https://github.com`. */
  readonly githubUrl?: string;
}

/** Checks the options once, at boot, and returns the provider, or one message per problem. */
export function createGitHubProvider({ githubUrl, ...options }: GitHubProviderOptions): Result<RedirectingProvider, readonly string[]> {
  return createForgeProvider(GITHUB, { ...options, url: githubUrl });
}
