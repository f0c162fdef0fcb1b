// The production wiring itself (SPEC §8, §11, §16): what `planServer` decides from the
// configuration, and `createWebServer` — what `elekto serve` runs — end to end, with only the
// key derivation replaced by a recording fake (the real one costs 512 MiB and seconds).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { ok } from '../../src/core/result.js';
import type { KdfParams } from '../../src/crypto/kdf-params.js';
import { KdfQueue } from '../../src/crypto/kdf-queue.js';
import { appDeps, planServer, type ServerPlan } from '../../src/server/composition.js';
import { createWebServer } from '../../src/server/web-server.js';
import { buildApp } from '../../src/web/app.js';
import { MetaGitRepository, runningElectionFiles } from '../app/meta-git-repository.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { logInWithGitHub } from '../support/github-login.js';
import { fakeGitHubEnv, productionConfig } from '../support/production-config.js';
import { databaseUrlOf, withMigratedDatabase } from '../storage/test-databases.js';
import { Client, NOW, rankFields } from '../web/web-harness.js';

/** Elekto 0.6's parameters written out, so that changing the shared constant fails here too. */
const ELEKTO_0_6_ARGON2I: KdfParams = { algorithm: 'argon2i', opslimit: 8, memlimit: 512 * 1024 * 1024 };

function plan(env: Record<string, string> = {}): ServerPlan {
  const planned = planServer(productionConfig(env));
  assert.ok(planned.ok, planned.ok ? '' : planned.error.join('; '));
  return planned.value;
}

describe('the production plan', () => {
  it("gives new ballot links Elekto 0.6's Argon2i parameters", () => {
    assert.deepEqual({ ...plan().kdfParams }, ELEKTO_0_6_ARGON2I);
  });

  it('sets Secure cookies and HSTS exactly when APP_URL is https', () => {
    assert.equal(plan({ APP_URL: 'https://elekto.example.org' }).settings.secureCookies, true);
    assert.equal(plan({ APP_URL: 'http://elekto.internal:5000' }).settings.secureCookies, false);
  });

  it('trusts no proxy unless TRUST_PROXY names them', () => {
    assert.equal(plan().settings.trustProxy, false);
    assert.equal(plan({ TRUST_PROXY: '1' }).settings.trustProxy, 1);
    assert.deepEqual(plan({ TRUST_PROXY: '10.1.2.3' }).settings.trustProxy, ['10.1.2.3']);
  });

  it('hides error details in production, even with APP_DEBUG', async () => {
    assert.equal(plan({ APP_DEBUG: 'true' }).settings.exposeInternalErrors, false);
    const development = planServer(productionConfig({ APP_ENV: 'development', APP_DEBUG: 'true' }));
    assert.ok(development.ok && development.value.settings.exposeInternalErrors, 'development with APP_DEBUG shows them');

    await withMigratedDatabase('sqlite', async (db) => {
      const runtime = { db, kdf: new KdfQueue({ concurrency: 1 }), clock: () => NOW };
      const broken = () => {
        throw new Error('secret-internal-detail');
      };
      for (const [env, shown] of [[{ APP_DEBUG: 'true' }, false], [{ APP_ENV: 'development', APP_DEBUG: 'true' }, true]] as const) {
        const planned = planServer(productionConfig(env));
        assert.ok(planned.ok);
        const app = await buildApp(appDeps(planned.value, { ...runtime, catalog: broken }));
        const page = await app.inject({ method: 'GET', url: '/elections' });
        await app.close();
        assert.equal(page.statusCode, 500);
        assert.equal(page.body.includes('secret-internal-detail'), shown, JSON.stringify(env));
      }
    });
  });
});

describe('createWebServer, as `elekto serve` runs it behind https', () => {
  let github: FakeGitHub;
  before(async () => {
    github = await startFakeGitHub({ users: { carol: 'Carol' } });
  });
  after(() => github.close());

  it("logs a voter in with Secure cookies and HSTS, and seals her ballot link with Elekto 0.6's parameters", () =>
    withMigratedDatabase('sqlite', async (db, target) => {
      const now = new Date();
      const repository = MetaGitRepository.create(runningElectionFiles('board/2026', now));
      const config = productionConfig({
        APP_URL: 'https://elekto.example.org',
        DATABASE_URL: databaseUrlOf(target),
        META_REPO: repository.dir,
        META_PATH: repository.clonePath(),
        ...fakeGitHubEnv(github),
      });
      const derivedWith: KdfParams[] = [];
      const server = await createWebServer(config, db, config.meta, {
        warn: (message) => assert.fail(message),
        derive: async (_passphrase, _salt, params) => {
          derivedWith.push(params);
          return ok(new Uint8Array(32).fill(7));
        },
      });
      assert.ok(server.ok, server.ok ? '' : server.error.join('\n'));
      const { app } = server.value;
      try {
        assertSecure(await new Client(app).get('/login'), 'elekto_csrf');
        const voter = new Client(app);
        const login = await logInWithGitHub(voter, github, 'carol');
        assert.equal(login.statusCode, 303, login.body);
        assertSecure(login, 'elekto_session');
        assert.match(String(login.headers['strict-transport-security']), /max-age=\d+/);

        const election = '/app/elections/board---2026';
        const form = await voter.get(`${election}/vote`);
        assert.equal(form.statusCode, 200, form.body);
        const cast = await voter.postForm(`${election}/vote`, { ...rankFields({ ada: 1, grace: 2 }, ['ada', 'grace']), passphrase: 'a passphrase', passphrase_confirmation: 'a passphrase' });
        assert.equal(cast.statusCode, 303, cast.body);
        assert.deepEqual(derivedWith.map((params) => ({ ...params })), [ELEKTO_0_6_ARGON2I]);
        const row = await db.selectFrom('voter').select(['kdf_params', 'salt']).executeTakeFirstOrThrow();
        assert.equal(row.kdf_params, null, "Elekto 0.6's parameters are recorded as NULL, as Elekto 0.6 writes its rows");
      } finally {
        await app.close();
        repository.remove();
      }
    }));
});

function assertSecure(response: LightMyRequestResponse, name: string): void {
  const cookie = response.cookies.find((c) => c.name === name);
  assert.ok(cookie, `${name} is set`);
  assert.equal(cookie.secure, true, `${name} is Secure`);
}
