import type { Migration, MigrationProvider } from 'kysely';
import type { Dialect } from '../database-target.js';
import { adoptElekto06Tables } from './20261121-01-adopt-elekto-0-6-tables.js';
import { onePerUserAndElection } from './20261121-02-one-voter-and-request-per-user-and-election.js';
import { voterKdfParamsAndElectionMissingSince } from './20261121-03-voter-kdf-params-and-election-missing-since.js';
import { sessionElectionResultSyncState } from './20261121-04-session-election-result-sync-state.js';
import { passphraseAttemptsAndOAuthStates } from './20261206-01-passphrase-attempts-and-oauth-states.js';
import { exceptionRequestDecisions } from './20261206-04-exception-request-decisions.js';
import { guardrailWarningsAndElectionSettings } from './20261206-05-guardrail-warnings-and-election-settings.js';
import { auditEvent } from './20261206-06-audit-event.js';
import { utf8mb4TextColumns } from './20261206-07-utf8mb4-text-columns.js';
import { oneOpenGuardrailWarningPerChange } from './20261206-08-one-open-guardrail-warning-per-change.js';
import { guardrailAcceptance } from './20261206-09-guardrail-acceptance.js';
import { byteExactGuardrailChanges } from './20261206-10-byte-exact-guardrail-changes.js';

/**
 * Every migration, by its timestamped name (Kysely applies them in name order). Listed in
 * code rather than found by scanning a folder, so they work from the compiled `dist/` too.
 * None has a `down`: they only add, and undoing them would throw away data.
 */
export function elektoMigrations(dialect: Dialect): Readonly<Record<string, Migration>> {
  return {
    '20261121-01-adopt-elekto-0.6-tables': adoptElekto06Tables(dialect),
    '20261121-02-one-voter-and-request-per-user-and-election': onePerUserAndElection(dialect),
    '20261121-03-voter-kdf-params-and-election-missing-since': voterKdfParamsAndElectionMissingSince(dialect),
    '20261121-04-session-election-result-sync-state': sessionElectionResultSyncState(dialect),
    '20261206-01-passphrase-attempts-and-oauth-states': passphraseAttemptsAndOAuthStates(dialect),
    '20261206-04-exception-request-decisions': exceptionRequestDecisions(dialect),
    '20261206-05-guardrail-warnings-and-election-settings': guardrailWarningsAndElectionSettings(dialect),
    '20261206-06-audit-event': auditEvent(dialect),
    '20261206-07-utf8mb4-text-columns': utf8mb4TextColumns(dialect),
    '20261206-08-one-open-guardrail-warning-per-change': oneOpenGuardrailWarningPerChange(dialect),
    '20261206-09-guardrail-acceptance': guardrailAcceptance(dialect),
    '20261206-10-byte-exact-guardrail-changes': byteExactGuardrailChanges(dialect),
  };
}

/** The provider Kysely's `Migrator` asks for the migrations of `dialect`. */
export function elektoMigrationProvider(dialect: Dialect): MigrationProvider {
  return { getMigrations: async () => ({ ...elektoMigrations(dialect) }) };
}
