/**
 * A message (git's, usually) with the credentials of any URL in it masked: a META_REPO such
 * as `https://user:token@github.com/org/meta` must not leak through `/health` or a webhook
 * answer, which GitHub shows in its delivery log.
 */
export function withoutCredentials(message: string): string {
  return message.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1***@');
}
