import type { z } from 'zod';
import type { Problem } from '../core/problem.js';
import { problemAt } from './problem-at.js';
import type { YamlFile } from './yaml-file.js';

/**
 * Turns a schema's issues into problems located in the YAML file: the line of the offending
 * value, and the key it belongs to in front of the message (`start_datetime: is required`).
 *
 * @param basePath where the parsed value sits in the file (`['eligible_voters']`)
 */
export function problemsFromIssues(
  file: string,
  yaml: YamlFile,
  issues: readonly z.core.$ZodIssue[],
  basePath: readonly PropertyKey[] = [],
): Problem[] {
  return issues.map((issue) => {
    const path = [...basePath, ...issue.path];
    const key = path.filter((part) => typeof part === 'string').join('.');
    const line = yaml.lineOf(path) ?? yaml.lineOf(path.slice(0, 1));
    return problemAt(file, line, key === '' ? issue.message : `${key}: ${issue.message}`);
  });
}
