/**
 * Where to send the browser after login (SPEC §11, *Fix*: Elekto 0.6 redirected to any URL
 * it was given, so a crafted login link could land a voter on a look-alike site).
 */

/** Where a login lands when no safe target was asked for. */
export const DEFAULT_AFTER_LOGIN = '/app';

const MAX_LENGTH = 2048;
// What a browser sends in a request line: printable ASCII, anything else percent-encoded.
// This also rules out spaces and the tabs and newlines browsers silently strip (`/\t/evil`).
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
const PLACEHOLDER_ORIGIN = 'http://elekto.invalid';

/**
 * `candidate` when it is a path on this site (`/app/elections/x?status=running`), normalised
 * (`/app/../elections` → `/elections`); otherwise `DEFAULT_AFTER_LOGIN`. Refused: absolute and
 * scheme-relative URLs (`https://…`, `//evil`, `/\evil`), other schemes (`javascript:`),
 * backslashes, control characters and whitespace, and the same tricks percent-encoded.
 */
export function safeRedirectTarget(candidate: unknown): string {
  if (typeof candidate !== 'string' || !isSafePath(candidate)) return DEFAULT_AFTER_LOGIN;
  const url = new URL(candidate, PLACEHOLDER_ORIGIN);
  const target = `${url.pathname}${url.search}${url.hash}`;
  // Normalising can create what was refused: `/..//evil` becomes `//evil`. And whatever the
  // checks missed, the URL parser must agree that the target stays on this site.
  return url.origin === PLACEHOLDER_ORIGIN && startsAsLocalPath(target) ? target : DEFAULT_AFTER_LOGIN;
}

function isSafePath(candidate: string): boolean {
  if (candidate.length > MAX_LENGTH || !PRINTABLE_ASCII.test(candidate)) return false;
  const decoded = fullyDecoded(candidate);
  // A proxy or framework that decodes once more must not find a way off the site either.
  return decoded !== undefined && [candidate, decoded].every(startsAsLocalPath);
}

/** One leading slash, not followed by another slash or a backslash; no backslash anywhere. */
function startsAsLocalPath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !path.includes('\\');
}

/**
 * Decodes until nothing changes; `undefined` when the text is malformed, hides control
 * characters, or is encoded more deeply than anything legitimate.
 */
function fullyDecoded(text: string): string | undefined {
  let current = text;
  for (let round = 0; round < 3; round++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return undefined;
    }
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    if (/[\x00-\x1f\x7f]/.test(next)) return undefined;
    if (next === current) return current;
    current = next;
  }
  return undefined;
}
