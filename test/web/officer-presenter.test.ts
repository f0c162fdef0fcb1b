import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ballotsFileName, ballotsPerPeriod, resultView } from '../../src/web/officer-presenter.js';
import { schulze } from '../../src/core/schulze.js';
import { ballotTable } from '../../src/core/ballot-table.js';
import { tallyReport } from '../../src/core/tally-report.js';
import { selectWinners } from '../../src/core/winners.js';

const at = (iso: string) => new Date(iso);

describe('ballots per period', () => {
  const window = { start: at('2026-06-10T00:00:01Z'), end: at('2026-06-20T23:59:59Z') };

  it('counts per UTC day from the first day of the window to today while voting runs, zeros kept', () => {
    const votes = [at('2026-06-10T08:00:00Z'), at('2026-06-12T23:59:59Z'), at('2026-06-12T00:00:00Z'), null];
    const result = ballotsPerPeriod(votes, window, at('2026-06-13T09:00:00Z'));
    assert.equal(result.unit, 'day');
    assert.equal(result.undated, 1);
    assert.deepEqual(
      result.periods.map((p) => [p.longLabel, p.count]),
      [['2026-06-10', 1], ['2026-06-11', 0], ['2026-06-12', 2], ['2026-06-13', 0]],
    );
    assert.equal(result.periods[0]?.label, '06-10');
  });

  it('stops at the last day of the window once it has ended, and widens to stray votes', () => {
    const result = ballotsPerPeriod([at('2026-06-08T10:00:00Z')], window, at('2026-07-01T00:00:00Z'));
    assert.equal(result.periods[0]?.longLabel, '2026-06-08');
    assert.equal(result.periods.at(-1)?.longLabel, '2026-06-20');
    assert.equal(result.periods.length, 13);
  });

  it('is empty before the start, and without a window or votes', () => {
    assert.deepEqual(ballotsPerPeriod([], window, at('2026-06-01T00:00:00Z')).periods, []);
    assert.deepEqual(ballotsPerPeriod([], null, at('2026-06-01T00:00:00Z')).periods, []);
  });

  it('counts per week, from Mondays, when the window is longer than 45 days', () => {
    const long = { start: at('2026-01-01T00:00:00Z'), end: at('2026-03-31T00:00:00Z') };
    const result = ballotsPerPeriod([at('2026-01-01T10:00:00Z'), at('2026-01-04T10:00:00Z'), at('2026-01-05T10:00:00Z')], long, at('2026-06-01T00:00:00Z'));
    assert.equal(result.unit, 'week');
    // 2026-01-01 is a Thursday: its week starts on Monday 2025-12-29; Sunday the 4th is in it too.
    assert.deepEqual(result.periods.slice(0, 2).map((p) => [p.longLabel, p.count]), [['Week of 2025-12-29', 2], ['Week of 2026-01-05', 1]]);
    assert.equal(result.periods.at(-1)?.longLabel, 'Week of 2026-03-30');
  });
});

describe('result view', () => {
  it('places tie groups together, marks winners and the tie for the last seat, and names candidates', () => {
    const table = ballotTable(['a', 'b', 'c', 'd'], [new Map([['a', 1], ['b', 2], ['c', 2], ['d', 3]])]);
    const result = schulze(table);
    const report = tallyReport(result, selectWinners(result.ranking, 2));
    const stored = { electionId: 1, computedAt: at('2026-06-15T12:00:00Z'), computedBy: 'alice', inputHash: 'f'.repeat(64), result: JSON.stringify(report) };
    const view = resultView(stored, report, (id) => (id === 'a' ? 'Ada' : id));
    assert.deepEqual(view.ranking.map((g) => [g.place, g.members.map((m) => [m.id, m.wins, m.defeats, m.outcome])]), [
      [1, [['a', 3, 0, 'elected']]],
      [2, [['b', 1, 1, 'tied-for-last-seat'], ['c', 1, 1, 'tied-for-last-seat']]],
      [4, [['d', 0, 3, 'not-elected']]],
    ]);
    assert.deepEqual(view.winners, [{ id: 'a', name: 'Ada' }]);
    assert.deepEqual(view.tie, { candidates: [{ id: 'b', name: 'b' }, { id: 'c', name: 'c' }], seats: 1 });
    assert.deepEqual(view.pairwise[0], [null, 1, 1, 1]);
    assert.deepEqual(view.pairwise[1], [0, null, 0, 1]);
  });
});

describe('ballots file name', () => {
  it('keeps keys as they are and replaces anything that could break the header', () => {
    assert.equal(ballotsFileName('steering---2025'), 'steering---2025-ballots.csv');
    assert.equal(ballotsFileName('a"b\\c d/é'), 'a_b_c_d__-ballots.csv');
  });
});
