import { err, ok, type Result } from '../core/result.js';
import { deriveKey as deriveKeyUnbounded } from './derive-key.js';
import type { DeriveKey, KdfBusy } from './kdf-error.js';

export interface KdfQueueOptions {
  /** Derivations allowed at once (`KDF_CONCURRENCY`, default 2). Each holds up to 512 MiB. */
  readonly concurrency: number;
  /**
   * Derivations allowed to wait for a slot; one more is refused with `busy`. Waiting costs no
   * memory, only latency, so the default (8 per slot: about 16 s of waiting at 2 s each) is
   * there to keep a voter's wait shorter than a browser's patience.
   */
  readonly maxWaiting?: number;
  /** Seconds one derivation is assumed to take before any has been measured (default 2). */
  readonly initialJobSeconds?: number;
  /**
   * Where keys are derived: this process's thread pool by default, or another `DeriveKey`
   * such as a `KdfProcessPool`'s (what the server uses).
   */
  readonly derive?: DeriveKey;
  /** Told how long each admitted job waited for its slot (for `/metrics`). */
  readonly onWait?: (seconds: number) => void;
}

/**
 * Bounds the memory and CPU spent on Argon2: at most `concurrency` derivations at once, at most
 * `maxWaiting` more waiting in first-come order, and an immediate `busy` error beyond that,
 * carrying a Retry-After estimate from the measured duration of recent jobs.
 *
 * `elekto serve` derives in child processes (`KdfProcessPool`), one per slot, so the server's
 * own libuv thread pool (file and DNS calls) is never taken by a derivation.
 */
export class KdfQueue {
  readonly #concurrency: number;
  readonly #maxWaiting: number;
  readonly #waiting: Array<() => void> = [];
  #running = 0;
  #averageSeconds: number;
  readonly #derive: DeriveKey;
  readonly #onWait: ((seconds: number) => void) | undefined;

  constructor(options: KdfQueueOptions) {
    const { concurrency, maxWaiting = 8 * concurrency, initialJobSeconds = 2, derive = deriveKeyUnbounded } = options;
    this.#derive = derive;
    this.#onWait = options.onWait;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be a whole number ≥ 1');
    if (!Number.isInteger(maxWaiting) || maxWaiting < 0) throw new RangeError('maxWaiting must be a whole number ≥ 0');
    this.#concurrency = concurrency;
    this.#maxWaiting = maxWaiting;
    this.#averageSeconds = initialJobSeconds;
  }

  /** Jobs holding a slot now. */
  get running(): number {
    return this.#running;
  }

  /** Jobs waiting for a slot now. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /**
   * Runs `job` when a slot is free, in arrival order, or refuses it at once with `busy` when
   * the wait queue is full. A job that throws or rejects frees its slot like any other; its
   * error reaches the caller unchanged.
   */
  async run<T>(job: () => Promise<T>): Promise<Result<T, KdfBusy>> {
    const arrived = performance.now();
    if (this.#running < this.#concurrency) {
      this.#running += 1;
    } else if (this.#waiting.length < this.#maxWaiting) {
      // The finishing job hands its slot over directly (see #release), so `#running` is unchanged.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      return err(this.#busy());
    }
    const started = performance.now();
    this.#onWait?.((started - arrived) / 1000);
    try {
      return ok(await job());
    } finally {
      this.#record((performance.now() - started) / 1000);
      this.#release();
    }
  }

  /** `deriveKey`, waiting for a slot of this queue; `busy` when it is full. */
  readonly deriveKey: DeriveKey = async (passphrase, salt, params) => {
    const queued = await this.run(() => this.#derive(passphrase, salt, params));
    return queued.ok ? queued.value : queued;
  };

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#running -= 1;
  }

  // An exponential moving average: follows a change of machine load within a few jobs.
  #record(seconds: number): void {
    this.#averageSeconds = 0.8 * this.#averageSeconds + 0.2 * seconds;
  }

  #busy(): KdfBusy {
    const ahead = this.#running + this.#waiting.length;
    const retryAfterSeconds = Math.max(1, Math.ceil((ahead / this.#concurrency) * this.#averageSeconds));
    return {
      kind: 'busy',
      retryAfterSeconds,
      message: `too many ballot passphrases are being processed right now; try again in ${retryAfterSeconds} s`,
    };
  }
}
