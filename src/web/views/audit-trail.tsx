import { TableRegion } from './table-region.js';
import { Time } from './layout.js';

export interface AuditEntryView {
  readonly at: Date;
  readonly actor: string;
  readonly kind: string;
  readonly detail: string;
  readonly commit: string | null;
}

/** How many entries the console shows; the CSV has them all. */
export const AUDIT_ENTRIES_SHOWN = 50;

/** The election's audit trail, newest first (SPEC §14): who did what, when. */
export function AuditTrail({ entries, csvHref }: { entries: readonly AuditEntryView[]; csvHref: string }) {
  return (
    <section aria-labelledby="audit">
      <h2 id="audit">Audit trail</h2>
      <p class="hint">
        Officers' decisions, counts and downloads, and the syncs that changed this election. Never any ballot content, nor who cast which
        ballot. <a href={csvHref}>Download the whole trail (CSV)</a>
      </p>
      {entries.length === 0 ? (
        <p>Nothing recorded yet.</p>
      ) : (
        <TableRegion id="audit-table" title="Audit trail">
          <table>
            <caption>Latest {Math.min(entries.length, AUDIT_ENTRIES_SHOWN)} entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.slice(0, AUDIT_ENTRIES_SHOWN).map((e) => (
                <tr>
                  <td>
                    <Time at={e.at} />
                  </td>
                  <td>{e.actor}</td>
                  <td>{e.kind}</td>
                  <td>
                    {e.detail}
                    {e.commit && (
                      <>
                        {' '}
                        (commit <code>{e.commit.slice(0, 12)}</code>)
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </section>
  );
}
