import { stringProperty, endpoint, type ForgeDialect } from './forge-oauth.js';

/**
 * GitLab (gitlab.com or self-hosted, such as GNOME's, KDE's, freedesktop's or Debian's Salsa):
 * OAuth at `/oauth/authorize` and `/oauth/token` (PKCE supported since GitLab 13), the user
 * at `GET /api/v4/user`, whose `username` is the login in `voters.yaml`. The scope
 * `read_user` is the narrowest that can read it.
 */
export const GITLAB: ForgeDialect = {
  kind: 'gitlab',
  name: 'GitLab',
  variables: { clientId: 'AUTH_CLIENT_ID', clientSecret: 'AUTH_CLIENT_SECRET', redirect: 'APP_URL + AUTH_REDIRECT', url: 'AUTH_URL', apiUrl: 'AUTH_API_URL' },
  defaultUrl: 'https://gitlab.com',
  defaultApiUrl: (baseUrl) => endpoint(baseUrl, 'api/v4').href,
  authorizePath: 'oauth/authorize',
  tokenPath: 'oauth/token',
  userPath: 'user',
  scope: 'read_user',
  apiAccept: 'application/json',
  readProfile: (body) => {
    const login = stringProperty(body, 'username');
    return login ? { login, name: stringProperty(body, 'name') || null } : undefined;
  },
};
