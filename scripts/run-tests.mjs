#!/usr/bin/env node
// Runs the test suite with Node's own test runner, on the TypeScript sources (via tsx).
// Node 20 has no glob support in `--test`, so the files are listed here.
// Usage: node scripts/run-tests.mjs [--without-browser] [PATH ...]
// (paths narrow the run to files or folders; --without-browser leaves out *.browser.test.*)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/** Every `*.test.ts(x)` file below `dir`, sorted for a stable order. */
function testFiles(dir) {
  if (statSync(dir).isFile()) return [dir];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.name !== 'fixtures' && entry.name !== 'node_modules')
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return testFiles(path);
      return /\.test\.tsx?$/.test(entry.name) ? [path] : [];
    })
    .sort();
}

const withoutBrowser = process.argv.includes('--without-browser');
const roots = process.argv.slice(2).filter((arg) => arg !== '--without-browser');
const files = (roots.length ? roots : [join(root, 'test')])
  .flatMap(testFiles)
  .filter((file) => !(withoutBrowser && file.includes('.browser.test.')));
if (files.length === 0) {
  console.error('run-tests: no test files found');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`,
    ...files.map((file) => relative(process.cwd(), file))],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
