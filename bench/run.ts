// `npm run bench`: builds the project once, runs every benchmark against the built CLI and
// prints each number beside its target. Exit status 1 when a target is missed or a benchmark fails.
// Usage: npm run bench [-- NAME ...]   (names narrow the run to those benchmarks)
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { meetsTarget, type Benchmark, type BenchResult } from './benchmark.js';
import { kdfBenchmark } from './kdf.js';
import { resultsBenchmark } from './results.js';
import { stvTallyBenchmark } from './stv-tally.js';
import { syncBenchmark } from './sync.js';
import { tallyBenchmark } from './tally.js';
import { validateBenchmark } from './validate.js';
import { webBenchmark } from './web.js';

/** Every benchmark, in the order they run. Adding one is adding its import and a line here. */
const benchmarks: readonly Benchmark[] = [tallyBenchmark, stvTallyBenchmark, validateBenchmark, kdfBenchmark, webBenchmark, syncBenchmark, resultsBenchmark];

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../dist/cli/bin.js', import.meta.url));

const wanted = process.argv.slice(2);
const selected = benchmarks.filter((b) => wanted.length === 0 || wanted.includes(b.name));
if (selected.length === 0) {
  console.error(`bench: no benchmark named ${wanted.join(', ')}; known: ${benchmarks.map((b) => b.name).join(', ')}`);
  process.exit(2);
}

console.log('Building (tsc -p tsconfig.build.json)…');
try {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
} catch {
  console.error('bench: the build failed (see above); nothing was measured');
  process.exit(1);
}

const results: BenchResult[] = [];
let failed = false;
for (const benchmark of selected) {
  console.log(`Running ${benchmark.name}…`);
  try {
    results.push(...(await benchmark.run({ bin })));
  } catch (error) {
    failed = true;
    console.error(`bench: ${benchmark.name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
console.log(`\n${formatTable(results)}`);
process.exitCode = !failed && results.every(meetsTarget) ? 0 : 1;

function formatTable(rows: readonly BenchResult[]): string {
  const cells = rows.map((r) => [r.name, `${r.value.toFixed(r.value < 100 ? 1 : 0)} ${r.unit}`, `${r.better === 'higher' ? '≥' : '≤'} ${r.target} ${r.unit}`, meetsTarget(r) ? 'ok' : 'MISSED']);
  const header = ['measure', 'value', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: readonly string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [header, ...cells].map(line).join('\n');
}
