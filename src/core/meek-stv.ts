import { fixedDecimal, type Fixed } from './fixed-decimal.js';
import { Lot } from './lot.js';
import type { RankedBallots } from './ranked-ballots.js';
import { StageLog, stvResult } from './stv-stage-log.js';
import type { StvOptions, StvResult } from './stv-result.js';

/**
 * Meek STV as the Proportional Representation Foundation's Reference Meek Rule (the rule
 * the Droop program calls `meek-prf`). Step labels below (A, B.1 … B.4, C, T) are that
 * rule's. See docs/counting-methods.md.
 */
export const MEEK_RULES =
  'Meek STV (PR Foundation Reference Meek Rule): fixed-point arithmetic, 9 decimal places, ' +
  'omega 0.000001, keep factors rounded up, ties by lot';

// "All arithmetic … fixed-point decimal, 9 digits after the decimal point."
const arithmetic = fixedDecimal(9);
const { one, epsilon } = arithmetic;
/** Step A: ω = 0.000001. */
const OMEGA = one / 1_000_000;

type Status = 'hopeful' | 'elected' | 'defeated' | 'withdrawn';

/** Ballots that read the same up to their first hopeful candidate, skipping keep factor 0. */
interface Prefix {
  readonly candidates: number[];
  count: number;
}

/**
 * How a ballot's weight is split at each candidate. `prf` is the Reference Meek Rule (B.2.a:
 * keep w × kf rounded up, pass on w minus that) and the default. `openstv` is the variant of
 * OpenSTV's MeekSTV and of Droop's parametric `meek` rule, which the stv-rs transcripts
 * follow: keep w × kf and pass on w × (1 − kf), both truncated, and an iteration ends when
 * the surplus is at most ω. It exists to check this count against those programs' logs.
 */
export type MeekRounding = 'prf' | 'openstv';

export interface MeekOptions extends StvOptions {
  readonly rounding?: MeekRounding;
}

export function meekStv(input: RankedBallots, options: MeekOptions): StvResult {
  return new MeekCount(input, options).run();
}

class MeekCount {
  private readonly status: Status[];
  private readonly keep: Fixed[];
  private readonly votes: Fixed[];
  private readonly elected: number[] = [];
  private readonly lot: Lot;
  private readonly log: StageLog;
  private readonly validBallots: number;
  private quota: Fixed;
  private surplus: Fixed = 0;

  constructor(
    private readonly input: RankedBallots,
    private readonly options: MeekOptions,
  ) {
    // A: hopeful candidates keep everything (kf = 1), withdrawn ones nothing (kf = 0).
    this.status = input.candidates.map((_, c) => (input.withdrawn.has(c) ? 'withdrawn' : 'hopeful'));
    this.keep = this.status.map((status) => (status === 'withdrawn' ? 0 : one));
    this.votes = new Array<Fixed>(input.candidates.length).fill(0);
    this.lot = new Lot(options.seed, options.tieOrder);
    this.validBallots = input.groups.reduce((sum, group) => (group.ranking.some((c) => this.keep[c]! > 0) ? sum + group.count : sum), 0);
    this.distribute(this.prefixes());
    this.quota = this.quotaOf(arithmetic.fromInteger(this.validBallots));
    this.log = new StageLog(input.candidates, arithmetic, arithmetic.fromInteger(this.validBallots));
  }

  run(): StvResult {
    this.log.record(this.votes, { action: 'first preferences', candidate: null, quota: this.quota });
    // B.1: go on while there are more hopefuls than seats to fill, and seats to fill.
    while (this.hopeful().length > this.vacancies && this.vacancies > 0) this.round();
    this.complete();
    return stvResult({
      method: 'meek-stv',
      rules: this.options.rounding === 'openstv'
        ? `${MEEK_RULES}; variant: each ballot's kept and passed-on weights truncated (OpenSTV), iteration ends at surplus <= omega`
        : MEEK_RULES,
      seats: this.options.seats,
      input: this.input,
      validBallots: this.validBallots,
      quota: this.log.result()[0]!.quota!,
      elected: this.elected,
      log: this.log,
      lot: this.lot,
    });
  }

  private get vacancies(): number {
    return this.options.seats - this.elected.length;
  }

  private hopeful(): number[] {
    return this.status.flatMap((status, c) => (status === 'hopeful' ? [c] : []));
  }

  /** B.2 then B.3: iterate keep factors; either someone is elected, or the lowest is defeated. */
  private round(): void {
    const prefixes = this.prefixes();
    let previousSurplus = arithmetic.fromInteger(this.input.ballots);
    for (let iteration = 0; ; iteration++) {
      this.distribute(prefixes); // B.2.a
      this.quota = this.quotaOf(this.totalVotes()); // B.2.b
      const elected = this.electQuotaHolders(); // B.2.c
      this.surplus = Math.max(0, this.elected.reduce((sum, c) => sum + this.votes[c]! - this.quota, 0)); // B.2.d
      if (elected.length > 0) {
        this.record('election', null, elected, []);
        return; // B.2.e: an election ends the round (continue at B.1)
      }
      // B.2.e: converged when the surplus is below ω, or stopped falling (not on the first iteration).
      if (this.surplus < OMEGA || (this.options.rounding === 'openstv' && this.surplus === OMEGA)) break;
      if (iteration > 0 && this.surplus >= previousSurplus) break;
      previousSurplus = this.surplus;
      this.updateKeepFactors(); // B.2.f
    }
    this.defeatLowest();
  }

  /**
   * B.2.a for every ballot at once. A ballot gives each candidate in turn w × kf (rounded
   * up) and keeps the rest, so what it gives depends only on its candidates up to the first
   * hopeful one (kf = 1 takes all that is left), skipping those with kf = 0. Ballots are
   * grouped by that prefix once per round: a round's iterations then touch only a few
   * hundred groups however many ballots there are.
   */
  private prefixes(): Prefix[] {
    const byKey = new Map<string, Prefix>();
    for (const { ranking, count } of this.input.groups) {
      const candidates: number[] = [];
      for (const c of ranking) {
        if (this.keep[c] === 0) continue;
        candidates.push(c);
        if (this.status[c] === 'hopeful') break;
      }
      if (candidates.length === 0) continue;
      const key = String.fromCharCode(...candidates);
      const prefix = byKey.get(key);
      if (prefix) prefix.count += count;
      else byKey.set(key, { candidates, count });
    }
    return [...byKey.values()];
  }

  /** B.2.a: "add w multiplied by kf (to 9 decimal places, rounded up) … reduce w by the same amount". */
  private distribute(prefixes: readonly Prefix[]): void {
    this.votes.fill(0);
    const openstv = this.options.rounding === 'openstv';
    for (const { candidates, count } of prefixes) {
      let weight = one;
      for (const c of candidates) {
        const kf = this.keep[c]!;
        const kept = arithmetic.mul(weight, kf, openstv ? 'down' : 'up');
        this.votes[c]! += kept * count;
        weight = openstv ? arithmetic.mul(weight, one - kf, 'down') : weight - kept;
        if (weight <= 0) break;
      }
    }
  }

  private totalVotes(): Fixed {
    return this.votes.reduce((sum, v, c) => (this.status[c] === 'hopeful' || this.status[c] === 'elected' ? sum + v : sum), 0);
  }

  /** B.2.b: votes ÷ (seats + 1), truncated to 9 places, plus 0.000000001. */
  private quotaOf(votes: Fixed): Fixed {
    return arithmetic.mulDiv(votes, 1, this.options.seats + 1, 'down') + epsilon;
  }

  /** B.2.c: every hopeful candidate with v ≥ q is elected (most votes first, for the record). */
  private electQuotaHolders(): number[] {
    const reached = this.hopeful().filter((c) => this.votes[c]! >= this.quota);
    reached.sort((a, b) => this.votes[b]! - this.votes[a]! || a - b);
    for (const c of reached) {
      this.status[c] = 'elected';
      this.elected.push(c);
    }
    return reached;
  }

  /** B.2.f: kf := kf × q (rounded up) ÷ v (rounded up), for each elected candidate. */
  private updateKeepFactors(): void {
    for (const c of this.elected) {
      this.keep[c] = arithmetic.div(arithmetic.mul(this.keep[c]!, this.quota, 'up'), this.votes[c]!, 'up');
    }
  }

  /**
   * B.3: defeat the hopeful candidate with the fewest votes; every hopeful within the total
   * surplus of that lowest vote counts as tied with it, and the tie goes to lot (T).
   */
  private defeatLowest(): void {
    const hopeful = this.hopeful();
    const lowest = Math.min(...hopeful.map((c) => this.votes[c]!));
    const tied = hopeful.filter((c) => this.votes[c]! <= lowest + this.surplus);
    const loser = tied.length === 1
      ? tied[0]!
      : this.input.candidates.indexOf(this.lot.draw(this.log.count + 1, 'defeat (step B.3, tie procedure T)', tied.map((c) => this.input.candidates[c]!)));
    this.status[loser] = 'defeated';
    this.record('exclusion', loser, [], [loser]);
    this.keep[loser] = 0;
    this.votes[loser] = 0;
  }

  /** C: fill the remaining seats with the remaining hopefuls, or defeat them. */
  private complete(): void {
    const hopeful = this.hopeful().sort((a, b) => this.votes[b]! - this.votes[a]! || a - b);
    if (hopeful.length === 0) return;
    if (this.vacancies > 0) {
      for (const c of hopeful) {
        this.status[c] = 'elected';
        this.elected.push(c);
      }
      this.log.electAtLastStage(hopeful, 'step C.1: the hopeful candidates left are no more than the seats left, so they are elected');
    } else {
      for (const c of hopeful) this.status[c] = 'defeated';
    }
  }

  private record(action: 'election' | 'exclusion', candidate: number | null, elected: number[], excluded: number[]): void {
    const keepFactors = new Map(this.elected.map((c) => [c, this.keep[c]!]));
    this.log.record(this.votes, { action, candidate, elected, excluded, quota: this.quota, keepFactors });
  }
}
