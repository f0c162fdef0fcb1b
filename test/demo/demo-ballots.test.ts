import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ballotTable } from '../../src/core/ballot-table.js';
import { schulze } from '../../src/core/schulze.js';
import { selectWinners } from '../../src/core/winners.js';
import { demoBallots } from '../../src/demo/demo-ballots.js';
import { DEMO_ELECTION_KEYS } from '../../src/demo/demo-elections.js';
import { DEMO_TEMPLATE_DIR } from '../../src/demo/demo-template.js';
import { parseCandidate } from '../../src/meta/candidate.js';
import { parseVoters } from '../../src/meta/voters.js';
import { isRank } from '../../src/core/ballot.js';

const completedDir = join(DEMO_TEMPLATE_DIR, 'elections/tech-oversight/term-2');
const file = (name: string) => readFile(join(completedDir, name), 'utf8');

async function candidateIds(): Promise<string[]> {
  const names = ['amara-o', 'lmercier', 'nadia-f', 'oskar-b', 'rajiv-s'];
  const ids = await Promise.all(names.map(async (name) => parseCandidate(name, await file(`candidate-${name}.md`)).candidate?.id));
  return ids.filter((id): id is string => id !== undefined);
}

describe('demoBallots', () => {
  it('belongs to the completed demo election and ranks only its candidates', async () => {
    const { electionKey, ballots } = demoBallots();
    assert.equal(electionKey, DEMO_ELECTION_KEYS.completed);
    const ids = new Set(await candidateIds());
    assert.equal(ids.size, 5);
    for (const ballot of ballots) {
      for (const [id, rank] of ballot) {
        assert.ok(ids.has(id), id);
        assert.ok(isRank(rank) && rank <= ids.size, `${id}: ${rank}`);
      }
    }
  });

  it('has one ballot per listed voter, each of them eligible, as results.md counts them', async () => {
    const { voters, ballots } = demoBallots();
    const eligible = parseVoters('voters.yaml', await file('voters.yaml')).voters;
    assert.equal(voters.length, ballots.length);
    assert.equal(new Set(voters).size, voters.length);
    for (const login of voters) assert.ok(eligible.has(login), login);
    const results = await file('results.md');
    assert.match(results, new RegExp(`Eligible voters: ${eligible.size}\\b`));
    assert.match(results, new RegExp(`Ballots cast: ${ballots.length}\\b`));
    assert.match(results, new RegExp(`Turnout: ${((100 * ballots.length) / eligible.size).toFixed(2)}%`));
  });

  it('counts to the winners and the tie that results.md publishes', async () => {
    const { ballots } = demoBallots();
    const result = schulze(ballotTable(await candidateIds(), ballots));
    assert.deepEqual(result.ranking, [['nadia-f'], ['rajiv-s'], ['amara-o'], ['lmercier', 'oskar-b']]);
    assert.deepEqual(selectWinners(result.ranking, 3), { tieAtCutoff: false, seats: 3, elected: ['nadia-f', 'rajiv-s', 'amara-o'] });
    const results = await file('results.md');
    const order = ['nadia-f', 'rajiv-s', 'amara-o', 'lmercier', 'oskar-b'].map((id) => results.indexOf(`github.com/${id})`));
    assert.ok(order.every((at, i) => at > 0 && (i === 0 || at > (order[i - 1] ?? 0))), 'results.md lists them in ranking order');
  });

  it('returns fresh maps on every call', () => {
    const first = demoBallots();
    const second = demoBallots();
    assert.notEqual(first.ballots[0], second.ballots[0]);
    assert.deepEqual(first, second);
  });
});
