/**
 * The meta repository (SPEC §3): what the server, `elekto sync` and `elekto validate` use.
 * Pure parsing (`parseRepository`) is separate from reading a checkout (`loadCatalog`) and
 * from git (`syncCheckout`).
 */
export { Catalog } from './catalog.js';
export type { Candidate } from './candidate.js';
export { candidateFields } from './candidate-fields.js';
export { ELECTION_DEFAULTS, type ElectionConfig } from './election-config.js';
export { normalizeElectionDir } from './election-dir.js';
export type { ElectionKey } from './election-key.js';
export { isEligible, isOfficer, type Election, type InvalidElection, type ValidElection } from './election.js';
export { loadCatalog } from './load-catalog.js';
export { LoginSet } from './login-set.js';
export { parseRepository } from './parse-repository.js';
export { readCheckout } from './read-checkout.js';
export type { RepoFiles } from './repo-files.js';
export { syncCheckout, type SyncOutcome, type SyncTarget } from './sync-checkout.js';
