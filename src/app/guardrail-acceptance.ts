import type { Kysely } from 'kysely';
import { acceptanceMeaning, acceptedBaseline, type GuardrailFinding } from '../core/guardrails.js';
import { err, ok, type Result } from '../core/result.js';
import type { ValidElection } from '../meta/index.js';
import { acceptGuardrail, findGuardrail, runGuardrailTransaction, storedSubject, type GuardrailWarning } from '../storage/repositories/guardrail-repository.js';
import type { Database } from '../storage/schema.js';
import { currentFindings, type ElectionComparison } from './guardrail-check.js';

/** The longest reason an officer may give for accepting a change (characters). */
export const ACCEPT_REASON_MAX_LENGTH = 1000;

/**
 * Why a warning cannot be accepted: not a warning of this election; resolved already (by an
 * officer, or by a sync that found the change undone); or the election's files no longer make
 * that change (they changed again since; the next sync records what they make now).
 */
export type AcceptanceRefusal = 'not-found' | 'guardrail-resolved' | 'guardrail-stale';

/** An open warning that can be accepted, and what accepting it means. */
export interface AcceptanceReview {
  readonly warning: GuardrailWarning;
  readonly finding: GuardrailFinding;
  /** Sentences for the confirmation page (`acceptanceMeaning`). */
  readonly meaning: readonly string[];
  readonly comparison: ElectionComparison;
}

/**
 * Warning `warningId` of the election, if it can be accepted now: open, and still one of the
 * unsafe changes of the election's files against the database (SPEC §14).
 */
export async function reviewGuardrail(
  db: Kysely<Database>,
  target: { readonly electionId: number; readonly election: ValidElection; readonly warningId: number },
  now: Date,
): Promise<Result<AcceptanceReview, AcceptanceRefusal>> {
  const warning = await findGuardrail(db, target.electionId, target.warningId);
  if (!warning) return err('not-found');
  if (warning.resolvedAt !== null) return err('guardrail-resolved');
  const comparison = await currentFindings(db, target.electionId, target.election, now);
  const finding = comparison.findings.find((f) => f.kind === warning.kind && storedSubject(f.subject) === warning.subject);
  if (!finding) return err('guardrail-stale');
  return ok({ warning, finding, meaning: acceptanceMeaning(finding, comparison.settings), comparison });
}

/**
 * Accepts an open warning for `reason` (trimmed, 1 to `ACCEPT_REASON_MAX_LENGTH` characters,
 * checked by the caller): resolves it as accepted by `officer` and moves the election's
 * baseline on to the change, so that the next sync does not record it again but catches a
 * further one. An accepted candidate set is stored: voting resumes with it. The check and the
 * acceptance run in one transaction holding the election's guardrail lock, so a sync checking
 * the election at the same time runs before or after it, never across it.
 */
export async function acceptGuardrailWarning(
  db: Kysely<Database>,
  acceptance: { readonly electionId: number; readonly election: ValidElection; readonly warningId: number; readonly officer: string; readonly reason: string },
  now: Date,
): Promise<Result<AcceptanceReview, AcceptanceRefusal>> {
  return runGuardrailTransaction(db, acceptance.electionId, async (trx) => {
    const review = await reviewGuardrail(trx, acceptance, now);
    if (!review.ok) return review;
    const { finding, comparison } = review.value;
    const accepted = await acceptGuardrail(
      trx,
      {
        electionId: acceptance.electionId,
        warningId: acceptance.warningId,
        by: acceptance.officer,
        reason: acceptance.reason,
        baseline: acceptedBaseline(comparison.baseline, comparison.settings, finding),
        candidates: finding.kind === 'candidates-changed' ? comparison.settings.candidates : null,
      },
      now,
    );
    return accepted ? review : err('guardrail-resolved');
  });
}
