import Type from 'typebox';
import type { VNode } from 'preact';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { PagesPlugin } from '../index.ts';
import { pageContext, sendPage, type PageContext } from '../index.ts';
import { Layout } from '../components/layout.tsx';
import { createI18n, type I18n } from '../i18n/translate.ts';
import { isLocale } from '../i18n/locale.ts';
import { examples as searchBox } from '../components/examples/search-box.examples.tsx';
import { examples as facetFilters } from '../components/examples/facet-filters.examples.tsx';
import { examples as resultList } from '../components/examples/result-list.examples.tsx';
import { examples as highlight } from '../components/examples/highlight.examples.tsx';
import { examples as pagination } from '../components/examples/pagination.examples.tsx';
import { examples as tag } from '../components/examples/tag.examples.tsx';
import { examples as emptyState } from '../components/examples/empty-state.examples.tsx';
import { examples as dataTable } from '../components/examples/data-table.examples.tsx';
import { examples as summaryCards } from '../components/examples/summary-cards.examples.tsx';
import { examples as chart } from '../components/examples/chart.examples.tsx';
import { examples as errorSummary } from '../components/examples/error-summary.examples.tsx';
import { examples as formFields } from '../components/examples/form-fields.examples.tsx';

/** What every `src/web/components/examples/*.examples.tsx` exports. */
export interface ComponentExample {
  name: string;
  render: (i18n: I18n) => VNode;
}

/**
 * The components shown, in the order of the page. Listed by hand (not read from the folder)
 * so a missing or renamed example file is a type error, not a silently shorter gallery.
 */
export const galleryComponents: { name: string; examples: ComponentExample[] }[] = [
  { name: 'search-box', examples: searchBox },
  { name: 'facet-filters', examples: facetFilters },
  { name: 'result-list', examples: resultList },
  { name: 'highlight', examples: highlight },
  { name: 'pagination', examples: pagination },
  { name: 'tag', examples: tag },
  { name: 'empty-state', examples: emptyState },
  { name: 'data-table', examples: dataTable },
  { name: 'summary-cards', examples: summaryCards },
  { name: 'chart', examples: chart },
  { name: 'error-summary', examples: errorSummary },
  { name: 'form-fields', examples: formFields },
];

/**
 * The gallery of every component example, in one direction at a time: the browser tests run
 * axe on it in RTL and LTR, and people use it to see a component without finding a page that
 * shows it. Its headings are component names, for developers, so they are not translated.
 */
export function ComponentsGallery({ ctx }: { ctx: PageContext }) {
  const { i18n } = ctx;
  const other = i18n.dir === 'rtl' ? 'ltr' : 'rtl';
  return (
    <Layout i18n={i18n} title="Components" url={ctx.url} demo={ctx.demo} staffName={ctx.staffName}>
      <h1 lang="en">Components</h1>
      <p lang="en" dir="ltr">
        {`Every component example, rendered ${i18n.dir === 'rtl' ? 'right to left (fa)' : 'left to right (en)'}. `}
        <a href={`/_components?dir=${other}&lang=${other === 'rtl' ? 'fa' : 'en'}`}>{`Show them ${other === 'rtl' ? 'right to left' : 'left to right'}`}</a>
      </p>
      <nav aria-label="Components" lang="en">
        <ul>
          {galleryComponents.map((c) => (
            <li key={c.name}>
              <a href={`#component-${c.name}`}>{c.name}</a>
            </li>
          ))}
        </ul>
      </nav>
      {galleryComponents.map((c) => (
        <section key={c.name} aria-labelledby={`component-${c.name}`} class="gallery-component">
          <h2 id={`component-${c.name}`} lang="en">
            {c.name}
          </h2>
          {c.examples.map((example) => (
            <div key={example.name} class="gallery-example" style="border: 1px dashed #767676; padding: 1rem; margin-block: 1rem">
              <h3 lang="en">{example.name}</h3>
              {example.render(i18n)}
            </div>
          ))}
        </section>
      ))}
    </Layout>
  );
}

/** `?lang=` wins (it is what the language switch sets); otherwise `?dir=` picks the language of that direction. */
function galleryContext(ctx: PageContext, query: { dir?: string; lang?: string }): PageContext {
  if (isLocale(query.lang) || (query.dir !== 'rtl' && query.dir !== 'ltr')) return ctx;
  return { ...ctx, i18n: createI18n(query.dir === 'rtl' ? 'fa' : 'en') };
}

export function galleryPages(): PagesPlugin {
  return async (app, { isDemo }) => {
    app.withTypeProvider<TypeBoxTypeProvider>().get(
      '/_components',
      {
        config: { access: 'public' },
        schema: { hide: true, querystring: Type.Object({ dir: Type.Optional(Type.String({ maxLength: 16 })), lang: Type.Optional(Type.String({ maxLength: 16 })) }, { additionalProperties: true }) },
      },
      async (req, reply) => {
        const ctx = galleryContext(await pageContext(req, reply, isDemo), req.query);
        return sendPage(reply, <ComponentsGallery ctx={ctx} />);
      },
    );
  };
}
