import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { err, ok } from '../core/result.js';
import type { DeriveKey, KdfFailed } from './kdf-error.js';

/** The worker next to this file: `.ts` when running from source (tsx), `.js` once built. */
const WORKER = fileURLToPath(new URL(`./kdf-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));

/**
 * The worker runs almost no JavaScript (Argon2's 512 MiB lives outside the V8 heap): small
 * heaps keep its own footprint down, since KDF_CONCURRENCY of them count against the budget.
 */
const WORKER_V8_FLAGS = ['--max-old-space-size=32', '--max-semi-space-size=1'];

interface Pending {
  readonly resolve: (result: Awaited<ReturnType<DeriveKey>>) => void;
}

interface Worker {
  readonly child: ChildProcess;
  readonly pending: Map<number, Pending>;
}

/**
 * Derives keys in child processes instead of the server's own thread pool. Each Argon2i
 * derivation maps and unmaps 512 MiB; done inside the server, that stalls its event loop for
 * 100-250 ms (measured in bench/kdf.ts), and the memory counts against the server's RSS. In
 * `size` long-lived children the server stays responsive and its own memory small.
 *
 * Jobs go to the child with the fewest in flight; a `KdfQueue` in front bounds how many run.
 * A child that dies fails its jobs cleanly (`kdf-failed`) and is replaced on the next job.
 */
export class KdfProcessPool {
  readonly #workers: (Worker | undefined)[];
  #nextId = 0;
  #closed = false;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError('size must be a whole number ≥ 1');
    this.#workers = Array.from({ length: size }, () => undefined);
  }

  /** A `DeriveKey` running in this pool's children. */
  readonly deriveKey: DeriveKey = (passphrase, salt, params) => {
    if (this.#closed) return Promise.resolve(failed('the key-derivation pool is closed'));
    const worker = this.#leastBusy();
    const id = this.#nextId++;
    return new Promise((resolve) => {
      worker.pending.set(id, { resolve });
      holdOpen(worker.child, true); // keep this process alive while an answer is due
      worker.child.send({ id, passphrase, salt: Buffer.from(salt).toString('base64'), params });
    });
  };

  /** Stops every child; jobs still in flight fail. */
  close(): void {
    this.#closed = true;
    for (const worker of this.#workers) worker?.child.kill();
  }

  #leastBusy(): Worker {
    let best = 0;
    for (let index = 0; index < this.#workers.length; index++) {
      const worker = this.#workers[index];
      if (!worker) return this.#spawn(index);
      if (worker.pending.size < (this.#workers[best]?.pending.size ?? Infinity)) best = index;
    }
    return this.#workers[best] ?? this.#spawn(best);
  }

  #spawn(index: number): Worker {
    // stdout is the server's JSON log stream: a worker has nothing to say there.
    const stdio = ['ignore', 'ignore', 'inherit', 'ipc'] as const;
    const child = fork(WORKER, [], { execArgv: [...loaderArgs(process.execArgv), ...WORKER_V8_FLAGS], stdio: [...stdio], serialization: 'advanced' });
    const worker: Worker = { child, pending: new Map() };
    child.on('message', (answer: { id: number; key?: string; error?: KdfFailed }) => {
      const job = worker.pending.get(answer.id);
      if (!job) return;
      worker.pending.delete(answer.id);
      if (worker.pending.size === 0) holdOpen(worker.child, false);
      job.resolve(answer.key !== undefined ? ok(new Uint8Array(Buffer.from(answer.key, 'base64'))) : err(answer.error ?? failedError('no key')));
    });
    child.on('exit', (code, signal) => {
      if (this.#workers[index] === worker) this.#workers[index] = undefined;
      for (const job of worker.pending.values()) job.resolve(failed(`the key-derivation process stopped (${signal ?? `exit code ${code}`})`));
      worker.pending.clear();
    });
    holdOpen(child, false);
    this.#workers[index] = worker;
    return worker;
  }
}

/**
 * The parent's module-loader flags only (`--import tsx` when running from source), so the
 * worker loads the same way; others (`--eval`, `--inspect`, `--cpu-prof`) must not be repeated.
 */
function loaderArgs(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    if (/^--(import|require|loader|experimental-loader)=/.test(arg)) kept.push(arg);
    else if (/^--(import|require|loader|experimental-loader)$/.test(arg) && execArgv[i + 1] !== undefined) kept.push(arg, execArgv[++i]!);
  }
  return kept;
}

/** An idle pool must not keep a process alive (tests, a CLI): only jobs in flight do. */
function holdOpen(child: ChildProcess, hold: boolean): void {
  if (hold) {
    child.ref();
    child.channel?.ref();
  } else {
    child.unref();
    child.channel?.unref();
  }
}

function failedError(message: string): KdfFailed {
  return { kind: 'kdf-failed', message };
}

function failed(message: string) {
  return err(failedError(message));
}
