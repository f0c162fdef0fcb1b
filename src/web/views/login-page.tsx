import { CsrfField, Layout, type PageContext } from './layout.js';

export interface LoginPageProps {
  readonly page: PageContext;
  /** Where to go after logging in (a same-site path, already checked). */
  readonly next: string;
  readonly githubEnabled: boolean;
  /** Logins to suggest on the development login (the demo's voters and officer). */
  readonly devSuggestions: readonly { readonly login: string; readonly role: string }[];
  readonly error?: string;
}

/** Log in with GitHub, or — in development only — as any username. */
export function LoginPage({ page, next, githubEnabled, devSuggestions, error }: LoginPageProps) {
  return (
    <Layout page={page} title="Log in">
      <h1>Log in</h1>
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {githubEnabled && (
        <form method="post" action="/oauth/github/login">
          <CsrfField page={page} />
          <input type="hidden" name="next" value={next} />
          <button type="submit" class="button button-primary">
            Log in with GitHub
          </button>
        </form>
      )}
      {page.devLogin && (
        <section class="dev-login" aria-labelledby="dev-login">
          <h2 id="dev-login">Development login</h2>
          <p>Type any GitHub username. This is for trying Elekto out; production refuses it.</p>
          <form method="post" action="/login/development">
            <CsrfField page={page} />
            <input type="hidden" name="next" value={next} />
            <label for="dev-username">GitHub username</label>
            <input id="dev-username" name="username" autocomplete="username" required maxLength={39} />
            <button type="submit">Log in</button>
          </form>
          {devSuggestions.length > 0 && (
            <>
              <p>Try one of these:</p>
              <ul>
                {devSuggestions.map((s) => (
                  <li>
                    <code>{s.login}</code>: {s.role}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
    </Layout>
  );
}
