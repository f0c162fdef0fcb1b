/**
 * A login as written in a repository file, made comparable: trimmed, without a leading `@`
 * (`@jberkus` is a common way to write a GitHub handle).
 */
export function cleanLogin(raw: string): string {
  return raw.trim().replace(/^@/, '').trim();
}

/**
 * A set of GitHub logins (the eligible voters, the election officers) matched
 * case-insensitively, because GitHub logins are (`BenTheElder` signs in as `bentheelder`).
 * Immutable; duplicates, ignoring case, are kept once in their first spelling.
 */
export class LoginSet {
  readonly #byFoldedLogin: ReadonlyMap<string, string>;

  /** @param logins raw logins; each is cleaned with `cleanLogin`, empty ones are dropped */
  constructor(logins: Iterable<string>) {
    const byFolded = new Map<string, string>();
    for (const raw of logins) {
      const login = cleanLogin(raw);
      if (login !== '' && !byFolded.has(fold(login))) byFolded.set(fold(login), login);
    }
    this.#byFoldedLogin = byFolded;
  }

  /** True when `login` is in the set, ignoring case and a leading `@`. */
  has(login: string): boolean {
    return this.#byFoldedLogin.has(fold(cleanLogin(login)));
  }

  /** The logins in file order, each in its first spelling. */
  get logins(): readonly string[] {
    return [...this.#byFoldedLogin.values()];
  }

  get size(): number {
    return this.#byFoldedLogin.size;
  }
}

function fold(login: string): string {
  return login.toLowerCase();
}
