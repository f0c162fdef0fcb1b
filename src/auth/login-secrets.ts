import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * The PKCE code verifier (RFC 7636) and the OpenID Connect nonce of a login, derived from its
 * `state` under a server key: HMAC-SHA256(key, purpose ‖ state), base64url (43 characters,
 * a valid verifier). The state is the only per-login secret the web layer keeps (in its
 * signed cookie), so every replica can finish a login another one started, and nothing new
 * has to be stored. The state travels in URLs, but without the key it tells nothing about
 * the verifier or the nonce, which is what PKCE and the nonce need: an intercepted code is
 * useless without the verifier, and an ID token issued for another login carries another nonce.
 */

export type LoginSecretPurpose = 'pkce-verifier' | 'oidc-nonce';

export class LoginSecrets {
  readonly #key: Buffer;

  /**
   * `keyMaterial` is `APP_KEY` in production, so replicas agree; tests may omit it, and a
   * random key then serves this process alone.
   */
  constructor(keyMaterial?: string) {
    this.#key = keyMaterial
      ? createHash('sha256').update('elekto login secrets\0').update(keyMaterial, 'utf8').digest()
      : randomBytes(32);
  }

  derive(purpose: LoginSecretPurpose, state: string): string {
    return createHmac('sha256', this.#key).update(`${purpose}\0${state}`, 'utf8').digest('base64url');
  }

  /** The S256 code challenge sent with the authorization request. */
  codeChallenge(state: string): string {
    return createHash('sha256').update(this.derive('pkce-verifier', state), 'ascii').digest('base64url');
  }
}
