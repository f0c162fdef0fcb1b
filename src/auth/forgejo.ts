import { stringProperty, endpoint, type ForgeDialect } from './forge-oauth.js';

/**
 * Forgejo and Gitea (Codeberg or self-hosted), which share their OAuth provider and API:
 * OAuth at `/login/oauth/authorize` and `/login/oauth/access_token` (PKCE supported), the user
 * at `GET /api/v1/user`, whose `login` is the login in `voters.yaml`. The scope `read:user`
 * limits the token to reading the profile on instances with scoped tokens; older ones ignore it.
 */
export const FORGEJO: ForgeDialect = {
  kind: 'forgejo',
  name: 'Forgejo',
  variables: { clientId: 'AUTH_CLIENT_ID', clientSecret: 'AUTH_CLIENT_SECRET', redirect: 'APP_URL + AUTH_REDIRECT', url: 'AUTH_URL', apiUrl: 'AUTH_API_URL' },
  // No default: Codeberg is one instance among many, and Gitea.com another.
  defaultUrl: undefined,
  defaultApiUrl: (baseUrl) => endpoint(baseUrl, 'api/v1').href,
  authorizePath: 'login/oauth/authorize',
  tokenPath: 'login/oauth/access_token',
  userPath: 'user',
  scope: 'read:user',
  apiAccept: 'application/json',
  readProfile: (body) => {
    const login = stringProperty(body, 'login');
    return login ? { login, name: stringProperty(body, 'full_name') || null } : undefined;
  },
};
