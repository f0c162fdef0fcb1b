import { METHOD_NAMES } from '../../core/election-method.js';
import type { StvResult, StvStage } from '../../core/stv-result.js';
import { stageTitle } from '../../core/stv-markdown.js';
import { StvStagesChart } from './chart-stv-stages.js';
import { Time } from './layout.js';


/** Where the officer can download the count (SPEC §13). */
export interface StvDownloads {
  readonly ballots: string | null;
  readonly json: string;
  readonly stagesCsv: string;
  readonly markdown: string;
}

export interface StvResultsProps {
  readonly result: StvResult;
  readonly computedAt: Date;
  readonly computedBy: string;
  readonly inputHash: string;
  readonly nameOf: (id: string) => string;
  readonly downloads: StvDownloads;
}

/** A stored STV count: elected, quota, the stage table, the chart of how votes moved, downloads. */
export function StvResults({ result, computedAt, computedBy, inputHash, nameOf, downloads }: StvResultsProps) {
  return (
    <>
      <dl class="facts">
        <dt>Computed</dt>
        <dd>
          <Time at={computedAt} /> by {computedBy}
        </dd>
        <dt>Method</dt>
        <dd>{METHOD_NAMES[result.method]}</dd>
        <dt>Ballots counted</dt>
        <dd>
          {result.ballots}
          {result.ballots !== result.valid_ballots && ` (${result.valid_ballots} rank someone)`}
        </dd>
        <dt>Seats</dt>
        <dd>{result.seats}</dd>
        <dt>Quota</dt>
        <dd>
          {result.quota}
          {result.method === 'meek-stv' && ' at the start (it falls as ballots exhaust; see each stage)'}
        </dd>
        <dt>SHA-256 of the counted ballots</dt>
        <dd>
          <code class="hash">{inputHash}</code>
        </dd>
      </dl>
      <p>
        Download: {downloads.ballots && (<><a href={downloads.ballots} download>the anonymous ballots (CSV)</a>, </>)}
        <a href={downloads.stagesCsv} download>the stages (CSV)</a>, <a href={downloads.json} download>the whole count (JSON)</a>,{' '}
        <a href={downloads.markdown} download>a summary for results.md (Markdown)</a>. <code>elekto tally</code> on the ballots
        with <code>--method {result.method} --seats {result.seats}</code> gives this count, lots included.
      </p>

      <section aria-labelledby="elected">
        <h2 id="elected">Elected</h2>
        {result.elected.length === 0 ? <p>Nobody was elected.</p> : (
          <ol>
            {result.elected.map((id) => <li>{nameOf(id)}{nameOf(id) !== id && <span class="candidate-id"> ({id})</span>}</li>)}
          </ol>
        )}
        {result.ties_broken_by_lot.length > 0 && (
          <div class="notice notice-warning" role="note">
            <h3>Ties broken by lot</h3>
            <ul>
              {result.ties_broken_by_lot.map((tie) => (
                <li>
                  Stage {tie.stage}, {tie.decision}: {tie.candidates.map(nameOf).join(', ')} were tied; the lot chose {nameOf(tie.chosen)}.
                </li>
              ))}
            </ul>
            <p>The lot is drawn from a generator seeded with the SHA-256 above, so anyone with the ballots draws the same.</p>
          </div>
        )}
      </section>

      <section aria-labelledby="stages">
        <h2 id="stages">Stage by stage</h2>
        <StageTable result={result} nameOf={nameOf} />
        <StvStagesChart id="stages-chart" result={result} nameOf={nameOf} />
      </section>
    </>
  );
}

function StageTable({ result, nameOf }: { result: StvResult; nameOf: (id: string) => string }) {
  const standing = result.candidates.filter((id) => !result.withdrawn.includes(id));
  const cell = (stage: StvStage, id: string) => {
    const votes = stage.votes[id]!;
    if (stage.elected.includes(id)) return <><strong>{votes}</strong> elected</>;
    return stage.excluded.includes(id) ? <>{votes} excluded</> : <>{votes}</>;
  };
  return (
    <div class="table-wrap">
      <table>
        <caption>Votes of each candidate at the end of each stage</caption>
        <thead>
          <tr>
            <th scope="col">Candidate</th>
            {result.stages.map((stage) => <th scope="col" class="number">Stage {stageTitle(stage, nameOf)}</th>)}
          </tr>
        </thead>
        <tbody>
          {standing.map((id) => (
            <tr>
              <th scope="row">{nameOf(id)}</th>
              {result.stages.map((stage) => <td class="number">{cell(stage, id)}</td>)}
            </tr>
          ))}
          <tr>
            <th scope="row">Non-transferable</th>
            {result.stages.map((stage) => <td class="number">{stage.non_transferable}</td>)}
          </tr>
          {result.method === 'meek-stv' && (
            <tr>
              <th scope="row">Quota</th>
              {result.stages.map((stage) => <td class="number">{stage.quota}</td>)}
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
