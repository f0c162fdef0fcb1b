import { timingSafeEqual } from 'node:crypto';
import { signatureMatches } from './webhook-signature.js';
import { secretsMatch } from './secrets-match.js';

/**
 * Which forge sent a webhook delivery and whether it proved it knows `META_SECRET` (SPEC §11,
 * §17). Each forge authenticates its own way, recognised by its headers:
 * - GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`;
 * - GitLab: `X-Gitlab-Token: <the secret itself>` (no signature: GitLab sends the token);
 * - Forgejo/Gitea: `X-Forgejo-Signature` / `X-Gitea-Signature: <hex HMAC-SHA256>`.
 * Every comparison is constant-time. A delivery with none of these headers is unauthenticated.
 */

export type Forge = 'github' | 'gitlab' | 'forgejo';

/** Header names as Node presents them (lower case). */
export const WEBHOOK_HEADERS = {
  githubSignature: 'x-hub-signature-256',
  gitlabToken: 'x-gitlab-token',
  forgejoSignature: 'x-forgejo-signature',
  giteaSignature: 'x-gitea-signature',
} as const;

type Headers = Readonly<Record<string, string | string[] | undefined>>;

export interface DeliveryCheck {
  /** The forge whose authentication header was present; `null` when none was. */
  readonly forge: Forge | null;
  readonly authentic: boolean;
  /** The event name (`ping`, `push`, `Push Hook`…) and delivery id, for the answer and the log. */
  readonly event: string;
  readonly delivery: string | undefined;
}

/**
 * Checks a delivery: `digest` is the HMAC-SHA256 of its raw body under `secret`. Forgejo and
 * Gitea also send GitHub's header; any present scheme that verifies authenticates it, and one
 * that fails is never outweighed by the absence of another.
 */
export function checkDelivery(headers: Headers, digest: Uint8Array, secret: string): DeliveryCheck {
  const header = (name: string) => {
    const value = headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  const forgejoSignature = header(WEBHOOK_HEADERS.forgejoSignature) ?? header(WEBHOOK_HEADERS.giteaSignature);
  if (forgejoSignature !== undefined) {
    return {
      forge: 'forgejo',
      authentic: hexDigestMatches(digest, forgejoSignature),
      event: header('x-forgejo-event') ?? header('x-gitea-event') ?? 'unknown',
      delivery: header('x-forgejo-delivery') ?? header('x-gitea-delivery'),
    };
  }
  const gitlabToken = header(WEBHOOK_HEADERS.gitlabToken);
  if (gitlabToken !== undefined) {
    return {
      forge: 'gitlab',
      authentic: secretsMatch(secret, gitlabToken),
      event: header('x-gitlab-event') ?? 'unknown',
      delivery: header('x-gitlab-event-uuid') ?? header('x-gitlab-webhook-uuid'),
    };
  }
  const githubSignature = header(WEBHOOK_HEADERS.githubSignature);
  return {
    forge: githubSignature === undefined ? null : 'github',
    authentic: signatureMatches(digest, githubSignature),
    event: header('x-github-event') ?? 'unknown',
    delivery: header('x-github-delivery'),
  };
}

/** Forgejo's header: the bare hex digest, no `sha256=` prefix. */
function hexDigestMatches(digest: Uint8Array, hex: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
  return timingSafeEqual(Buffer.from(hex, 'hex'), digest);
}

