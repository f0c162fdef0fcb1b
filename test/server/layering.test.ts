// docs/architecture.md: dependencies point one way, with one composition root at the top.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** Every module of `src/` with the top-level folders it imports from. */
function imports(): { file: string; folder: string; targets: string[] }[] {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'));
  return files.map((file) => {
    const text = readFileSync(join(SRC, file), 'utf8');
    const targets = [...text.matchAll(/from '(\.[^']+)'/g)].map((m) => relative(SRC, join(SRC, file, '..', m[1] ?? '')).split('/')[0] ?? '');
    return { file, folder: file.split('/')[0] ?? '', targets };
  });
}

it('nothing below the composition root imports web/ upward, and only serve reaches the root', () => {
  const below = new Set(['core', 'crypto', 'meta', 'storage', 'auth', 'config', 'app']);
  for (const { file, folder, targets } of imports()) {
    if (below.has(folder)) assert.ok(!targets.includes('web') && !targets.includes('server'), `${file} imports ${targets.join(', ')}`);
    if (targets.includes('server')) assert.ok(folder === 'server' || folder === 'cli', `${file} imports the composition root`);
  }
});
