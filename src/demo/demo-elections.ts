/** The branch the demo meta repository is committed on (`META_BRANCH`). */
export const DEMO_BRANCH = 'main';

/** Where the elections live inside the demo meta repository (`ELECTION_DIR`). */
export const DEMO_ELECTION_DIR = 'elections';

/**
 * The keys of the three demo elections, by the state each is in on the day the demo
 * repository is prepared (their directories are `elections/steering/term-5` and so on).
 */
export const DEMO_ELECTION_KEYS = Object.freeze({
  upcoming: 'code-of-conduct---term-3',
  running: 'steering---term-5',
  completed: 'tech-oversight---term-2',
} as const);

export type DemoElectionKeys = typeof DEMO_ELECTION_KEYS;
