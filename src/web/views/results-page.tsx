import { Layout, type PageContext } from './layout.js';

/**
 * The officers' published `results.md`, shown once the election is completed. When the file
 * starts with its own top heading ("# Results of …"), that heading is the page's, rather than
 * a second one right under ours.
 */
export function ResultsPage({ page, election, resultsHtml }: { page: PageContext; election: { name: string; href: string }; resultsHtml: string | null }) {
  const ownHeading = !resultsHtml?.trimStart().startsWith('<h1');
  return (
    <Layout page={page} title={`Results · ${election.name}`}>
      <p class="breadcrumb">
        <a href={election.href}>{election.name}</a>
      </p>
      {ownHeading && <h1>Results</h1>}
      {resultsHtml ? (
        <section class="markdown" dangerouslySetInnerHTML={{ __html: resultsHtml }} />
      ) : (
        <p>The election officers have not published the results yet.</p>
      )}
    </Layout>
  );
}
