/** The meta repository on GitHub, for links to its files in GitHub's web editor. */
export interface MetaRepositoryWeb {
  /** `https://github.com/owner/repo` */
  readonly url: string;
  readonly branch: string;
}

/**
 * The GitHub repository behind a `META_REPO` clone URL (`https://github.com/o/r.git`,
 * `git@github.com:o/r.git`), on github.com or the `GITHUB_URL` host; null for anything else
 * (a local path, another forge), which then gets no editor link.
 */
export function metaRepositoryWeb(repo: string | undefined, branch: string, githubUrl = 'https://github.com'): MetaRepositoryWeb | null {
  if (!repo) return null;
  const origin = new URL(githubUrl).origin;
  const host = new URL(githubUrl).host;
  const match = new RegExp(`^(?:https?://(?:[^@/]+@)?${escape(host)}|ssh://git@${escape(host)}|git@${escape(host)}:?)/?([\\w.-]+)/([\\w.-]+?)(?:\\.git)?/?$`).exec(repo);
  if (!match) return null;
  return { url: `${origin}/${match[1]}/${match[2]}`, branch };
}

/** GitHub's web editor for one file of the repository. */
export function editFileUrl(web: MetaRepositoryWeb, path: string): string {
  return `${web.url}/edit/${web.branch.split('/').map(encodeURIComponent).join('/')}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
