import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Problem } from '../core/problem.js';
import { err, ok, type Result } from '../core/result.js';
import { resolvePlaceholders, utcDay } from './resolve-placeholders.js';

/**
 * The template shipped with the package: `examples/demo-meta`. This module sits two levels
 * below the package root both as source (`src/demo`) and once built (`dist/demo`).
 */
export const DEMO_TEMPLATE_DIR = fileURLToPath(new URL('../../examples/demo-meta/', import.meta.url));

/**
 * Every file below `dir` as repository-relative POSIX path → UTF-8 text, sorted by path.
 * Rejects when the directory cannot be read.
 */
export async function readDemoTemplate(dir: string = DEMO_TEMPLATE_DIR): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  async function walk(relative: string): Promise<void> {
    const entries = await readdir(join(dir, relative), { withFileTypes: true });
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) files.set(path, await readFile(join(dir, path), 'utf8'));
    }
  }
  await walk('');
  return files;
}

/**
 * The template's files with every date placeholder resolved for the UTC day of `now`
 * (see `resolvePlaceholders`), or every placeholder problem found.
 */
export function renderDemoTemplate(
  template: ReadonlyMap<string, string>,
  now: Date,
): Result<Map<string, string>, readonly Problem[]> {
  const today = utcDay(now);
  const files = new Map<string, string>();
  const problems: Problem[] = [];
  for (const [path, text] of template) {
    const resolved = resolvePlaceholders(path, text, today);
    if (resolved.ok) files.set(path, resolved.value);
    else problems.push(resolved.error);
  }
  return problems.length === 0 ? ok(files) : err(problems);
}
