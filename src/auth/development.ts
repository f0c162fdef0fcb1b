import { err, ok, type Result } from '../core/result.js';
import { loginFailure, textField, type FormProvider, type Identity, type LoginAttempt, type LoginFailure } from './identity-provider.js';

/**
 * The development login of SPEC §12: type any username and be that user, no password. It
 * exists so a fresh checkout can be tried without registering a GitHub OAuth application,
 * and it must never run where real votes are cast.
 */

/** The login form's text field. */
export const USERNAME_FIELD = 'username';

export const DEVELOPMENT_LOGIN_WARNING =
  'Development login: anyone can log in as any user without a password. Never use it for a real election.';

const MAX_LOGIN_LENGTH = 39;
// GitHub's rule for personal accounts: letters and digits in runs joined by single hyphens.
const LOGIN_PATTERN = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/;

/**
 * Creates the development login, or refuses to unless `appEnv` is exactly `'development'`:
 * failing closed means a typo in `APP_ENV` cannot open a production instance to anyone.
 */
export function createDevelopmentProvider(appEnv: string): Result<FormProvider, readonly string[]> {
  if (appEnv !== 'development') {
    return err([
      `The development login lets anyone log in as anyone, so it only runs with APP_ENV=development (APP_ENV is ${JSON.stringify(appEnv)}). Configure GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET instead.`,
    ]);
  }
  return ok(new DevelopmentProvider());
}

class DevelopmentProvider implements FormProvider {
  readonly kind = 'development';
  readonly warning = DEVELOPMENT_LOGIN_WARNING;

  /** The form is protected by the web layer's CSRF check, so no OAuth `state` is involved. */
  async completeLogin({ fields }: LoginAttempt): Promise<Result<Identity, LoginFailure>> {
    const typed = textField(fields, USERNAME_FIELD) ?? '';
    // People often copy logins with the `@` of a mention, as voters.yaml entries sometimes do.
    const login = typed.trim().replace(/^@/, '');
    if (login.length > MAX_LOGIN_LENGTH || !LOGIN_PATTERN.test(login)) {
      return err(loginFailure('invalid-username', `development login refused ${JSON.stringify(typed.slice(0, 60))}`, 'the development login'));
    }
    return ok({ login, name: null });
  }
}
