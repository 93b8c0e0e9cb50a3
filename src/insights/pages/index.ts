import Type from 'typebox';
import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { pageContext, sendPage, type PageContext, type PagesPlugin } from '../../web/index.ts';
import { parseTargets } from '../../core/targets.ts';
import type { Config } from '../../config/schema.ts';
import { getAgency, listServices } from '../../registry/index.ts';
import type { InsightsReport } from '../reports.ts';
import { InsightsCache } from './report-cache.ts';
import { PageCache } from './page-cache.ts';
import { DashboardPage } from './dashboard-page.tsx';
import { CompliancePage, RankingsPage, TargetsPage, UsagePage } from './dashboard-detail-pages.tsx';
import { RankingsQuery, readRankingsState } from './rankings-query.ts';
import { AgencyPage } from './agency-page.tsx';
import { AgencyNotFoundPage } from './agency-not-found.tsx';
import type { UsageFigures } from './usage-panel.tsx';
import { dashboardUsage } from '../../exchange/index.ts';
import type { SnapshotSource } from '../../exchange/index.ts';
import type { AppDeps } from '../../db/app-deps.ts';
import './messages.ts'; // registers the text of these pages with the web kit

export type { UsageFigures } from './usage-panel.tsx';

const agencyCodePattern = /^[A-Z0-9][A-Z0-9-]{1,31}$/;
const SERVICES_PER_PAGE = 20;

const PageQuery = Type.Object({}, { additionalProperties: true });
const AgencyParams = Type.Object({ code: Type.String({ maxLength: 200 }) });
// Lenient: a page number that is not one is treated as page 1 rather than refused.
const AgencyQuery = Type.Object({ page: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: true });

export interface InsightsPagesOptions {
  deps: AppDeps;
  config: Config;
  /** The node's exchange configuration snapshot (`app.exchangeConfig`): names agencies and services in the usage figures. */
  source: SnapshotSource;
  /** Usage of the window; by default the exchange's usage buckets (null while there are none). */
  usage?: () => Promise<UsageFigures | null>;
}

/** How long the dashboard reuses the usage figures: buckets move every minute, the page is public. */
const USAGE_REFRESH_MS = 10_000;

/** The exchange usage of the last 30 days, recomputed at most every `refreshMs` (one computation at a time). */
export function cachedExchangeUsage(deps: AppDeps, source: SnapshotSource, refreshMs = USAGE_REFRESH_MS): () => Promise<UsageFigures | null> {
  let kept: { at: number; value: Promise<UsageFigures | null> } | undefined;
  return () => {
    if (!kept || Date.now() - kept.at >= refreshMs) {
      const value = dashboardUsage(deps.db, { now: deps.now(), timeZone: deps.pack.timeZone, source });
      kept = { at: Date.now(), value };
      // A failed computation is not kept: the next view tries again.
      value.catch(() => (kept?.value === value ? (kept = undefined) : undefined));
    }
    return kept.value;
  };
}

/** The operator dashboard and the agency pages. */
export function insightsPages({ deps, config, source, usage = cachedExchangeUsage(deps, source) }: InsightsPagesOptions): PagesPlugin {
  const insights = new InsightsCache(deps, parseTargets(config.INSIGHTS_TARGETS));
  const dashboards = new PageCache<InsightsReport>();
  return async (app, { isDemo }) => {
    // Each page is kept per report, language, URL and header state (PageCache); usage figures
    // are part of the key where the page shows them.
    const page = (ctx: PageContext, report: InsightsReport, extra: unknown, render: () => VNode) =>
      dashboards.html(report, JSON.stringify([ctx.i18n.locale, ctx.url, ctx.demo, ctx.staffName, extra]), render);
    const sendHtml = (reply: FastifyReply, html: string) => reply.type('text/html; charset=utf-8').send(html);

    app.get('/dashboard', { config: { access: 'public' }, schema: { hide: true, querystring: PageQuery } }, async (req, reply) => {
      const [ctx, { report, figures }, usageFigures] = await Promise.all([pageContext(req, reply, isDemo), insights.current(), usage()]);
      return sendHtml(reply, page(ctx, report, usageFigures, () => DashboardPage({ ctx, report, figures, usage: usageFigures })));
    });

    app.get<{ Querystring: Type.Static<typeof RankingsQuery> }>(
      '/dashboard/rankings',
      { config: { access: 'public' }, schema: { hide: true, querystring: RankingsQuery } },
      async (req, reply) => {
        const [ctx, { report }] = await Promise.all([pageContext(req, reply, isDemo), insights.current()]);
        const state = readRankingsState(req.query);
        return sendHtml(reply, page(ctx, report, null, () => RankingsPage({ ctx, report, state })));
      },
    );

    app.get('/dashboard/targets', { config: { access: 'public' }, schema: { hide: true, querystring: PageQuery } }, async (req, reply) => {
      const [ctx, { report }] = await Promise.all([pageContext(req, reply, isDemo), insights.current()]);
      return sendHtml(reply, page(ctx, report, null, () => TargetsPage({ ctx, report })));
    });

    app.get('/dashboard/compliance', { config: { access: 'public' }, schema: { hide: true, querystring: PageQuery } }, async (req, reply) => {
      const [ctx, { report }] = await Promise.all([pageContext(req, reply, isDemo), insights.current()]);
      return sendHtml(reply, page(ctx, report, null, () => CompliancePage({ ctx, report })));
    });

    app.get('/dashboard/usage', { config: { access: 'public' }, schema: { hide: true, querystring: PageQuery } }, async (req, reply) => {
      const [ctx, { report }, usageFigures] = await Promise.all([pageContext(req, reply, isDemo), insights.current(), usage()]);
      return sendHtml(reply, page(ctx, report, usageFigures, () => UsagePage({ ctx, report, usage: usageFigures })));
    });

    app.get<{ Params: Type.Static<typeof AgencyParams>; Querystring: Type.Static<typeof AgencyQuery> }>(
      '/agencies/:code',
      { config: { access: 'public' }, schema: { hide: true, params: AgencyParams, querystring: AgencyQuery } },
      async (req, reply) => {
        const ctx = await pageContext(req, reply, isDemo);
        const { code } = req.params;
        const agency = agencyCodePattern.test(code) ? await deps.db.run((q) => getAgency(q, code)) : undefined;
        if (!agency) return sendPage(reply, AgencyNotFoundPage({ ctx, code }), 404);
        const asked = Number(req.query.page);
        const page = Number.isSafeInteger(asked) && asked >= 1 ? asked : 1;
        const [{ report, figures }, parent, list] = await Promise.all([
          insights.current(),
          agency.parentCode ? deps.db.run((q) => getAgency(q, agency.parentCode!)) : undefined,
          listServices(deps, { agencyCode: code, status: 'active' }, { offset: Math.min(page - 1, 1e6) * SERVICES_PER_PAGE, limit: SERVICES_PER_PAGE }),
        ]);
        const ranked = report.rankings.byKind[agency.kind];
        const entry = ranked.find((e) => e.code === code);
        return sendPage(
          reply,
          AgencyPage({
            ctx,
            agency,
            parent: parent ?? null,
            figures: figures.get(code),
            today: report.today,
            ranking: entry ? { entry, ranked: ranked.filter((e) => e.rank !== null).length } : null,
            services: { items: list.items, total: list.total, page, pages: Math.max(1, Math.ceil(list.total / SERVICES_PER_PAGE)) },
          }),
        );
      },
    );
  };
}
