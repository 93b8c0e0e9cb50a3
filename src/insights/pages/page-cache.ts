import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/**
 * Rendered pages kept per report object: rendering the dashboard's hundreds of table rows
 * costs more than computing the figures, and the same report in the same language, URL and
 * header state always gives the same HTML. A new report (the registry changed) starts a new
 * cache and the old one is garbage-collected with its report.
 */
export class PageCache<Source extends object> {
  #pages = new WeakMap<Source, Map<string, string>>();

  constructor(private readonly maxPerSource = 64) {}

  html(source: Source, key: string, render: () => VNode): string {
    let pages = this.#pages.get(source);
    if (!pages) this.#pages.set(source, (pages = new Map()));
    let html = pages.get(key);
    if (html === undefined) {
      html = `<!doctype html>${renderToString(render())}`;
      // URLs are the caller's to choose (any query string), so the number kept is bounded.
      if (pages.size >= this.maxPerSource) pages.delete(pages.keys().next().value!);
      pages.set(key, html);
    }
    return html;
  }
}
