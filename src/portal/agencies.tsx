import Type from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { pageContext, sendPage, type PageContext, type PagesPlugin } from '../web/index.ts';
import { Layout } from '../web/components/layout.tsx';
import { DataTable } from '../web/components/data-table.tsx';
import { Pagination } from '../web/components/pagination.tsx';
import { Select, TextInput } from '../web/components/form-fields.tsx';
import { readAgencyServiceCounts, type Catalog } from '../registry/index.ts';
import { agencyKindNames, agencyKinds } from '../core/taxonomy.ts';
import type { AppDeps } from '../db/app-deps.ts';
import { AGENCIES_PER_PAGE, AgencyList, type AgencyListPage, type AgencyListQuery } from './agency-list.ts';
import './messages.ts'; // registers the text of the portal's pages

// Strict, unlike the catalog's facets: a kind or page that cannot be one gets the friendly 400 page.
const AgenciesQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    kind: Type.Optional(Type.Union([Type.Literal(''), ...agencyKinds.map((k) => Type.Literal(k))])),
    page: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$' })),
  },
  { additionalProperties: true },
);

function listHref(query: AgencyListQuery): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.kind) params.set('kind', query.kind);
  if (query.page > 1) params.set('page', String(query.page));
  const s = params.toString();
  return s ? `/agencies?${s}` : '/agencies';
}

interface AgenciesPageProps {
  ctx: PageContext;
  query: AgencyListQuery;
  found: AgencyListPage;
  /** The page asked for when it was past the last one. */
  clampedFrom: number | null;
}

export function AgenciesPage({ ctx, query, found, clampedFrom }: AgenciesPageProps) {
  const { i18n } = ctx;
  const { t } = i18n;
  const fa = i18n.locale === 'fa';
  const from = (found.page - 1) * AGENCIES_PER_PAGE + 1;
  const count = found.total === 0 ? t('agencies.count.none') : found.total === 1 ? t('agencies.count.one') : t('agencies.count.other', { count: i18n.n(found.total) });
  return (
    <Layout i18n={i18n} title={query.q ? t('agencies.titleWithQuery', { q: query.q }) : t('agencies.title')} url={ctx.url} demo={ctx.demo} staffName={ctx.staffName}>
      <h1>{t('agencies.title')}</h1>
      <p class="lead">{t('agencies.lead')}</p>
      <form method="get" action="/agencies" role="search" class="search-box agency-search">
        <TextInput i18n={i18n} id="agencies-q" name="q" type="search" label={t('agencies.find')} hint={t('agencies.findHint')} value={query.q} />
        <Select i18n={i18n} id="agencies-kind" name="kind" label={t('agencies.kind')} value={query.kind ?? ''} emptyLabel={t('agencies.allKinds')} options={agencyKinds.map((k) => ({ value: k, label: agencyKindNames[k][i18n.locale] }))} />
        <button type="submit">{t('agencies.search')}</button>
      </form>
      <h2 id="agencies-heading">{count}</h2>
      {clampedFrom !== null ? <p class="notice">{t('agencies.pageClamped', { asked: i18n.n(clampedFrom), shown: i18n.n(found.page) })}</p> : null}
      {found.pages > 1 ? <p class="meta">{t('agencies.showing', { from: i18n.n(from), to: i18n.n(from + found.rows.length - 1), total: i18n.n(found.total) })}</p> : null}
      {found.total > 0 ? (
        <DataTable
          i18n={i18n}
          caption={count}
          hideCaption
          rows={found.rows}
          rowKey={(a) => a.code}
          columns={[
            { header: t('agencies.column.name'), rowHeader: true, cell: (a) => <a href={`/agencies/${encodeURIComponent(a.code)}`}>{fa ? a.nameFa : a.nameEn}</a> },
            { header: t('agencies.kind'), cell: (a) => agencyKindNames[a.kind][i18n.locale] },
            { header: t('agencies.column.services'), numeric: true, cell: (a) => i18n.n(a.identified) },
            { header: t('agencies.column.delivered'), numeric: true, cell: (a) => i18n.n(a.delivered) },
            { header: t('agencies.column.completion'), numeric: true, cell: (a) => i18n.pct(a.rate) },
          ]}
        />
      ) : (
        <p>
          {t('agencies.none')} <a href="/agencies">{t('agencies.all')}</a>
        </p>
      )}
      <Pagination i18n={i18n} page={found.page} pages={found.pages} href={(page) => listHref({ ...query, page })} />
    </Layout>
  );
}

/**
 * The agencies, sorted and searchable, rebuilt only when the registry changes: the catalog's
 * snapshot is replaced exactly then, and the node that wrote has replaced it before answering.
 */
export function agencyListSource({ deps, catalog }: { deps: AppDeps; catalog: Catalog }): () => Promise<AgencyList> {
  const lists = new WeakMap<object, Promise<AgencyList>>();
  return async () => {
    const snapshot = await catalog.current();
    let list = lists.get(snapshot);
    if (!list) {
      list = deps.db.run(readAgencyServiceCounts).then((figures) => new AgencyList(figures));
      lists.set(snapshot, list);
      list.catch(() => lists.delete(snapshot));
    }
    return list;
  };
}

/**
 * The public list of agencies at `/agencies`: search by name, filter by kind, each agency's share
 * of services delivered through the window, a link to its page.
 */
export function agencyListPages({ agencies }: { agencies: () => Promise<AgencyList> }): PagesPlugin {
  return async (plain, { isDemo }) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    app.get('/agencies', { config: { access: 'public' }, schema: { hide: true, querystring: AgenciesQuery } }, async (req, reply) => {
      const [ctx, list] = await Promise.all([pageContext(req, reply, isDemo), agencies()]);
      const asked = req.query.page ? Math.max(1, Number(req.query.page)) : 1;
      const query: AgencyListQuery = { q: (req.query.q ?? '').trim(), kind: req.query.kind || null, page: asked };
      const found = list.find(ctx.i18n.locale, query);
      return sendPage(reply, <AgenciesPage ctx={ctx} query={{ ...query, page: found.page }} found={found} clampedFrom={found.page < asked ? asked : null} />);
    });
  };
}
