// `elekto validate` on the real Kubernetes meta repository (10 elections, ~6,500 voter
// entries, 70 candidate files): the whole process as a CI job runs it, and the warm reload
// the server repeats after every sync.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { medianProcessMs, type Benchmark } from './benchmark.js';

const REPO = fileURLToPath(new URL('../test/fixtures/real-meta/kubernetes__community', import.meta.url));
const RELOADS = 10;

type LoadCatalog = (repoDir: string, electionDir: string) => Promise<{ ok: boolean }>;

export const validateBenchmark: Benchmark = {
  name: 'validate',
  async run({ bin }) {
    const { loadCatalog } = (await import(pathToFileURL(join(dirname(dirname(bin)), 'meta/load-catalog.js')).href)) as { loadCatalog: LoadCatalog };
    return [
      {
        name: 'elekto validate: Kubernetes meta repository (whole process)',
        value: medianProcessMs(bin, ['validate', REPO, '--format', 'json'], 5),
        unit: 'ms',
        target: 1_000,
      },
      {
        name: 'catalog reload after a sync: Kubernetes meta repository (warm, in process)',
        value: await medianReloadMs(loadCatalog),
        unit: 'ms',
        target: 200,
      },
    ];
  },
};

/** Median milliseconds of `loadCatalog` once the code is warm, as on a running server. */
async function medianReloadMs(loadCatalog: LoadCatalog): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run <= RELOADS; run++) {
    const started = performance.now();
    const catalog = await loadCatalog(REPO, 'elections');
    if (!catalog.ok) throw new Error(`could not load ${REPO}`);
    if (run > 0) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1] ?? Number.NaN;
}
