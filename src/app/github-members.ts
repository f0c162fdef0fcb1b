import { err, ok, type Result } from '../core/result.js';

/** Where to ask GitHub, and with which token (`GITHUB_API_URL`, `GITHUB_TOKEN`). */
export interface GitHubApi {
  readonly apiUrl: string;
  readonly token: string;
  /** Per request; default 15 s. */
  readonly timeoutMs?: number;
}

/** Scopes that let a classic token list private organisation and team memberships. */
const ORG_SCOPES = ['read:org', 'write:org', 'admin:org'];
const PAGE_SIZE = 100;
/** A bound on pages followed, so a misbehaving server cannot keep us looping (100,000 members). */
const MAX_PAGES = 1000;

/**
 * The logins of an organisation's members, or of the members of some of its teams (their
 * union), sorted case-insensitively (SPEC §14, the eligibility helper). Follows GitHub's
 * pagination (`Link: <…>; rel="next"`). Errors are sentences saying what to do: a refused
 * token, a classic token without `read:org` (GitHub would silently list public members only),
 * an unknown organisation or team, GitHub unreachable.
 */
export async function listMembers(api: GitHubApi, org: string, teams: readonly string[]): Promise<Result<string[], string>> {
  const paths = teams.length === 0 ? [`orgs/${encodeURIComponent(org)}/members`] : teams.map((team) => `orgs/${encodeURIComponent(org)}/teams/${encodeURIComponent(team)}/members`);
  const what = teams.length === 0 ? (_: string) => `organisation '${org}'` : (path: string) => `team '${decodeURIComponent(path.split('/')[3] ?? '')}' of '${org}'`;
  const logins = new Map<string, string>();
  for (const path of paths) {
    const members = await listPages(api, new URL(`${api.apiUrl.replace(/\/+$/, '')}/${path}?per_page=${PAGE_SIZE}`), what(path));
    if (!members.ok) return members;
    for (const login of members.value) logins.set(login.toLowerCase(), login);
  }
  return ok([...logins.values()].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase(), 'en') || a.localeCompare(b, 'en')));
}

async function listPages(api: GitHubApi, first: URL, what: string): Promise<Result<string[], string>> {
  const logins: string[] = [];
  let next: URL | undefined = first;
  for (let page = 0; next && page < MAX_PAGES; page += 1) {
    const answer = await getJson(api, next, what);
    if (!answer.ok) return answer;
    const body = answer.value.body;
    if (!Array.isArray(body)) return err(`GitHub answered the members of ${what} with something other than a list`);
    for (const member of body) {
      if (typeof member?.login === 'string') logins.push(member.login);
    }
    next = nextPage(answer.value.link, first);
  }
  return ok(logins);
}

async function getJson(api: GitHubApi, url: URL, what: string): Promise<Result<{ body: { login?: unknown }[] | unknown; link: string | null }, string>> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/vnd.github+json', authorization: `Bearer ${api.token}`, 'x-github-api-version': '2022-11-28' },
      redirect: 'error',
      signal: AbortSignal.timeout(api.timeoutMs ?? 15_000),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return err(`GitHub (${url.origin}) could not be reached: ${error instanceof Error ? error.message : String(error)}${cause}`);
  }
  const scopes = response.headers.get('x-oauth-scopes');
  const text = await response.text();
  if (response.status === 401) return err('GitHub refused GITHUB_TOKEN (Bad credentials): it is wrong, expired or revoked; create a new one');
  if (scopes !== null && !scopes.split(',').some((scope) => ORG_SCOPES.includes(scope.trim()))) {
    return err(`GITHUB_TOKEN lacks the read:org scope (it has: ${scopes.trim() || 'none'}); without it GitHub lists only public members. Add read:org to the token`);
  }
  if (response.status === 404) return err(`GitHub does not know ${what}, or GITHUB_TOKEN may not see it`);
  if (response.status === 403) return err(`GitHub refused to list the members of ${what} (HTTP 403): the token needs read:org and access to the organisation (SSO authorised, if it uses SSO)`);
  if (response.status !== 200) return err(`GitHub answered HTTP ${response.status} when listing the members of ${what}`);
  try {
    return ok({ body: JSON.parse(text) as unknown, link: response.headers.get('link') });
  } catch {
    return err(`GitHub answered the members of ${what} with something other than JSON`);
  }
}

/** The `rel="next"` page of a `Link` header, only on the API's own origin (never elsewhere with the token). */
function nextPage(link: string | null, first: URL): URL | undefined {
  const target = link?.split(',').find((part) => /;\s*rel="next"/.test(part))?.match(/<([^>]+)>/)?.[1];
  if (!target || !URL.canParse(target)) return undefined;
  const url = new URL(target);
  return url.origin === first.origin ? url : undefined;
}
