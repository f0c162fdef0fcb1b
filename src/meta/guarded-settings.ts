import type { GuardedSettings, GuardrailFinding } from '../core/guardrails.js';
import type { Problem } from '../core/problem.js';
import type { ValidElection } from './election.js';
import { joinPath } from './repo-files.js';

/** The settings of an election that its count depends on. */
export function guardedSettings(election: ValidElection): GuardedSettings {
  const { config } = election;
  return {
    start: config.start_datetime,
    end: config.end_datetime,
    method: config.election_method,
    allowNoOpinion: config.allow_no_opinion,
    seats: config.no_winners,
    candidates: election.candidates.map((candidate) => candidate.id),
  };
}

/**
 * Where a finding points in the files: the key in `election.yaml`, the `ID:` line of the first
 * candidate added (or the election directory when candidates were only removed), or `voters.yaml`.
 */
export function locateFinding(finding: GuardrailFinding, election: ValidElection): Problem {
  const message = `${finding.message}. ${finding.advice}`;
  const configFile = joinPath(election.path, 'election.yaml');
  switch (finding.field) {
    case 'candidates': {
      const added = election.candidates.find((candidate) => finding.added?.includes(candidate.id));
      return added ? { file: added.file, line: added.idLine ?? 1, message } : { file: election.path, message };
    }
    case 'voters':
      return { file: joinPath(election.path, 'voters.yaml'), message };
    default: {
      const line = election.configLines.get(finding.field);
      return line === undefined ? { file: configFile, message } : { file: configFile, line, message };
    }
  }
}
