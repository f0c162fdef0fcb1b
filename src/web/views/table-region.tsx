import type { ComponentChildren } from 'preact';

/**
 * A table that may be wider than a phone: it scrolls sideways inside a labelled, focusable
 * region (so a keyboard can scroll it too), with shadows at the edge that has more to show
 * (elekto.css). The title is shown above the scrolling box, where a narrow screen cannot cut
 * it off; the table keeps its own `<caption>` for screen readers, hidden from view here.
 */
export function TableRegion({ id, title, children }: { id: string; title: ComponentChildren; children: ComponentChildren }) {
  const titleId = `${id}-title`;
  return (
    <div class="table-region">
      <p class="table-title" id={titleId} aria-hidden="true">
        {title}
      </p>
      <div class="table-wrap" role="region" aria-labelledby={titleId} tabindex={0}>
        {children}
      </div>
    </div>
  );
}
