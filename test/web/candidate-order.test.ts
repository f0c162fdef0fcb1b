// SPEC §5: the ballot form lists the candidates in an order of each voter's own, stable for
// that voter. The app key and the logins are fixed, so the orders are too (seeded); the
// bounds below hold for a fair shuffle with overwhelming probability, whatever the seed.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { candidateMd } from '../meta/meta-helpers.js';
import { describeEachDialect, withMigratedDatabase } from '../storage/test-databases.js';
import { Client, KEYS, testAppOn, testRepositoryFiles } from './web-harness.js';

const CANDIDATES = ['ada', 'grace', 'linus', 'barbara', 'dennis', 'ken', 'margaret', 'radia'];
const VOTERS = Array.from({ length: 16 }, (_, i) => `voter${i + 1}`);

function repository(): Map<string, string> {
  const dir = 'elections/board/running';
  return testRepositoryFiles({
    [`${dir}/voters.yaml`]: `eligible_voters:\n${VOTERS.map((login) => `  - ${login}\n`).join('')}`,
    ...Object.fromEntries(CANDIDATES.map((id) => [`${dir}/candidate-${id}.md`, candidateMd(id)])),
  });
}

const formOrder = (html: string): string => [...html.matchAll(/name="rank:([^"]+)"/g)].map((m) => m[1]).join(',');

describeEachDialect('candidate order on the ballot form', (dialect) => {
  it('differs between voters and stays the same for each voter', () =>
    withMigratedDatabase(dialect, async (db) => {
      const { app } = await testAppOn(db, repository());
      const orders: string[] = [];
      for (const login of VOTERS) {
        const voter = await Client.as(app, login);
        const form = await voter.get(`/app/elections/${KEYS.running}/vote`);
        assert.equal(form.statusCode, 200, form.body.slice(0, 300));
        const order = formOrder(form.body);
        assert.equal(order.split(',').sort().join(','), [...CANDIDATES].sort().join(','));
        assert.equal(formOrder((await voter.get(`/app/elections/${KEYS.running}/vote`)).body), order, `${login} reloads`);
        orders.push(order);
      }
      // 16 fair shuffles of 8 candidates: two alike with probability 1/40320 each pair, and
      // fewer than 4 different first candidates with probability below 1e-5.
      assert.ok(new Set(orders).size >= 12, `only ${new Set(orders).size} different orders among 16 voters`);
      const firsts = new Set(orders.map((order) => order.split(',')[0]));
      assert.ok(firsts.size >= 4, `only ${firsts.size} different first candidates: ${[...firsts].join(', ')}`);
      await app.close();
    }));
});
