import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDevelopmentProvider, DEVELOPMENT_LOGIN_WARNING, USERNAME_FIELD } from '../../src/auth/development.js';
import type { FormProvider } from '../../src/auth/identity-provider.js';

function developmentProvider(): FormProvider {
  const created = createDevelopmentProvider('development');
  assert.ok(created.ok);
  return created.value;
}

const typed = (username: unknown) =>
  developmentProvider().completeLogin({ fields: { [USERNAME_FIELD]: username }, expectedState: undefined });

for (const appEnv of ['production', 'Production', 'prod', 'staging', '']) {
  test(`is refused with APP_ENV=${JSON.stringify(appEnv)}`, () => {
    const created = createDevelopmentProvider(appEnv);
    assert.equal(created.ok, false);
    if (!created.ok) assert.match(created.error.join(), /only runs with APP_ENV=development/);
  });
}

test('is a form provider that shows a warning', () => {
  const provider = developmentProvider();
  assert.equal(provider.kind, 'development');
  assert.equal(provider.warning, DEVELOPMENT_LOGIN_WARNING);
  assert.match(provider.warning, /Never use it for a real election/);
});

// [typed, expected login]
const accepted: [string, string][] = [
  ['alice', 'alice'],
  ['Alice-Liddell', 'Alice-Liddell'],
  ['a', 'a'],
  ['249043822', '249043822'],
  ['a-b-c', 'a-b-c'],
  ['x'.repeat(39), 'x'.repeat(39)],
  ['  bob  ', 'bob'],
  ['@carol', 'carol'],
];
for (const [username, login] of accepted) {
  test(`accepts ${JSON.stringify(username)} as ${login}`, async () => {
    assert.deepEqual(await typed(username), { ok: true, value: { login, name: null } });
  });
}

const refused: unknown[] = [
  '',
  '   ',
  '@',
  '-alice',
  'alice-',
  'al--ice',
  'x'.repeat(40),
  'al ice',
  'al_ice',
  'al.ice',
  'al\nice',
  'álice',
  '../admin',
  '<script>',
  undefined,
  ['alice', 'bob'],
  42,
];
for (const username of refused) {
  test(`refuses ${JSON.stringify(username) ?? 'a missing username'}`, async () => {
    const result = await typed(username);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.error.reason, 'invalid-username');
    assert.equal(result.error.status, 400);
    assert.match(result.error.message, /1 to 39 letters, digits or single hyphens/);
  });
}
