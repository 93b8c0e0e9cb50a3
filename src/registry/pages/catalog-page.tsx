import { Layout } from '../../web/components/layout.tsx';
import { SearchBox } from '../../web/components/search-box.tsx';
import { FacetFilters, type FacetGroup } from '../../web/components/facet-filters.tsx';
import { ResultList, type ResultItem } from '../../web/components/result-list.tsx';
import { Highlight } from '../../web/components/highlight.tsx';
import { Pagination } from '../../web/components/pagination.tsx';
import { DeliveryTag, MaturityTag } from '../../web/components/tag.tsx';
import { EmptyState } from '../../web/components/empty-state.tsx';
import type { PageContext } from '../../web/context.ts';
import type { I18n } from '../../web/i18n/translate.ts';
import { compareNames } from '../../web/i18n/collation.ts';
import { maturityNames, type MaturityLevel } from '../../core/maturity.ts';
import { topics } from '../../core/taxonomy.ts';
import type { FacetName } from '../search/index.ts';
import type { CatalogAnswer, CatalogItem } from '../catalog-query.ts';
import { catalogHref, hasFilters, noFilters, PAGE_SIZE, stateParams, type CatalogState } from './catalog-url.ts';
import { audienceLabel, inLocale } from './labels.ts';

export interface CatalogPageProps {
  ctx: PageContext;
  state: CatalogState;
  answer: CatalogAnswer;
  /** The page number asked for when it was past the last page and the last page is shown instead. */
  clampedFrom?: string | null;
  /** A well-formed service identifier of this country, offered as a way to search. */
  exampleId: string;
}

const suggestedTopics = ['identity', 'health', 'education', 'business', 'transport', 'tax'] as const;

function facetGroups(i18n: I18n, state: CatalogState, answer: CatalogAnswer): FacetGroup[] {
  const { t } = i18n;
  const legends: Record<FacetName, string> = {
    topic: t('catalog.facet.topic'),
    delivery: t('catalog.facet.delivery'),
    maturity: t('catalog.facet.maturity'),
    audience: t('catalog.facet.audience'),
    lifeEvent: t('catalog.facet.lifeEvent'),
    agency: t('catalog.facet.agency'),
  };
  const label = (facet: FacetName, value: string, bilingual: { fa: string; en: string }) => {
    if (facet === 'audience') return audienceLabel(i18n, value);
    if (facet === 'maturity') return maturityNames[Number(value) as MaturityLevel] ? `${i18n.n(Number(value))} · ${bilingual[i18n.locale]}` : value;
    return bilingual[i18n.locale];
  };
  const byName = compareNames(i18n.locale);
  const order: FacetName[] = ['topic', 'lifeEvent', 'delivery', 'maturity', 'audience', 'agency'];
  return order.map((facet) => {
    const options = answer.facets[facet].map((c) => ({ value: c.value, label: label(facet, c.value, c.label), count: c.count, checked: state.filters[facet].includes(c.value) }));
    // Levels read best in their own order, agencies by name (Persian collation in fa) so one can
    // be found in a long list, the rest by how many results each has.
    if (facet === 'maturity') options.sort((a, b) => Number(a.value) - Number(b.value));
    if (facet === 'agency') options.sort((a, b) => byName(a.label, b.label));
    return { name: facet, legend: legends[facet], options };
  });
}

function resultItem(i18n: I18n, item: CatalogItem): ResultItem {
  const fa = i18n.locale === 'fa';
  const ranges = (field: string) => item.highlights.find((h) => h.field === field)?.ranges;
  const [nameField, otherNameField] = fa ? ['nameFa', 'nameEn'] : ['nameEn', 'nameFa'];
  const name = fa ? item.nameFa : item.nameEn;
  const otherName = fa ? item.nameEn : item.nameFa;
  const agency = inLocale(i18n, item.agencyName, item.agencyCode);
  // Words that matched only the other language's description: show that description, in its own
  // language and direction, so the reader sees why this service was found.
  const [descField, otherDescField] = fa ? ['descriptionFa', 'descriptionEn'] : ['descriptionEn', 'descriptionFa'];
  const localHit = item.highlights.some((h) => h.field === nameField || h.field === descField || h.field === (fa ? 'agencyNameFa' : 'agencyNameEn'));
  const otherDescription = !localHit && ranges(otherDescField) ? (fa ? item.descriptionEn : item.descriptionFa) : null;
  return {
    key: item.id,
    href: `/services/${item.id}`,
    title: <Highlight text={name} ranges={ranges(nameField)} />,
    // Someone who searched in the other language should see why this result matched.
    alternateTitle: !ranges(nameField) && ranges(otherNameField) ? { text: <Highlight text={otherName} ranges={ranges(otherNameField)} />, lang: fa ? 'en' : 'fa' } : undefined,
    meta: (
      <>
        <Highlight text={agency} ranges={ranges(fa ? 'agencyNameFa' : 'agencyNameEn')} /> · <span dir="ltr">{item.id}</span>
      </>
    ),
    description: otherDescription ? <Highlight text={otherDescription} ranges={ranges(otherDescField)} /> : <Highlight text={fa ? item.descriptionFa : item.descriptionEn} ranges={ranges(descField)} />,
    descriptionLang: otherDescription ? (fa ? 'en' : 'fa') : undefined,
    tags: (
      <>
        <DeliveryTag i18n={i18n} status={item.deliveryStatus} /> <MaturityTag i18n={i18n} level={item.maturity} />
      </>
    ),
  };
}

function countHeading(i18n: I18n, total: number): string {
  if (total === 0) return i18n.t('catalog.count.none');
  return total === 1 ? i18n.t('catalog.count.one') : i18n.t('catalog.count.other', { count: i18n.n(total) });
}

function NoResults({ i18n, state, exampleId }: { i18n: I18n; state: CatalogState; exampleId: string }) {
  const { t } = i18n;
  const filtered = hasFilters(state);
  return (
    <EmptyState title={t('catalog.empty.title')} level={3}>
      <p>{t('catalog.empty.intro')}</p>
      <ul>
        <li>{t('catalog.empty.spelling')}</li>
        <li>{t('catalog.empty.fewerWords')}</li>
        <li>{t('catalog.empty.otherLanguage', { example: exampleId })}</li>
        {filtered ? (
          <li>
            <a href={catalogHref({ q: state.q, filters: noFilters(), page: 1 })}>{t('catalog.empty.clearFilters')}</a>
          </li>
        ) : null}
        <li>
          <a href="/services">{t('catalog.empty.browseAll')}</a>
        </li>
      </ul>
      <h4>{t('catalog.empty.topics')}</h4>
      <ul>
        {suggestedTopics.map((topic) => (
          <li key={topic}>
            <a href={`/services?topic=${topic}`}>{topics[topic][i18n.locale]}</a>
          </li>
        ))}
      </ul>
    </EmptyState>
  );
}

/** The catalog: a search box, facets that narrow the results, the results and their pages. */
export function CatalogPage({ ctx, state, answer, clampedFrom, exampleId }: CatalogPageProps) {
  const { i18n } = ctx;
  const { t } = i18n;
  const pages = Math.max(1, Math.ceil(answer.total / PAGE_SIZE));
  const from = (state.page - 1) * PAGE_SIZE + 1;
  const title = state.q ? t('catalog.titleWithQuery', { q: state.q }) : t('catalog.title');
  return (
    <Layout i18n={i18n} title={title} url={ctx.url} demo={ctx.demo} staffName={ctx.staffName}>
      <h1>{t('catalog.heading')}</h1>
      <SearchBox i18n={i18n} value={state.q} hidden={stateParams(state, ['q', 'page'])} />
      <div class="catalog">
        <div>
          <FacetFilters
            i18n={i18n}
            action="/services"
            groups={facetGroups(i18n, state, answer)}
            hidden={stateParams(state, ['agency', 'topic', 'audience', 'lifeEvent', 'maturity', 'delivery', 'page'])}
            clearHref={catalogHref({ q: state.q, filters: noFilters(), page: 1 })}
          />
        </div>
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">{countHeading(i18n, answer.total)}</h2>
          {clampedFrom ? <p class="notice">{t('catalog.pageClamped', { asked: clampedFrom, shown: i18n.n(state.page) })}</p> : null}
          {answer.total === 0 ? (
            <NoResults i18n={i18n} state={state} exampleId={exampleId} />
          ) : (
            <>
              {pages > 1 ? <p class="meta">{t('catalog.showing', { from: i18n.n(from), to: i18n.n(from + answer.items.length - 1), total: i18n.n(answer.total) })}</p> : null}
              <ResultList items={answer.items.map((item) => resultItem(i18n, item))} start={from - 1} />
              <Pagination i18n={i18n} page={state.page} pages={pages} href={(page) => catalogHref({ ...state, page })} />
            </>
          )}
        </section>
      </div>
    </Layout>
  );
}
