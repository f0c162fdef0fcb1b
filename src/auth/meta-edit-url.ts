import type { ProviderKind } from './identity-provider.js';

/**
 * The forge's "edit this file" page for a file of the meta repository (SPEC §14, §17), such
 * as the officer's "edit voters.yaml" link, in the forge's own URL scheme:
 * - GitHub:        `https://github.com/OWNER/REPO/edit/BRANCH/PATH`
 * - GitLab:        `https://gitlab.com/GROUP/PROJECT/-/edit/BRANCH/PATH`
 * - Forgejo/Gitea: `https://codeberg.org/OWNER/REPO/_edit/BRANCH/PATH`
 * With an OIDC login the forge is not configured, so it is recognised by the host
 * (github.com, gitlab.*, salsa.debian.org, codeberg.org, gitea.*, forgejo.*).
 * `repoUrl` is `META_REPO`: an https, `ssh://` or `git@host:owner/repo.git` clone URL; credentials in
 * it are dropped. `null` when no edit page can be named (a local path, an unknown forge).
 */
export function metaFileEditUrl(provider: ProviderKind, repoUrl: string, branch: string, path: string): string | null {
  const base = webUrl(repoUrl);
  if (!base) return null;
  const forge = provider === 'oidc' ? forgeOfHost(base.hostname) : provider;
  if (!forge) return null;
  const segments = (text: string) => text.split('/').filter(Boolean).map(encodeURIComponent).join('/');
  const marker = { github: 'edit', gitlab: '-/edit', forgejo: '_edit' }[forge];
  return `${base.origin}${base.pathname}/${marker}/${segments(branch)}/${segments(path)}`;
}

/** The repository's web page from its clone URL, without credentials, `.git` or a trailing slash. */
function webUrl(repoUrl: string): URL | null {
  const scp = /^[\w.-]+@([\w.-]+):(?!\/)(.+)$/.exec(repoUrl.trim());
  const text = scp ? `https://${scp[1]}/${scp[2]}` : repoUrl.trim();
  if (!URL.canParse(text)) return null;
  const parsed = new URL(text);
  // `ssh://git@host/owner/repo.git` is served on the web at `https://host/owner/repo`.
  const url = parsed.protocol === 'ssh:' ? new URL(`https://${parsed.hostname}${parsed.pathname}`) : parsed;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const pathname = url.pathname.replace(/\/+$/, '').replace(/\.git$/, '');
  if (pathname.split('/').filter(Boolean).length < 2) return null;
  const clean = new URL(url.origin);
  clean.pathname = pathname;
  return clean;
}

function forgeOfHost(host: string): 'github' | 'gitlab' | 'forgejo' | null {
  if (host === 'github.com') return 'github';
  if (host === 'salsa.debian.org' || /(^|\.)gitlab\./.test(host) || host === 'gitlab.com') return 'gitlab';
  if (host === 'codeberg.org' || /(^|\.)(gitea|forgejo)\./.test(host) || host === 'gitea.com') return 'forgejo';
  return null;
}
