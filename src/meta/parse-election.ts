import type { Problem } from '../core/problem.js';
import { badCandidateFileName, isCandidateFileName, isMeantAsCandidate } from './candidate-file-name.js';
import { parseCandidate, type Candidate, type CandidateReading } from './candidate.js';
import { parseElectionConfig } from './election-config.js';
import type { ElectionKey } from './election-key.js';
import type { Election } from './election.js';
import { problemAt } from './problem-at.js';
import { baseOf, joinPath } from './repo-files.js';
import { parseVoters } from './voters.js';

/** One election directory's own files (not those of its sub-directories). */
export interface ElectionDirectory {
  readonly key: ElectionKey;
  /** Repository-relative directory. */
  readonly path: string;
  /** File name → text, for the files directly in the directory. */
  readonly files: ReadonlyMap<string, string>;
}

/**
 * Reads one election directory: `election.yaml` (required), `voters.yaml`,
 * `candidate-*.md`, `election_desc.md` and `results.md` (optional, kept as Markdown).
 * Any error in any of them makes the election invalid, and only this election.
 */
export function parseElection(directory: ElectionDirectory): Election {
  const { key, path, files } = directory;
  const file = (name: string) => joinPath(path, name);
  const config = parseElectionConfig(file('election.yaml'), files.get('election.yaml') ?? '');
  const voters = parseVoters(file('voters.yaml'), files.get('voters.yaml'));
  const candidates = readCandidates(path, files);
  const errors = [...config.errors, ...voters.errors, ...candidates.errors];
  const warnings = [
    ...config.warnings,
    // Counted only when every candidate file could be read, so a broken one does not also warn here.
    ...(candidates.errors.length === 0 ? seatsWarning(file('election.yaml'), files.get('election.yaml') ?? '', config.config?.no_winners, candidates.candidates.length) : []),
    ...voters.warnings,
    ...candidates.warnings,
  ];
  if (config.config === undefined || errors.length > 0) {
    return Object.freeze({ valid: false, key, path, config: config.readable, errors, warnings });
  }
  return Object.freeze({
    valid: true,
    key,
    path,
    config: config.config,
    candidates: candidates.candidates,
    voters: voters.voters,
    description: files.get('election_desc.md'),
    results: files.get('results.md'),
    errors,
    warnings,
  });
}

/**
 * More seats than candidates is legal (everyone is elected) but usually a typo or missing
 * candidate files, so the officers are told before the election starts.
 */
function seatsWarning(file: string, yamlText: string, seats: number | undefined, candidates: number): Problem[] {
  if (seats === undefined || candidates === 0 || seats <= candidates) return [];
  const at = /^no_winners\s*:/m.exec(yamlText);
  const line = at ? yamlText.slice(0, at.index).split('\n').length : undefined;
  const message = `no_winners is ${seats} but the election has only ${candidates} candidate${candidates === 1 ? '' : 's'}: every candidate will be elected`;
  return [problemAt(file, line, message)];
}

interface CandidatesReading {
  readonly candidates: readonly Candidate[];
  readonly errors: readonly Problem[];
  readonly warnings: readonly Problem[];
}

/** Every file meant as a candidate, in file-name order, then the duplicate-ID check. */
function readCandidates(path: string, files: ReadonlyMap<string, string>): CandidatesReading {
  const names = [...files.keys()].filter(isMeantAsCandidate).sort();
  const readings = names.map((name) =>
    isCandidateFileName(name)
      ? parseCandidate(joinPath(path, name), files.get(name) ?? '')
      : { candidate: undefined, errors: [badCandidateFileName(joinPath(path, name), name)], warnings: [] },
  );
  const errors = [...readings.flatMap((reading) => reading.errors), ...duplicateIds(readings)];
  const candidates = readings.flatMap((reading) => (reading.candidate ? [reading.candidate] : []));
  const warnings = readings.flatMap((reading) => reading.warnings);
  if (names.length === 0) {
    warnings.push({ file: path, message: 'no candidates yet: add candidate-<name>.md files' });
  }
  return { candidates, errors, warnings };
}

/** Two files with the same `ID` (ignoring case, as for GitHub logins) would share one ballot key. */
function duplicateIds(readings: readonly CandidateReading[]): Problem[] {
  const sameId = (a: Candidate, b: Candidate) => a !== b && a.id.toLowerCase() === b.id.toLowerCase();
  return readings.flatMap(({ candidate, idLine }) => {
    if (!candidate) return [];
    const others = readings.flatMap((other) => (other.candidate && sameId(other.candidate, candidate) ? [other.candidate] : []));
    if (others.length === 0) return [];
    const where = others.map((other) => baseOf(other.file)).join(', ');
    const message = `ID '${candidate.id}' is also used by ${where}; every candidate needs its own ID`;
    return [problemAt(candidate.file, idLine, message)];
  });
}
