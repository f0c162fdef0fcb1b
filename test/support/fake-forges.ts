import { FakeGitHub, type FakeForgeDialect, type FakeGitHubOptions } from './fake-github.js';

/**
 * A fake GitLab and a fake Forgejo (Gitea) for tests: the fake GitHub's OAuth flow, failures
 * and recording, with each forge's paths, token errors and user API.
 *
 *   const gitlab = await startFakeGitLab({ users: { alice: 'Alice' } });
 *   // AUTH_PROVIDER=gitlab AUTH_URL=gitlab.url AUTH_CLIENT_ID=gitlab.clientId …
 */

/** GitLab: `/oauth/authorize`, `/oauth/token`, `GET /api/v4/user` answering `username`. */
export const FAKE_GITLAB_DIALECT: FakeForgeDialect = {
  name: 'GitLab',
  authorizePath: '/oauth/authorize',
  tokenPath: '/oauth/token',
  apiPrefix: '/api/v4',
  tokenErrorsAs200: false,
  tokenPrefix: 'glpat-',
  profile: (login, id, name, withoutLogin) => ({ id, ...(withoutLogin ? {} : { username: login }), name: name ?? login, state: 'active' }),
};

/** Forgejo/Gitea: `/login/oauth/…`, `GET /api/v1/user` answering `login` and `full_name`. */
export const FAKE_FORGEJO_DIALECT: FakeForgeDialect = {
  name: 'Forgejo',
  authorizePath: '/login/oauth/authorize',
  tokenPath: '/login/oauth/access_token',
  apiPrefix: '/api/v1',
  tokenErrorsAs200: false,
  tokenPrefix: '',
  profile: (login, id, name, withoutLogin) => ({ id, ...(withoutLogin ? {} : { login, username: login }), full_name: name ?? '' }),
};

export const startFakeGitLab = (options: Omit<FakeGitHubOptions, 'dialect'> = {}): Promise<FakeGitHub> =>
  FakeGitHub.start({ ...options, dialect: FAKE_GITLAB_DIALECT });

export const startFakeForgejo = (options: Omit<FakeGitHubOptions, 'dialect'> = {}): Promise<FakeGitHub> =>
  FakeGitHub.start({ ...options, dialect: FAKE_FORGEJO_DIALECT });

/** The variables an operator sets for `fake` (AUTH_API_URL left to its default). */
export function forgeEnv(provider: 'gitlab' | 'forgejo', fake: FakeGitHub): Record<string, string> {
  return { AUTH_PROVIDER: provider, AUTH_URL: fake.url, AUTH_CLIENT_ID: fake.clientId, AUTH_CLIENT_SECRET: fake.clientSecret };
}
