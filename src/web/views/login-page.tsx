import { CsrfField, Layout, type PageContext } from './layout.js';

export interface LoginPageProps {
  readonly page: PageContext;
  /** Where to go after logging in (a same-site path, already checked). */
  readonly next: string;
  /** The configured provider's login form: where it posts, and the name on its button. */
  readonly oauth: { readonly action: string; readonly name: string } | null;
  /** Logins to suggest on the development login (the demo's voters and officer). */
  readonly devSuggestions: readonly { readonly login: string; readonly role: string }[];
  readonly error?: string;
}

/** Log in with the configured provider ("Log in with GitLab"), or — in development only — as any username. */
export function LoginPage({ page, next, oauth, devSuggestions, error }: LoginPageProps) {
  return (
    <Layout page={page} title="Log in">
      <h1>Log in</h1>
      {error && (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {oauth && (
        <form method="post" action={oauth.action}>
          <CsrfField page={page} />
          <input type="hidden" name="next" value={next} />
          <button type="submit" class="button button-primary">
            Log in with {oauth.name}
          </button>
        </form>
      )}
      {page.devLogin && (
        <section class="dev-login" aria-labelledby="dev-login">
          <h2 id="dev-login">Development login</h2>
          <p>Type any username. This is for trying Elekto out; production refuses it.</p>
          <form method="post" action="/login/development">
            <CsrfField page={page} />
            <input type="hidden" name="next" value={next} />
            <label for="dev-username">Username</label>
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
