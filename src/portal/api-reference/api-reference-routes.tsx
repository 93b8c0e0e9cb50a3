import Type from 'typebox';
import { renderToString } from 'preact-render-to-string';
import { pageContext, sendPage, type PagesPlugin } from '../../web/index.ts';
import type { I18n } from '../../web/i18n/translate.ts';
import type { Locale } from '../../web/i18n/locale.ts';
import { ApiReferenceContent, ApiReferencePage } from './api-reference-page.tsx';
import { apiReferenceOf, type ApiReference } from './reference-model.ts';

/**
 * `GET /api/docs`: the API reference page. The document is generated from the route schemas
 * once the app is built and never changes while it runs, so it is read into the page's model
 * once, and the page's content rendered once per language, on first use. Any query string is
 * accepted (only `lang` means something), so a link with tracking or a stale parameter still
 * opens the page.
 */
export function apiReferencePages({ document }: { document: () => unknown }): PagesPlugin {
  let reference: ApiReference | undefined;
  const rendered = new Map<Locale, string>();
  const contentIn = (i18n: I18n): string => {
    reference ??= apiReferenceOf(document());
    let html = rendered.get(i18n.locale);
    if (html === undefined) rendered.set(i18n.locale, (html = renderToString(<ApiReferenceContent i18n={i18n} reference={reference} />)));
    return html;
  };
  return async (app, { isDemo }) => {
    app.get('/api/docs', { config: { access: 'public' }, schema: { hide: true, querystring: Type.Object({}, { additionalProperties: true }) } }, async (req, reply) => {
      const ctx = await pageContext(req, reply, isDemo);
      return sendPage(reply, <ApiReferencePage ctx={ctx} contentHtml={contentIn(ctx.i18n)} />);
    });
  };
}
