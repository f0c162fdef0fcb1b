import { unsafeChanges, type GuardrailKind } from '../core/guardrails.js';
import type { Problem } from '../core/problem.js';
import type { Election } from './election.js';
import { guardedSettings, locateFinding } from './guarded-settings.js';

/** An unsafe change found between two revisions, located in the newer one. */
export interface RevisionGuardrail extends Problem {
  readonly key: string;
  readonly kind: GuardrailKind;
}

/**
 * The unsafe changes (SPEC §14) from the `base` revision's elections to the `head` ones, for
 * the elections running or completed at `now`: what `elekto validate --base` fails on. Without
 * the database, it assumes the worst the dates allow: once voting started, ballots may have
 * been cast by anyone listed, and once it ended, results may have been computed.
 */
export function revisionGuardrails(base: readonly Election[], head: readonly Election[], now: Date): RevisionGuardrail[] {
  return head.flatMap((after) => {
    const before = base.find((election) => election.key === after.key);
    if (!after.valid || !before?.valid) return [];
    const baseline = guardedSettings(before);
    const started = now.getTime() >= baseline.start.getTime();
    const facts = {
      ballotsCast: started,
      ballotCandidates: null,
      resultsComputed: now.getTime() > baseline.end.getTime(),
      removedVoters: started ? before.voters.logins.filter((login) => !after.voters.has(login)) : [],
    };
    return unsafeChanges(baseline, guardedSettings(after), facts, now).map((finding) => ({
      key: after.key,
      kind: finding.kind,
      ...locateFinding(finding, after),
    }));
  });
}
