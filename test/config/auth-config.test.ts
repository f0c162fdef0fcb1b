import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/load-config.js';

/** SPEC §17: AUTH_PROVIDER and its variables; every mistake names the variable to fix. */

const production = {
  APP_ENV: 'production',
  APP_KEY: 'Zb3x9Qp2Lm7Tr5Vw8Yk1Nc4Hd6Jf0Sg_-Ae',
  META_REPO: 'https://gitlab.gnome.org/Infrastructure/elections.git',
  META_SECRET: 'webhook-secret',
};
const gitlab = { AUTH_PROVIDER: 'gitlab', AUTH_CLIENT_ID: 'app-id', AUTH_CLIENT_SECRET: 'app-secret' };

const load = (env: Record<string, string>) => loadConfig(env, { cwd: '/srv/elekto', envFile: false });

/** The variables named by the problems, with their messages. */
function refused(env: Record<string, string>): Record<string, string> {
  const loaded = load(env);
  assert.equal(loaded.ok, false, 'expected configuration problems');
  return loaded.ok ? {} : Object.fromEntries(loaded.error.map((p) => [p.variable ?? '?', p.message]));
}

test('a GitLab instance: defaults for the redirect path and the OIDC settings', () => {
  const loaded = load({ ...production, ...gitlab, AUTH_URL: 'https://salsa.debian.org' });
  assert.ok(loaded.ok, JSON.stringify(loaded.ok || loaded.error));
  assert.equal(loaded.value.auth.provider, 'gitlab');
  assert.equal(loaded.value.auth.url, 'https://salsa.debian.org');
  assert.equal(loaded.value.auth.redirectPath, '/oauth/gitlab/callback');
});

test('gitea, codeberg and openid are accepted as the names operators use', () => {
  for (const [alias, kind] of [['gitea', 'forgejo'], ['Codeberg', 'forgejo'], ['openid', 'oidc']]) {
    const loaded = load({ APP_ENV: 'development', AUTH_PROVIDER: alias ?? '' });
    assert.ok(loaded.ok && loaded.value.auth.provider === kind, alias);
  }
});

test('production needs the AUTH_* client of the chosen provider, not the GitHub one', () => {
  const problems = refused({ ...production, AUTH_PROVIDER: 'forgejo', AUTH_URL: 'https://codeberg.org' });
  assert.match(problems['AUTH_CLIENT_ID'] ?? '', /required in production with AUTH_PROVIDER=forgejo/);
  assert.match(problems['AUTH_CLIENT_SECRET'] ?? '', /required in production/);
  assert.equal(problems['GITHUB_CLIENT_ID'], undefined);
});

test("another provider's variables are refused, naming the variable", () => {
  assert.match(refused({ ...production, AUTH_CLIENT_ID: 'x', AUTH_CLIENT_SECRET: 'y', GITHUB_CLIENT_ID: 'a', GITHUB_CLIENT_SECRET: 'b' })['AUTH_CLIENT_ID'] ?? '', /AUTH_PROVIDER is github \(the default\)/);
  assert.match(refused({ ...production, ...gitlab, GITHUB_CLIENT_ID: 'a' })['GITHUB_CLIENT_ID'] ?? '', /AUTH_PROVIDER is gitlab/);
  assert.match(refused({ ...production, ...gitlab, OIDC_LOGIN_CLAIM: 'email' })['OIDC_LOGIN_CLAIM'] ?? '', /not oidc/);
});

test('half a client, an OIDC provider without issuer, an unknown provider', () => {
  assert.match(refused({ APP_ENV: 'development', AUTH_PROVIDER: 'gitlab', AUTH_CLIENT_ID: 'id' })['AUTH_CLIENT_SECRET'] ?? '', /needed too/);
  assert.match(refused({ ...production, AUTH_PROVIDER: 'oidc', AUTH_CLIENT_ID: 'id', AUTH_CLIENT_SECRET: 's' })['AUTH_URL'] ?? '', /issuer URL/);
  assert.match(refused({ APP_ENV: 'development', AUTH_PROVIDER: 'bitbucket' })['AUTH_PROVIDER'] ?? '', /must be one of github, gitlab, forgejo, oidc/);
});

test('production refuses a plain-http AUTH_URL: secrets and tokens travel there', () => {
  assert.match(refused({ ...production, ...gitlab, AUTH_URL: 'http://gitlab.example.org' })['AUTH_URL'] ?? '', /must be https in production/);
});
