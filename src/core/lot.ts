import { createHash } from 'node:crypto';
import type { CandidateId } from './ballot.js';
import { compareCandidateIds } from './compare-candidate-ids.js';

/** One tie the rules send to the lot, as the result names it (SPEC §13). */
export interface TieByLot {
  /** The stage whose decision needed the lot. */
  readonly stage: number;
  /** What was being decided, e.g. "exclusion" or "order of surplus transfers". */
  readonly decision: string;
  /** The tied candidates, sorted by ID (the order the draw indexes). */
  readonly candidates: readonly CandidateId[];
  readonly chosen: CandidateId;
}

/**
 * Drawing lots reproducibly (SPEC §13): a generator seeded with the SHA-256 of the counted
 * ballot file, so anyone holding that file draws the same lots. Draw k hashes
 * `seed ‖ k` (k as 8 bytes, big-endian) and takes the first 8 bytes as an integer,
 * rejecting values past the largest multiple of the number of choices (no modulo bias).
 * The tied candidates are sorted by ID before drawing, so the draw never depends on the
 * order of columns in the file.
 */
export class Lot {
  private counter = 0n;
  readonly ties: TieByLot[] = [];

  /**
   * `order`, when given, replaces the draw: the tied candidate listed first is chosen. Other
   * programs decide their "lots" that way (Droop and OpenSTV by candidate order or a `[tie]`
   * list); it lets their reference counts be reproduced exactly, ties included.
   */
  constructor(
    private readonly seed: Uint8Array,
    readonly order?: readonly CandidateId[],
  ) {}

  /** Chooses one of `candidates` by lot and records the tie. */
  draw(stage: number, decision: string, candidates: readonly CandidateId[]): CandidateId {
    const sorted = [...candidates].sort(compareCandidateIds);
    const chosen = this.order
      ? this.order.find((id) => sorted.includes(id)) ?? sorted[0]!
      : sorted[this.index(sorted.length)]!;
    this.ties.push({ stage, decision, candidates: sorted, chosen });
    return chosen;
  }

  private index(choices: number): number {
    const n = BigInt(choices);
    const limit = (1n << 64n) - ((1n << 64n) % n);
    for (;;) {
      const block = Buffer.alloc(8);
      block.writeBigUInt64BE(this.counter++);
      const value = createHash('sha256').update(this.seed).update(block).digest().readBigUInt64BE(0);
      if (value < limit) return Number(value % n);
    }
  }
}

/** The seed of a count: SHA-256 of the counted ballot file's bytes. */
export function lotSeed(ballotFile: Uint8Array | string): Uint8Array {
  return createHash('sha256').update(ballotFile).digest();
}
