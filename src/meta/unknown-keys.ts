import type { Problem } from '../core/problem.js';
import { didYouMean } from './did-you-mean.js';
import { problemAt } from './problem-at.js';
import type { YamlFile } from './yaml-file.js';

/**
 * A warning for each key of `mapping` that is not in `known`, at its line, suggesting the
 * known key it probably misspells (`no_winner`, `Name`): tolerated, but usually a typo.
 */
export function unknownKeyWarnings(file: string, yaml: YamlFile, mapping: object, known: readonly string[]): Problem[] {
  return Object.keys(mapping)
    .filter((key) => !known.includes(key))
    .map((key) => {
      const guess = didYouMean(key, known);
      return problemAt(file, yaml.lineOf([key]), `unknown key '${key}' is ignored${guess ? `; did you mean '${guess}'?` : ''}`);
    });
}
