import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tallyMarkdown } from '../../src/core/tally-markdown.js';
import { selectWinners } from '../../src/core/winners.js';
import { count, times } from './count-helpers.js';

test('names that Markdown would read as syntax stay literal in the tables', () => {
  const result = count(['A | B', 'c_d*'], times(2, { 'A | B': 1, 'c_d*': 2 }));
  const markdown = tallyMarkdown(result, selectWinners(result.ranking, 1));
  assert.ok(markdown.includes('| 1 | A \\| B | 0 | **elected** |'), markdown);
  assert.ok(markdown.includes('| 2 | c\\_d\\* | 1 |  |'), markdown);
  assert.ok(markdown.includes('|  | A \\| B | c\\_d\\* |'), markdown);
});

test('a tie for several seats names how many seats it is for', () => {
  const result = count(['a', 'b', 'c'], [{}]);
  const markdown = tallyMarkdown(result, selectWinners(result.ranking, 2));
  assert.ok(markdown.includes('**Tie for the last 2 seats:** a, b, c are tied for 2 remaining seats;'), markdown);
});
