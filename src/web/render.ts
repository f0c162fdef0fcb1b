import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** Serialises a page to HTML. Preact escapes every text and attribute value. */
export function renderPage(page: VNode): string {
  return `<!doctype html>${renderToString(page)}`;
}
