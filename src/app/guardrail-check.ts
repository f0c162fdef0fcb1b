import type { Kysely } from 'kysely';
import { changedSettings, nextBaseline, unsafeChanges, type GuardedSettings, type GuardrailFinding } from '../core/guardrails.js';
import type { Catalog, ValidElection } from '../meta/index.js';
import { guardedSettings, locateFinding } from '../meta/guarded-settings.js';
import type { ElectionRowChanges } from '../storage/repositories/election-repository.js';
import { recordAudit, type AuditEventInput } from '../storage/repositories/audit-repository.js';
import { applyGuardrails, ballotFacts, readAcceptances, readBaseline, runGuardrailTransaction, storedSubject } from '../storage/repositories/guardrail-repository.js';
import type { Database } from '../storage/schema.js';

/** What the guardrails found in one sync. */
export interface GuardrailReport {
  /** Warnings recorded by this sync (unsafe changes not seen before), by election key. */
  readonly recorded: readonly { readonly key: string; readonly finding: GuardrailFinding }[];
  /** Elections that could not be checked, with why; the sync went on with the others. */
  readonly failures: readonly string[];
}

interface ElectionOutcome {
  readonly fresh: readonly GuardrailFinding[];
  /** Settings this commit changed (empty the first time an election is seen). */
  readonly changed: readonly string[];
}

/**
 * Compares every valid election of a freshly synced catalog with what the database knows of
 * it (SPEC §14), records a guardrail warning per new unsafe change with the commit, resolves
 * those that were undone, and writes the sync into the audit trail. Each election is checked
 * on its own: one that fails is reported and never stops the others, nor the sync.
 */
export async function checkGuardrails(
  db: Kysely<Database>,
  sync: { readonly catalog: Catalog; readonly electionIds: ReadonlyMap<string, number>; readonly rows: ElectionRowChanges; readonly commit: string | null },
  now: Date,
): Promise<GuardrailReport> {
  const recorded: { key: string; finding: GuardrailFinding }[] = [];
  const failures: string[] = [];
  const audit: AuditEventInput[] = [];
  const event = (electionId: number, detail: string): AuditEventInput => ({ electionId, kind: 'sync', actor: 'sync', detail, commit: sync.commit, now });
  for (const election of sync.catalog.list()) {
    const id = sync.electionIds.get(election.key);
    if (id === undefined) continue;
    const details = rowChanges(sync.rows, election.key);
    if (election.valid) {
      try {
        const outcome = await checkElection(db, id, election, sync.commit, now);
        recorded.push(...outcome.fresh.map((finding) => ({ key: election.key, finding })));
        if (outcome.changed.length > 0) details.push(`changed ${outcome.changed.join(', ')}`);
        details.push(...outcome.fresh.map((finding) => `guardrail warning: ${finding.message}`));
      } catch (error) {
        failures.push(`${election.key}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (details.length > 0) audit.push(event(id, details.join('; ')));
  }
  for (const key of sync.rows.missing) {
    const id = sync.electionIds.get(key);
    if (id !== undefined) audit.push(event(id, 'directory gone from the repository: marked missing, every row kept'));
  }
  await recordAudit(db, audit).catch((error: unknown) => failures.push(`audit trail: ${error instanceof Error ? error.message : String(error)}`));
  return { recorded, failures };
}

/**
 * One election's check, in one transaction holding the election's guardrail lock: what it
 * compares with is what it writes over, even when an officer accepts a warning meanwhile.
 */
async function checkElection(db: Kysely<Database>, id: number, election: ValidElection, commit: string | null, now: Date): Promise<ElectionOutcome> {
  return runGuardrailTransaction(db, id, async (trx) => {
    const { baseline, settings, findings } = await currentFindings(trx, id, election, now);
    const located = findings.map((finding) => ({ ...finding, at: locateFinding(finding, election) }));
    const fresh = await applyGuardrails(trx, { id, baseline: nextBaseline(baseline, settings, findings), findings: located }, commit, now);
    // A setting held at its baseline by a warning already open is not changed again by this commit.
    const known = new Set(findings.filter((f) => !fresh.some((n) => n.kind === f.kind && n.subject === f.subject)).map((f) => f.field));
    return { fresh, changed: baseline ? changedSettings(baseline, settings).filter((name) => !known.has(name)) : [] };
  });
}

/** An election's files now, compared with what the database knows of it. */
export interface ElectionComparison {
  readonly baseline: GuardedSettings | undefined;
  readonly settings: GuardedSettings;
  readonly findings: readonly GuardrailFinding[];
}

/**
 * Every unsafe change of `election`'s files against the database's baseline and ballots, less
 * what the officers accepted (SPEC §14): the sync records these, and accepting a warning
 * checks that it is still one of them. `db` may be a transaction: both do so in the one that
 * writes the outcome (`runGuardrailTransaction`).
 */
export async function currentFindings(db: Kysely<Database>, id: number, election: ValidElection, now: Date): Promise<ElectionComparison> {
  const [baseline, facts, accepted] = await Promise.all([readBaseline(db, id), ballotFacts(db, id), readAcceptances(db, id)]);
  const settings = guardedSettings(election);
  const findings = unsafeChanges(
    baseline,
    settings,
    {
      ballotsCast: facts.ballotCandidates.length > 0,
      ballotCandidates: facts.ballotCandidates.length > 0 ? facts.ballotCandidates : null,
      acceptedCandidates: accepted.candidates,
      resultsComputed: facts.resultsComputed,
      removedVoters: facts.votedLogins.filter((login) => !election.voters.has(login) && !accepted.removedVoters.has(storedSubject(login.toLowerCase()))),
    },
    now,
  );
  return { baseline, settings, findings };
}

function rowChanges(rows: ElectionRowChanges, key: string): string[] {
  return [
    rows.added.includes(key) && 'added',
    rows.updated.includes(key) && 'renamed',
    rows.restored.includes(key) && 'back in the repository',
  ].filter((detail): detail is string => typeof detail === 'string');
}
