import type { CandidateId } from './ballot.js';
import type { Fixed, FixedDecimal } from './fixed-decimal.js';
import type { Lot } from './lot.js';
import type { RankedBallots } from './ranked-ballots.js';
import type { StageAction, StvMethod, StvResult, StvStage } from './stv-result.js';

export interface StageEntry {
  readonly action: StageAction;
  readonly candidate: number | null;
  readonly elected?: readonly number[];
  readonly excluded?: readonly number[];
  readonly quota?: Fixed;
  readonly keepFactors?: ReadonlyMap<number, Fixed>;
  readonly notes?: readonly string[];
}

/**
 * The stages of a count as it runs: each stage's votes are kept as numbers (the Scottish
 * tie rules look back at them) and written out as decimal strings with the rule's places.
 */
export class StageLog {
  readonly history: Fixed[][] = [];
  private readonly stages: StvStage[] = [];

  constructor(
    private readonly candidates: readonly CandidateId[],
    private readonly arithmetic: FixedDecimal,
    /** The total value of the valid ballots: what is not with a candidate is non-transferable. */
    private readonly total: Fixed,
  ) {}

  get count(): number {
    return this.stages.length;
  }

  record(votes: readonly Fixed[], entry: StageEntry): void {
    const { format } = this.arithmetic;
    const previous = this.history.at(-1);
    const name = (index: number) => this.candidates[index]!;
    const byCandidate = (value: (index: number) => Fixed) =>
      Object.fromEntries(this.candidates.map((id, index) => [id, format(value(index))]));
    this.history.push([...votes]);
    this.stages.push({
      stage: this.stages.length + 1,
      action: entry.action,
      candidate: entry.candidate === null ? null : name(entry.candidate),
      votes: byCandidate((index) => votes[index]!),
      ...(previous ? { transfers: byCandidate((index) => votes[index]! - previous[index]!) } : {}),
      non_transferable: format(this.total - votes.reduce((sum, v) => sum + v, 0)),
      elected: (entry.elected ?? []).map(name),
      excluded: (entry.excluded ?? []).map(name),
      ...(entry.quota === undefined ? {} : { quota: format(entry.quota) }),
      ...(entry.keepFactors ? { keep_factors: Object.fromEntries([...entry.keepFactors].map(([c, kf]) => [name(c), format(kf)])) } : {}),
      ...(entry.notes?.length ? { notes: entry.notes } : {}),
    });
  }

  /** Adds candidates elected after the last stage's transfer (the last-vacancies rules). */
  electAtLastStage(elected: readonly number[], note: string): void {
    const last = this.stages.pop()!;
    this.stages.push({
      ...last,
      elected: [...last.elected, ...elected.map((index) => this.candidates[index]!)],
      notes: [...(last.notes ?? []), note],
    });
  }

  result(): readonly StvStage[] {
    return this.stages;
  }
}

/** What a finished count knows, for `stvResult`. */
export interface FinishedCount {
  readonly method: StvMethod;
  readonly rules: string;
  readonly seats: number;
  readonly input: RankedBallots;
  readonly validBallots: number;
  readonly quota: string;
  readonly elected: readonly number[];
  readonly log: StageLog;
  readonly lot: Lot;
}

/** The result of a finished count, candidates by ID. */
export function stvResult(count: FinishedCount): StvResult {
  const name = (c: number) => count.input.candidates[c]!;
  return {
    method: count.method,
    // A count told an order instead of drawing lots says so: it is another rule.
    rules: count.lot.order ? `${count.rules}; lots replaced by the order ${count.lot.order.join(', ')}` : count.rules,
    seats: count.seats,
    candidates: count.input.candidates,
    withdrawn: [...count.input.withdrawn].map(name),
    ballots: count.input.ballots,
    valid_ballots: count.validBallots,
    quota: count.quota,
    elected: count.elected.map(name),
    stages: count.log.result(),
    ties_broken_by_lot: count.lot.ties,
  };
}
