import { tmpdir } from 'node:os';
import type { Config } from '../../src/config/config-schema.js';
import { loadConfig } from '../../src/config/load-config.js';
import { TEST_APP_KEY } from '../web/web-harness.js';
import type { FakeGitHub } from './fake-github.js';

type Env = Readonly<Record<string, string>>;

/** What production refuses to start without, with test values (docs/configuration.md). */
export const PRODUCTION_ENV: Env = {
  APP_ENV: 'production',
  APP_NAME: 'Elekto',
  APP_KEY: TEST_APP_KEY,
  META_REPO: 'https://github.example/example/meta.git',
  META_SECRET: 'a webhook secret for tests',
  GITHUB_CLIENT_ID: 'test-client-id',
  GITHUB_CLIENT_SECRET: 'test-client-secret',
};

/** The variables that point GitHub OAuth at `github`. */
export function fakeGitHubEnv(github: FakeGitHub): Env {
  return { GITHUB_CLIENT_ID: github.clientId, GITHUB_CLIENT_SECRET: github.clientSecret, GITHUB_URL: github.url, GITHUB_API_URL: github.apiUrl };
}

/** Production's configuration, `PRODUCTION_ENV` with `env` on top; no `.env` file is read. */
export function productionConfig(env: Env = {}): Config {
  const config = loadConfig({ ...PRODUCTION_ENV, ...env }, { cwd: tmpdir(), envFile: false });
  if (!config.ok) throw new Error(config.error.map((p) => p.message).join('; '));
  return config.value;
}
