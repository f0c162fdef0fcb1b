import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake OpenID Connect provider (think Keycloak) on 127.0.0.1: discovery, a JWKS with a
 * generated RSA key, the authorization endpoint (a page of "Sign in as" buttons, or at once as
 * `nextLogin`), a token endpoint checking the client's Basic credentials, the code and PKCE and
 * issuing RS256-signed ID tokens, and UserInfo.
 *
 *   const idp = await startFakeOidc({ users: { alice: 'Alice' } });
 *   idp.tamper = 'wrong-audience';   // the next ID tokens are wrong in this way, until reset()
 *
 * With `authorizationElsewhere`, the authorization endpoint is on a second listener (another
 * port, so another origin) at `/oauth2/authorize`, as AWS Cognito's is on the user pool's domain
 * while its issuer is `cognito-idp.<region>.amazonaws.com`.
 */

export const ID_TOKEN_TAMPERING = [
  /** Signed with another key under the published key id. */
  'bad-signature',
  'wrong-audience',
  'wrong-issuer',
  /** Expired an hour ago. */
  'expired',
  'wrong-nonce',
  /** Neither the ID token nor UserInfo carries `preferred_username`. */
  'no-login-claim',
  /** Only UserInfo carries `preferred_username`. */
  'login-only-in-userinfo',
] as const;
export type IdTokenTampering = (typeof ID_TOKEN_TAMPERING)[number];

interface PendingCode {
  readonly login: string;
  readonly redirectUri: string;
  readonly nonce: string | undefined;
  readonly challenge: string | undefined;
}

export class FakeOidc {
  readonly clientId = 'elekto-test';
  readonly clientSecret = 'oidc-client-secret';
  readonly users: Map<string, string | null>;
  nextLogin: string | undefined;
  tamper: IdTokenTampering | undefined;
  /** Published in discovery instead of the real authorization endpoint (a broken provider). */
  publishedAuthorizationEndpoint: string | undefined;
  /** Requests as `METHOD /path`, in order. */
  readonly requests: string[] = [];
  readonly #server: Server;
  /** The authorization endpoint's own listener, with `authorizationElsewhere`. */
  readonly #authorizationServer: Server | undefined;
  readonly #key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly #otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  readonly #kid = randomBytes(6).toString('hex');
  readonly #codes = new Map<string, PendingCode>();
  readonly #tokens = new Map<string, string>();

  static async start(options: FakeOidcOptions = {}): Promise<FakeOidc> {
    const idp = new FakeOidc(options.users ?? { alice: 'Alice Liddell' }, options.authorizationElsewhere ?? false);
    for (const server of [idp.#server, idp.#authorizationServer]) {
      if (server) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    }
    return idp;
  }

  private constructor(users: Record<string, string | null>, authorizationElsewhere: boolean) {
    this.users = new Map(Object.entries(users));
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => json(res, 500, { error: String(error) }));
    });
    this.#authorizationServer = authorizationElsewhere
      ? createServer((req, res) => {
          this.#handleAuthorization(req, res).catch((error: unknown) => json(res, 500, { error: String(error) }));
        })
      : undefined;
  }

  /** The issuer, `AUTH_URL`: a realm path as on Keycloak. */
  get issuer(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/realms/elekto`;
  }

  /** Where the browser is sent to log in: below the issuer, or on the second listener. */
  get authorizationEndpoint(): string {
    if (!this.#authorizationServer) return `${this.issuer}/authorize`;
    const { port } = this.#authorizationServer.address() as AddressInfo;
    return `http://127.0.0.1:${port}/oauth2/authorize`;
  }

  /** The variables an operator sets for this provider. */
  get env(): Record<string, string> {
    return { AUTH_PROVIDER: 'oidc', AUTH_URL: this.issuer, AUTH_CLIENT_ID: this.clientId, AUTH_CLIENT_SECRET: this.clientSecret, AUTH_DISPLAY_NAME: 'Keycloak' };
  }

  reset(): void {
    this.requests.length = 0;
    this.nextLogin = undefined;
    this.tamper = undefined;
    this.publishedAuthorizationEndpoint = undefined;
  }

  async close(): Promise<void> {
    for (const server of [this.#server, this.#authorizationServer]) {
      if (!server) continue;
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    }
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.issuer);
    const path = url.pathname.replace(new URL(this.issuer).pathname, '');
    this.requests.push(`${req.method} ${path}`);
    const body = new URLSearchParams(await readText(req));
    const route = `${req.method} ${path}`;
    if (route === 'GET /.well-known/openid-configuration') return json(res, 200, this.#discovery());
    if (route === 'GET /jwks') return json(res, 200, { keys: [{ ...this.#key.publicKey.export({ format: 'jwk' }), kid: this.#kid, alg: 'RS256', use: 'sig' }] });
    if (!this.#authorizationServer && ['GET /authorize', 'POST /authorize'].includes(route)) return this.#authorize(req, url, body, res);
    if (route === 'POST /token') return this.#token(req, body, res);
    if (route === 'GET /userinfo') return this.#userinfo(req, res);
    json(res, 404, { error: 'not_found' });
  }

  /** The second listener: the authorization endpoint only. */
  async #handleAuthorization(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.authorizationEndpoint);
    this.requests.push(`${req.method} ${url.origin}${url.pathname}`);
    const body = new URLSearchParams(await readText(req));
    if (url.pathname === new URL(this.authorizationEndpoint).pathname) return this.#authorize(req, url, body, res);
    json(res, 404, { error: 'not_found' });
  }

  #discovery() {
    const at = (path: string) => `${this.issuer}${path}`;
    return {
      issuer: this.issuer,
      authorization_endpoint: this.publishedAuthorizationEndpoint ?? this.authorizationEndpoint,
      token_endpoint: at('/token'),
      userinfo_endpoint: at('/userinfo'),
      jwks_uri: at('/jwks'),
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256'],
    };
  }

  /** GET shows the "Sign in as" page (or signs `nextLogin` in at once); its buttons POST `login` here. */
  #authorize(req: IncomingMessage, url: URL, body: URLSearchParams, res: ServerResponse): void {
    const [params, chosen] = req.method === 'POST' ? [body, body.get('login') ?? undefined] : [url.searchParams, undefined];
    const redirectUri = params.get('redirect_uri') ?? '';
    if (params.get('client_id') !== this.clientId || !URL.canParse(redirectUri)) return html(res, 400, '<h1>Invalid client or redirect_uri</h1>');
    const login = chosen ?? this.nextLogin;
    if (login === undefined) return html(res, 200, this.#page(params));
    this.nextLogin = undefined;
    const code = randomBytes(12).toString('hex');
    this.#codes.set(code, { login, redirectUri, nonce: params.get('nonce') ?? undefined, challenge: params.get('code_challenge') ?? undefined });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    target.searchParams.set('state', params.get('state') ?? '');
    res.writeHead(302, { Location: target.href }).end();
  }

  #page(params: URLSearchParams): string {
    const hidden = [...params].map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`).join('');
    const buttons = [...this.users.keys()].map((login) => `<form method="post" action="${this.authorizationEndpoint}">${hidden}<button type="submit" name="login" value="${escape(login)}">Sign in as ${escape(login)}</button></form>`);
    return `<h1>Sign in to elekto</h1>${buttons.join('')}`;
  }

  #token(req: IncomingMessage, body: URLSearchParams, res: ServerResponse): void {
    const [id, secret] = basicCredentials(req) ?? [body.get('client_id'), body.get('client_secret')];
    if (id !== this.clientId || secret !== this.clientSecret) return json(res, 401, { error: 'invalid_client' });
    const pending = this.#codes.get(body.get('code') ?? '');
    if (!pending || pending.redirectUri !== body.get('redirect_uri')) return json(res, 400, { error: 'invalid_grant' });
    if (pending.challenge && s256(body.get('code_verifier') ?? '') !== pending.challenge) return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE' });
    this.#codes.delete(body.get('code') ?? '');
    const accessToken = randomBytes(16).toString('hex');
    this.#tokens.set(accessToken, pending.login);
    json(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: 300, id_token: this.#idToken(pending) });
  }

  #idToken(pending: PendingCode): string {
    const now = Math.floor(Date.now() / 1000);
    const t = this.tamper;
    const claims: Record<string, unknown> = {
      iss: t === 'wrong-issuer' ? 'http://127.0.0.1:1/realms/other' : this.issuer,
      sub: `sub-${pending.login.toLowerCase()}`,
      aud: t === 'wrong-audience' ? 'another-client' : this.clientId,
      iat: t === 'expired' ? now - 7200 : now,
      exp: t === 'expired' ? now - 3600 : now + 300,
      nonce: t === 'wrong-nonce' ? 'a-nonce-from-another-login' : pending.nonce,
      name: this.users.get(pending.login) ?? undefined,
    };
    if (t !== 'no-login-claim' && t !== 'login-only-in-userinfo') claims['preferred_username'] = pending.login;
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const input = `${encode({ alg: 'RS256', typ: 'JWT', kid: this.#kid })}.${encode(claims)}`;
    const key: KeyObject = t === 'bad-signature' ? this.#otherKey : this.#key.privateKey;
    return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
  }

  #userinfo(req: IncomingMessage, res: ServerResponse): void {
    const token = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const login = this.#tokens.get(token);
    if (login === undefined) return json(res, 401, { error: 'invalid_token' });
    const claims: Record<string, unknown> = { sub: `sub-${login.toLowerCase()}`, name: this.users.get(login) ?? undefined };
    if (this.tamper !== 'no-login-claim') claims['preferred_username'] = login;
    json(res, 200, claims);
  }
}

export interface FakeOidcOptions {
  readonly users?: Record<string, string | null>;
  /** Serve the authorization endpoint on another origin than the issuer (like AWS Cognito). */
  readonly authorizationElsewhere?: boolean;
}

export const startFakeOidc = (options?: FakeOidcOptions): Promise<FakeOidc> => FakeOidc.start(options);

function basicCredentials(req: IncomingMessage): [string, string] | undefined {
  const encoded = /^Basic (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!encoded) return undefined;
  const [id = '', secret = ''] = Buffer.from(encoded, 'base64').toString('utf8').split(':').map(decodeURIComponent);
  return [id, secret];
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const s256 = (verifier: string): string => createHash('sha256').update(verifier, 'ascii').digest('base64url');
const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
};
const html = (res: ServerResponse, status: number, body: string): void => {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="en"><title>Fake OIDC</title>${body}</html>`);
};
const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
