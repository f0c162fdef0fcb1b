import type { CandidateId } from './ballot.js';
import type { Problem } from './problem.js';
import { RankingGrouper, type RankedBallots } from './ranked-ballots.js';
import { err, ok, type Result } from './result.js';

/** A BLT file: its ballots, seats and title. Candidate IDs are the quoted names (SPEC §13). */
export interface BltFile {
  readonly title: string;
  readonly seats: number;
  readonly ballots: RankedBallots;
}

class BltError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Parses the BLT format of OpenSTV, Droop and the ERS: `candidates seats`; an optional line
 * of withdrawn candidates as negative numbers; ballot lines `weight c1 c2 … 0` (candidates
 * numbered from 1, most preferred first); a line `0`; one quoted name per candidate; a
 * quoted title. Blank lines are ignored. Equal rankings (`2=3`) and a candidate ranked twice
 * are refused: STV ballots are strict orders. Problems name `file` and the 1-based line.
 */
export function parseBlt(file: string, content: Uint8Array | string): Result<BltFile, Problem> {
  const text = typeof content === 'string' ? content : new TextDecoder().decode(content);
  try {
    return ok(new BltReader(text.replace(/^\uFEFF/, '')).read());
  } catch (error) {
    if (error instanceof BltError) return err({ file, line: error.line, message: error.message });
    throw error;
  }
}

class BltReader {
  private readonly lines: string[];
  private index = 0;

  constructor(text: string) {
    this.lines = text.split(/\r?\n/);
  }

  read(): BltFile {
    const [candidateCount, seats] = this.header();
    const withdrawn = new Set<number>();
    const grouper = new RankingGrouper();
    for (;;) {
      const { line, text } = this.next('a ballot line or the closing 0');
      const tokens = text.split(/\s+/);
      if (tokens[0]!.startsWith('-')) {
        if (line !== this.headerLine + 1) throw new BltError(line, 'withdrawn candidates (negative numbers) must be on the line after the header');
        for (const token of tokens) withdrawn.add(this.candidateNumber(line, token.slice(1), candidateCount, token));
        continue;
      }
      if (tokens.length === 1 && tokens[0] === '0') break;
      const { weight, ranking } = this.ballot(line, tokens, candidateCount);
      grouper.add(ranking, weight);
    }
    const names = this.names(candidateCount);
    const title = this.quoted('the quoted title').text;
    const rest = this.skipBlank();
    if (rest !== undefined) throw new BltError(rest + 1, 'unexpected text after the title');
    return { title, seats, ballots: grouper.result(names, withdrawn) };
  }

  private headerLine = 0;

  private header(): [number, number] {
    const { line, text } = this.next('the header "candidates seats"');
    this.headerLine = line;
    const match = /^(\d+)\s+(\d+)$/.exec(text);
    if (!match) throw new BltError(line, `the first line must be "candidates seats" (two whole numbers), got "${text}"`);
    const [candidates, seats] = [Number(match[1]), Number(match[2])];
    if (candidates < 1) throw new BltError(line, 'the number of candidates must be at least 1');
    if (seats < 1 || seats > candidates) throw new BltError(line, `the number of seats must be from 1 to ${candidates}, got ${seats}`);
    return [candidates, seats];
  }

  private ballot(line: number, tokens: string[], candidateCount: number): { weight: number; ranking: number[] } {
    if (tokens.at(-1) !== '0') throw new BltError(line, 'a ballot line must end with 0');
    const weightText = tokens[0]!;
    if (!/^\d+$/.test(weightText)) throw new BltError(line, `the ballot weight must be a whole number, got "${weightText}"`);
    if (!Number.isSafeInteger(Number(weightText))) {
      throw new BltError(line, `the ballot weight ${weightText} is too large to count exactly (at most ${Number.MAX_SAFE_INTEGER})`);
    }
    const ranking: number[] = [];
    const seen = new Set<number>();
    for (const token of tokens.slice(1, -1)) {
      if (token.includes('=')) throw new BltError(line, `"${token}" ranks candidates equally; STV ballots are strict orders`);
      const c = this.candidateNumber(line, token, candidateCount, token);
      if (seen.has(c)) throw new BltError(line, `candidate ${token} is ranked twice`);
      seen.add(c);
      ranking.push(c);
    }
    return { weight: Number(weightText), ranking };
  }

  private candidateNumber(line: number, digits: string, candidateCount: number, token: string): number {
    const value = /^\d+$/.test(digits) ? Number(digits) : NaN;
    if (!(value >= 1 && value <= candidateCount)) {
      throw new BltError(line, `"${token}" is not a candidate number from 1 to ${candidateCount}`);
    }
    return value - 1;
  }

  private quoted(what: string): { line: number; text: string } {
    const { line, text } = this.next(what);
    const match = /^"(.*)"$/.exec(text);
    if (!match) throw new BltError(line, `expected ${what}, got "${text}"`);
    return { line, text: match[1]! };
  }

  private names(count: number): CandidateId[] {
    const names: CandidateId[] = [];
    for (let i = 0; i < count; i++) {
      const { line, text: name } = this.quoted('a quoted candidate name');
      if (name === '') throw new BltError(line, 'a candidate name must not be empty');
      if (names.includes(name)) throw new BltError(line, `candidate name "${name}" appears twice; names are the candidate IDs`);
      names.push(name);
    }
    return names;
  }

  private next(what: string): { line: number; text: string } {
    const index = this.skipBlank();
    if (index === undefined) throw new BltError(Math.max(1, this.index), `the file ends where ${what} was expected`);
    this.index = index + 1;
    return { line: index + 1, text: this.lines[index]!.trim() };
  }

  private skipBlank(): number | undefined {
    let index = this.index;
    while (index < this.lines.length && this.lines[index]!.trim() === '') index++;
    return index < this.lines.length ? index : undefined;
  }
}

/**
 * Writes ballots as a BLT file `parseBlt` reads back: one line per distinct ranking with its
 * count, candidates in the given order, names quoted (a `"` in a name cannot be written).
 */
export function formatBlt(blt: BltFile): string {
  const { candidates, groups, withdrawn } = blt.ballots;
  for (const name of [...candidates, blt.title]) {
    if (/["\r\n]/.test(name)) throw new RangeError(`formatBlt: ${JSON.stringify(name)} cannot be quoted in BLT`);
  }
  const lines = [`${candidates.length} ${blt.seats}`];
  if (withdrawn.size > 0) lines.push([...withdrawn].sort((a, b) => a - b).map((c) => `-${c + 1}`).join(' '));
  for (const { ranking, count } of groups) lines.push([count, ...ranking.map((c) => c + 1), 0].join(' '));
  const empty = blt.ballots.ballots - groups.reduce((sum, group) => sum + group.count, 0);
  if (empty > 0) lines.push(`${empty} 0`);
  lines.push('0', ...candidates.map((name) => `"${name}"`), `"${blt.title}"`);
  return lines.join('\n') + '\n';
}
