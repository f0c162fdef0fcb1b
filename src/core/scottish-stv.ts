import { fixedDecimal, type Fixed } from './fixed-decimal.js';
import { Lot } from './lot.js';
import type { RankedBallots } from './ranked-ballots.js';
import { StageLog, stvResult } from './stv-stage-log.js';
import type { StvOptions, StvResult } from './stv-result.js';

/**
 * Scottish STV: The Scottish Local Government Elections Order 2007 (SSI 2007/42),
 * Schedule 1, rules 45–52 — weighted inclusive Gregory transfers, each ballot paper's
 * transfer value truncated to five decimal places. Rule numbers below are that schedule's.
 * See docs/counting-methods.md for the points the text leaves open and how they are read.
 */
export const SCOTTISH_RULES =
  'Scottish STV (SSI 2007/42 Sch. 1 rules 45-52): Droop quota, weighted inclusive Gregory, ' +
  'transfer values truncated to 5 decimal places, ties by earlier stages then by lot';

// Rule 48(3): "the calculation being made to five decimal places (any remainder being ignored)".
const arithmetic = fixedDecimal(5);
const { one } = arithmetic;

type Status = 'continuing' | 'elected' | 'excluded' | 'withdrawn';

/** A parcel of identical ballot papers: a ballot group, the place its paper is at, its value. */
interface Paper {
  readonly group: number;
  readonly place: number;
  readonly value: Fixed;
}

export function scottishStv(input: RankedBallots, options: StvOptions): StvResult {
  return new ScottishCount(input, options).run();
}

class ScottishCount {
  private readonly status: Status[];
  private readonly votes: Fixed[];
  private readonly papers: Paper[][];
  private readonly elected: number[] = [];
  /** Elected candidates whose surplus is not yet transferred. */
  private readonly pending = new Set<number>();
  private readonly lot: Lot;
  private readonly log: StageLog;
  private readonly validBallots: number;
  private readonly quota: Fixed;

  constructor(
    private readonly input: RankedBallots,
    private readonly options: StvOptions,
  ) {
    this.status = input.candidates.map((_, c) => (input.withdrawn.has(c) ? 'withdrawn' : 'continuing'));
    this.votes = new Array<Fixed>(input.candidates.length).fill(0);
    this.papers = input.candidates.map(() => []);
    this.lot = new Lot(options.seed, options.tieOrder);
    // Rule 45: sort the valid ballot papers by first preference (withdrawn candidates skipped).
    let valid = 0;
    input.groups.forEach((group, index) => {
      const place = this.nextContinuing(group.ranking, -1);
      if (place === undefined) return;
      valid += group.count;
      this.credit(group.ranking[place]!, { group: index, place, value: one });
    });
    this.validBallots = valid;
    // Rule 46: valid papers ÷ (seats + 1), decimals ignored, plus one.
    this.quota = arithmetic.fromInteger(Math.floor(valid / (options.seats + 1)) + 1);
    this.log = new StageLog(input.candidates, arithmetic, arithmetic.fromInteger(valid));
  }

  run(): StvResult {
    this.log.record(this.votes, { action: 'first preferences', candidate: null, elected: this.electQuotaHolders() });
    while (!this.complete()) {
      const surplus = this.nextSurplus();
      if (surplus === undefined) this.exclude(this.lowest());
      else this.transferSurplus(surplus);
    }
    return stvResult({
      method: 'scottish-stv',
      rules: SCOTTISH_RULES,
      seats: this.options.seats,
      input: this.input,
      validBallots: this.validBallots,
      quota: arithmetic.format(this.quota),
      elected: this.elected,
      log: this.log,
      lot: this.lot,
    });
  }

  private get vacancies(): number {
    return this.options.seats - this.elected.length;
  }

  private continuing(): number[] {
    return this.status.flatMap((status, c) => (status === 'continuing' ? [c] : []));
  }

  /**
   * Whether the count is over: every seat filled, or rule 52 — as many continuing candidates
   * as vacancies: they are deemed elected and no further transfer is made (52(2)).
   */
  private complete(): boolean {
    if (this.vacancies <= 0) return true;
    const continuing = this.continuing();
    if (continuing.length > this.vacancies) return false;
    const order = this.byVotes(continuing);
    for (const c of order) this.elect(c);
    if (order.length > 0) this.log.electAtLastStage(order, 'rule 52: the continuing candidates are as many as the vacancies, so they are elected');
    return true;
  }

  /** Rule 47: every continuing candidate with at least the quota is elected, most votes first. */
  private electQuotaHolders(): number[] {
    const reached = this.byVotes(this.continuing().filter((c) => this.votes[c]! >= this.quota));
    for (const c of reached) {
      if (this.vacancies <= 0) break;
      this.elect(c);
      if (this.votes[c]! > this.quota) this.pending.add(c);
    }
    return reached.filter((c) => this.status[c] === 'elected');
  }

  private elect(c: number): void {
    this.status[c] = 'elected';
    this.elected.push(c);
  }

  /**
   * Rule 49: the largest surplus first; equal surpluses go by the most recent stage at which
   * those candidates' votes differed, then by lot. Undefined when no surplus is pending.
   */
  private nextSurplus(): number | undefined {
    if (this.pending.size === 0) return undefined;
    const pending = [...this.pending];
    const largest = Math.max(...pending.map((c) => this.votes[c]!));
    return this.breakTie(pending.filter((c) => this.votes[c] === largest), 'highest', 'order of surplus transfers (rule 49(3))');
  }

  /** Rules 50(1) and 51: the continuing candidate with the fewest votes; ties as rule 51(2). */
  private lowest(): number {
    const continuing = this.continuing();
    const fewest = Math.min(...continuing.map((c) => this.votes[c]!));
    return this.breakTie(continuing.filter((c) => this.votes[c] === fewest), 'lowest', 'exclusion (rule 51(2)(b))');
  }

  /** Rule 48: transfers every paper of `c` at value surplus × paper value ÷ votes, truncated. */
  private transferSurplus(c: number): void {
    this.pending.delete(c);
    const total = this.votes[c]!;
    const surplus = total - this.quota;
    const papers = this.papers[c]!;
    this.papers[c] = [];
    this.votes[c] = this.quota;
    for (const paper of papers) {
      // Rule 48(3): A = surplus × the paper's value when received (48(4)); B = c's votes.
      this.passOn(paper, arithmetic.mulDiv(surplus, paper.value, total, 'down'));
    }
    this.endStage('surplus', c);
  }

  /** Rule 50: `c` is excluded and each of its papers passes on at the value it arrived with (50(4)). */
  private exclude(c: number): void {
    this.status[c] = 'excluded';
    const papers = this.papers[c]!;
    this.papers[c] = [];
    this.votes[c] = 0;
    for (const paper of papers) this.passOn(paper, paper.value);
    this.endStage('exclusion', c);
  }

  /** Rules 48(1)–(2), 50(2)–(3): to the next continuing candidate, or non-transferable. */
  private passOn(paper: Paper, value: Fixed): void {
    const ranking = this.input.groups[paper.group]!.ranking;
    const place = this.nextContinuing(ranking, paper.place);
    if (place !== undefined) this.credit(ranking[place]!, { group: paper.group, place, value });
  }

  private endStage(action: 'surplus' | 'exclusion', c: number): void {
    const elected = this.electQuotaHolders();
    this.log.record(this.votes, { action, candidate: c, elected, excluded: action === 'exclusion' ? [c] : [] });
  }

  private credit(c: number, paper: Paper): void {
    this.papers[c]!.push(paper);
    this.votes[c]! += this.input.groups[paper.group]!.count * paper.value;
  }

  private nextContinuing(ranking: readonly number[], after: number): number | undefined {
    for (let place = after + 1; place < ranking.length; place++) {
      if (this.status[ranking[place]!] === 'continuing') return place;
    }
    return undefined;
  }

  /**
   * Rules 49(2)–(3) and 51(2): among equal candidates, look back stage by stage to the most
   * recent one at which their votes differed and keep those with the most (or fewest) votes
   * there; if several remain, look further back among them; equal at every stage → lot.
   */
  private breakTie(tied: number[], want: 'highest' | 'lowest', decision: string): number {
    let remaining = tied;
    for (let stage = this.log.history.length - 1; stage >= 0 && remaining.length > 1; stage--) {
      const votes = this.log.history[stage]!;
      const values = remaining.map((c) => votes[c]!);
      const extreme = want === 'highest' ? Math.max(...values) : Math.min(...values);
      remaining = remaining.filter((c) => votes[c] === extreme);
    }
    if (remaining.length === 1) return remaining[0]!;
    const names = remaining.map((c) => this.input.candidates[c]!);
    return this.input.candidates.indexOf(this.lot.draw(this.log.count + 1, decision, names));
  }

  /**
   * Candidates by votes, most first; equal votes by earlier stages. Candidates
   * equal at every stage keep candidate order: the order only names who was elected first
   * at one stage and changes nothing in the count (their surpluses are ordered by rule 49).
   */
  private byVotes(candidates: number[]): number[] {
    const stages = [this.votes, ...[...this.log.history].reverse()];
    return [...candidates].sort((a, b) => {
      for (const votes of stages) if (votes[a] !== votes[b]) return votes[b]! - votes[a]!;
      return a - b;
    });
  }
}
