import { test } from 'node:test';
import assert from 'node:assert/strict';
import { meekStv } from '../../src/core/meek-stv.js';
import type { StvResult } from '../../src/core/stv-result.js';
import { expectedCounts, fixtureBallots, type ExpectedStage} from './stv-fixture-data.js';

// The Meek expectations the fixtures' README says a conforming count must meet: Droop's
// `meek-prf` results and stv-rs's `fixed9` transcripts (the same rule, checked against Droop
// by that project's CI). Ballot files with equal rankings (`2=3`) are not STV ballots here
// (SPEC §13): reading them must fail with the file and line.
const vectors = expectedCounts.filter((e) => /^droop-.*--meek-prf-/.test(e.name) || /^stvrs-.*--fixed9$/.test(e.name));

test('the fixtures hold 9 Droop meek-prf and 13 stv-rs fixed9 results', () => {
  assert.equal(vectors.filter((e) => e.name.startsWith('droop-')).length, 9);
  assert.equal(vectors.filter((e) => e.name.startsWith('stvrs-')).length, 13);
});

/** A decision of the reference log: the round's votes and quota, and who was elected or defeated. */
interface Decision {
  readonly votes: Readonly<Record<string, string>>;
  readonly quota: string | undefined;
  readonly elected: string[];
  readonly defeated: string[];
}

/**
 * The reference log as one entry per stage: the count's start, then each round that
 * elected (consecutive "Elect: X" lines) or defeated ("Defeat (surplus …): X").
 */
function referenceStages(stages: readonly ExpectedStage[]): Decision[] {
  const decisions: Decision[] = [];
  let previous: ExpectedStage | undefined;
  for (const stage of stages) {
    const action = stage.action ?? '';
    if (action === 'Begin Count') decisions.push({ votes: stage.votes!, quota: stage.quota, elected: [], defeated: [] });
    if (action.startsWith('Elect: ')) {
      const name = action.slice('Elect: '.length);
      if (previous?.action?.startsWith('Elect: ')) decisions.at(-1)!.elected.push(name);
      else decisions.push({ votes: stage.votes!, quota: stage.quota, elected: [name], defeated: [] });
    }
    if (action.startsWith('Defeat (')) {
      decisions.push({ votes: stage.votes!, quota: stage.quota, elected: [], defeated: [action.replace(/^.*\): /, '')] });
    }
    previous = stage;
  }
  return decisions;
}

function ourStages(result: StvResult): Decision[] {
  return result.stages.map((stage) => ({
    votes: Object.fromEntries(Object.entries(stage.votes).filter(([id]) => !result.withdrawn.includes(id))),
    quota: stage.quota,
    elected: [...stage.elected],
    defeated: [...stage.excluded],
  }));
}

const sorted = (ids: readonly string[]) => [...ids].sort();

for (const expected of vectors) {
  test(`${expected.name}: the reference count`, () => {
    const { blt, options } = fixtureBallots(expected);
    if (!blt.ok) {
      // Equal rankings are refused; so are weights past exact integers, where stv-rs's
      // fixed9 transcript shows its 64-bit count wrapping round (it elects nobody).
      assert.match(blt.error.message, /ranks candidates equally; STV ballots are strict orders|too large to count exactly/);
      assert.ok(blt.error.line! > 1);
      return;
    }
    // Droop and stv-rs break ties by candidate order (or an explicit order); the seeded lot
    // may choose otherwise, so the exact comparison uses their order and the seeded count
    // must at least name its ties.
    const tieOrder = expected.tie_break_order ?? blt.value.ballots.candidates;
    const rounding = expected.name.startsWith('stvrs-') ? 'openstv' : 'prf';
    const result = meekStv(blt.value.ballots, { ...options, tieOrder, rounding });
    assert.deepEqual(sorted(result.elected), sorted(expected.elected));
    assert.equal(result.quota, expected.quota_initial);
    const ours = ourStages(result);
    const reference = referenceStages(expected.stages);
    // The last stage also lists those elected by step C.1, which the logs show apart.
    const comparable = (stages: Decision[]) => stages.map((s, i) => ({ ...s, elected: i === stages.length - 1 ? [] : sorted(s.elected) }));
    assert.deepEqual(comparable(ours), comparable(reference));
    // The Reference Meek Rule's own rounding elects the same candidates in the same stages.
    const prf = meekStv(blt.value.ballots, { ...options, tieOrder });
    assert.deepEqual(sorted(prf.elected), sorted(expected.elected));
    assert.deepEqual(prf.stages.map((s) => s.excluded), result.stages.map((s) => s.excluded));
    const seeded = meekStv(blt.value.ballots, options);
    if (JSON.stringify(sorted(seeded.elected)) !== JSON.stringify(sorted(expected.elected))) {
      assert.ok(seeded.ties_broken_by_lot.length > 0, 'a different outcome must come from a tie broken by lot');
    }
  });
}
