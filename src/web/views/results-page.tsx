import { Layout, type PageContext } from './layout.js';

/** The officers' published `results.md`, shown once the election is completed. */
export function ResultsPage({ page, election, resultsHtml }: { page: PageContext; election: { name: string; href: string }; resultsHtml: string | null }) {
  return (
    <Layout page={page} title={`Results · ${election.name}`}>
      <p class="breadcrumb">
        <a href={election.href}>{election.name}</a>
      </p>
      <h1>Results</h1>
      {resultsHtml ? (
        <section class="markdown" dangerouslySetInnerHTML={{ __html: resultsHtml }} />
      ) : (
        <p>The election officers have not published the results yet.</p>
      )}
    </Layout>
  );
}
