// The STV fixtures (test/fixtures/stv/README.md): BLT ballot files and the expected
// results, each bundle one gzip-compressed JSON object keyed by name.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseBlt } from '../../src/core/ballot-blt.js';
import { lotSeed } from '../../src/core/lot.js';
import type { StvOptions } from '../../src/core/stv-result.js';

const directory = new URL('../fixtures/stv/', import.meta.url);

function bundle<T>(name: string): Record<string, T> {
  return JSON.parse(gunzipSync(readFileSync(new URL(name, directory))).toString('utf8')) as Record<string, T>;
}

export interface ExpectedStvCount {
  readonly name: string;
  readonly ballots: string;
  readonly method: 'scottish-stv' | 'meek-stv';
  readonly seats: number;
  readonly elected: readonly string[];
  readonly elected_order_known?: boolean;
  readonly defeated_order?: readonly string[];
  readonly quota?: number;
  readonly quota_initial?: string;
  readonly valid_poll?: number;
  readonly stages: readonly ExpectedStage[];
  readonly tie_break_order?: readonly string[];
  readonly checks?: {
    readonly crosscheck_stage_values: string;
    readonly crosscheck_stage_mismatches?: readonly { stage: number; candidate: string; published: number; recount: number }[];
    readonly official_valid_poll: number;
    readonly blt_ballots: number;
  };
}

/** A published stage (`totals`, Scottish wards) or a reference program's log line (`votes`). */
export interface ExpectedStage {
  readonly stage?: number;
  readonly totals?: Readonly<Record<string, number>>;
  readonly tag?: string;
  readonly action?: string;
  readonly votes?: Readonly<Record<string, string>>;
  readonly quota?: string;
}

export const bltTexts = bundle<string>('ballots.json.gz');
export const expectedCounts = Object.values(bundle<ExpectedStvCount>('expected.json.gz'));

/** A fixture's ballot file, parsed, and the options of its count (seats, lot seed). */
export function fixtureBallots(expected: ExpectedStvCount): { blt: ReturnType<typeof parseBlt>; options: StvOptions } {
  const text = bltTexts[expected.ballots.replace(/\.blt$/, '')]!;
  const bytes = new TextEncoder().encode(text);
  return { blt: parseBlt(expected.ballots, bytes), options: { seats: expected.seats, seed: lotSeed(bytes) } };
}
