import { Layout, type PageContext } from './layout.js';

export interface CandidatePageProps {
  readonly page: PageContext;
  readonly election: { readonly name: string; readonly href: string };
  readonly candidate: {
    readonly id: string;
    readonly name: string;
    /** The `info` fields the election's `show_candidate_fields` lists, in that order. */
    readonly fields: readonly (readonly [string, string])[];
    readonly bioHtml: string;
  };
}

/** A candidate's profile: name, ID, the fields the election shows, and the bio. */
export function CandidatePage({ page, election, candidate }: CandidatePageProps) {
  return (
    <Layout page={page} title={`${candidate.name} · ${election.name}`}>
      <p class="breadcrumb">
        <a href={election.href}>{election.name}</a>
      </p>
      <h1>{candidate.name}</h1>
      <dl class="facts">
        <dt>ID</dt>
        <dd>{candidate.id}</dd>
        {candidate.fields.map(([key, value]) => (
          <>
            <dt>{key}</dt>
            <dd>{value}</dd>
          </>
        ))}
      </dl>
      <section class="markdown bio" aria-label="Biography" dangerouslySetInnerHTML={{ __html: candidate.bioHtml }} />
    </Layout>
  );
}
