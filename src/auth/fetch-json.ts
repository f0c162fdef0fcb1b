import { err, ok, type Result } from '../core/result.js';
import { loginFailure, type LoginFailure } from './identity-provider.js';

/** A JSON answer from a provider, whatever its status; the caller decides what a 4xx means. */
export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
}

/**
 * One request to an OAuth provider that must answer JSON within `timeoutMs`. Network failures,
 * timeouts, 5xx and 429 become `provider-unavailable`; any other non-JSON answer
 * `unexpected-response`. `what` names the call in the operator detail ("token exchange"),
 * `provider` the provider in the user's sentence. Details carry statuses and
 * content types but never bodies, URLs with query strings or headers: those may hold secrets.
 */
export async function fetchJson(
  url: URL,
  init: { readonly method: 'GET' | 'POST'; readonly headers: Record<string, string>; readonly body?: string },
  what: string,
  timeoutMs: number,
  provider: string,
): Promise<Result<JsonResponse, LoginFailure>> {
  const where = `${what} (${init.method} ${url.origin}${url.pathname})`;
  try {
    // `redirect: 'error'`: the forges' OAuth and API endpoints never redirect, and following one
    // could carry the token or the client secret to another host.
    const response = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
    if (response.status >= 500 || response.status === 429) {
      await response.body?.cancel();
      return err(loginFailure('provider-unavailable', `${where} answered HTTP ${response.status}`, provider));
    }
    const text = await response.text();
    try {
      return ok({ status: response.status, body: JSON.parse(text) as unknown });
    } catch {
      const type = response.headers.get('content-type') ?? 'no content type';
      return err(loginFailure('unexpected-response', `${where} answered HTTP ${response.status} with ${type}, not JSON`, provider));
    }
  } catch (error) {
    return err(loginFailure('provider-unavailable', `${where} failed: ${describeFetchError(error, timeoutMs)}`, provider));
  }
}

/** `fetch` hides the useful part (ECONNREFUSED, ENOTFOUND…) in `cause`. */
function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
