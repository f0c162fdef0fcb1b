import type { ElectionMethod } from '../../core/election-method.js';

/** Each counting method in a few plain words, with where its exact rules are (SPEC §13). */
const METHODS: Readonly<Record<ElectionMethod, { name: string; summary: string; link: string; linkText: string }>> = {
  schulze: {
    name: 'the Schulze method',
    summary:
      'Every pair of candidates is compared: how many voters rank one above the other. The candidates who beat the ' +
      'others, directly or through a chain of wins, take the seats. Equal ranks are allowed; a candidate you leave ' +
      'unranked is not compared with anyone on your ballot.',
    link: 'https://en.wikipedia.org/wiki/Schulze_method',
    linkText: 'The Schulze method explained',
  },
  'scottish-stv': {
    name: 'the single transferable vote, Scottish rules',
    summary:
      'Your ballot counts for your first choice. A candidate who reaches the quota is elected, and the votes they do not ' +
      'need move on to the voters’ next choices at a reduced value; when nobody reaches it, the candidate with the fewest ' +
      'votes is excluded and their ballots move on. The count follows the rules of Scottish council elections.',
    link: 'https://www.legislation.gov.uk/ssi/2007/42/schedule/1',
    linkText: 'The counting rules (SSI 2007/42, Schedule 1, rules 45–52)',
  },
  'meek-stv': {
    name: 'the single transferable vote, Meek’s method',
    summary:
      'Your ballot counts for your first choice. Elected candidates keep only the share of each ballot they need to ' +
      'reach the quota and pass the rest on to the next choices, recalculated until it settles; when nobody more can be ' +
      'elected, the candidate with the fewest votes is excluded and their ballots move on.',
    link: 'https://prfound.org/resources/reference/reference-meek-rule/',
    linkText: 'The Reference Meek Rule (Proportional Representation Foundation)',
  },
};

/** "How votes are counted" on the election page: the method, what it means, a link to its rules. */
export function HowVotesAreCounted({ method }: { method: ElectionMethod }) {
  const about = METHODS[method];
  return (
    <section aria-labelledby="counting">
      <h2 id="counting">How votes are counted</h2>
      <p>
        This election is counted with {about.name}. {about.summary}
      </p>
      <p>
        <a href={about.link}>{about.linkText}</a>
      </p>
    </section>
  );
}
