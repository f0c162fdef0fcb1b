/** What a demo login can show a newcomer. */
export const DEMO_ROLES = ['voter', 'officer', 'not-eligible'] as const;
export type DemoRole = (typeof DEMO_ROLES)[number];

/** A login the development sign-in page suggests in the demo, with what it can do there. */
export interface DemoLogin {
  readonly login: string;
  readonly role: DemoRole;
  /** One sentence for the login page. */
  readonly description: string;
}

/**
 * The logins a newcomer is told to try in the demo (`examples/demo-meta`). The development
 * sign-in accepts any name; these are the ones whose roles the demo repository sets up, and
 * `test/demo` checks every claim below against its `voters.yaml` and `election.yaml` files.
 */
export const DEMO_LOGINS: readonly DemoLogin[] = Object.freeze([
  {
    login: 'alice',
    role: 'voter',
    description: 'Eligible in all three elections; voted in the completed one.',
  },
  {
    login: 'bob',
    role: 'voter',
    description: 'Eligible in the running election; voted in the completed one; not on the upcoming list.',
  },
  {
    login: 'carol',
    role: 'voter',
    description: 'Eligible in the running election only; may request an exception for the upcoming one.',
  },
  {
    login: 'officer',
    role: 'officer',
    description: 'Election officer of all three elections (turnout, exception requests, results); votes in none.',
  },
  {
    login: 'mallory',
    role: 'not-eligible',
    description: 'Eligible nowhere; may request an exception in the running election.',
  },
] as const satisfies readonly DemoLogin[]);
