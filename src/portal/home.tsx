import Type from 'typebox';
import { pageContext, sendPage, type PageContext, type PagesPlugin } from '../web/index.ts';
import { Layout } from '../web/components/layout.tsx';
import { SearchBox } from '../web/components/search-box.tsx';
import { DeliveryTag } from '../web/components/tag.tsx';
import type { Catalog, CatalogEntry } from '../registry/index.ts';
import { currentInsights } from '../insights/index.ts';
import type { Config } from '../config/schema.ts';
import { parseTargets } from '../core/targets.ts';
import type { AppDeps } from '../db/app-deps.ts';
import './messages.ts'; // registers the text of the portal's pages
import { lifeEvents, topics, type LifeEvent, type Topic } from '../core/taxonomy.ts';

export type PopularService = Pick<CatalogEntry, 'id' | 'nameFa' | 'nameEn' | 'deliveryStatus' | 'annualUsers'>;

/** The services most people use in a year; ties go to the smaller identifier so the list is stable. */
export function mostRequested(entries: Iterable<CatalogEntry>, count: number): PopularService[] {
  const top: CatalogEntry[] = [];
  const before = (a: CatalogEntry, b: CatalogEntry) => (a.annualUsers ?? 0) > (b.annualUsers ?? 0) || ((a.annualUsers ?? 0) === (b.annualUsers ?? 0) && a.id < b.id);
  for (const e of entries) {
    if (!e.annualUsers) continue;
    if (top.length === count && !before(e, top[count - 1]!)) continue;
    let i = Math.min(top.length, count - 1);
    top[i] = e;
    while (i > 0 && before(top[i]!, top[i - 1]!)) {
      [top[i], top[i - 1]] = [top[i - 1]!, top[i]!];
      i--;
    }
  }
  return top.map(({ id, nameFa, nameEn, deliveryStatus, annualUsers }) => ({ id, nameFa, nameEn, deliveryStatus, annualUsers }));
}

export interface HomeProps {
  ctx: PageContext;
  popular: PopularService[];
  /** How many active services there are and how many are delivered through the window. */
  completion: { identified: number; delivered: number; coverage: number | null };
}

export function HomePage({ ctx, popular, completion }: HomeProps) {
  const { i18n } = ctx;
  const { t } = i18n;
  const fa = i18n.locale === 'fa';
  return (
    <Layout i18n={i18n} title={t('home.title')} url={ctx.url} demo={ctx.demo} staffName={ctx.staffName}>
      <h1>{t('home.heading')}</h1>
      <p class="lead">{t('home.lead')}</p>
      <SearchBox i18n={i18n} id="home-q" prominent />

      <section aria-labelledby="delivered-heading">
        <h2 id="delivered-heading">{t('home.delivered.heading')}</h2>
        <ul class="cards">
          <li class="card">
            <span class="card-value">{i18n.pct(completion.coverage)}</span>
            <span class="card-label">{t('home.delivered.label', { delivered: i18n.n(completion.delivered), identified: i18n.n(completion.identified) })}</span>
          </li>
        </ul>
        <p>
          <a href="/dashboard">{t('home.delivered.more')}</a>
        </p>
      </section>

      <section aria-labelledby="popular-heading">
        <h2 id="popular-heading">{t('home.popular.heading')}</h2>
        {popular.length ? (
          <ol class="results">
            {popular.map((s) => (
              <li key={s.id}>
                <h3>
                  <a href={`/services/${s.id}`}>{fa ? s.nameFa : s.nameEn}</a>
                </h3>
                <p class="meta">
                  {t('home.popular.users', { users: i18n.n(s.annualUsers ?? 0) })} <DeliveryTag i18n={i18n} status={s.deliveryStatus} />
                </p>
              </li>
            ))}
          </ol>
        ) : (
          <p>{t('home.popular.none')}</p>
        )}
      </section>

      <section aria-labelledby="life-events-heading">
        <h2 id="life-events-heading">{t('home.lifeEvents.heading')}</h2>
        <p class="hint">{t('home.lifeEvents.hint')}</p>
        <ul class="link-grid">
          {(Object.keys(lifeEvents) as LifeEvent[]).map((event) => (
            <li key={event}>
              <a href={`/services?lifeEvent=${event}`}>{lifeEvents[event][i18n.locale]}</a>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="topics-heading">
        <h2 id="topics-heading">{t('home.topics.heading')}</h2>
        <ul class="link-grid">
          {(Object.keys(topics) as Topic[]).map((topic) => (
            <li key={topic}>
              <a href={`/services?topic=${topic}`}>{topics[topic][i18n.locale]}</a>
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}

const POPULAR_COUNT = 8;

/** The home page: search, most requested services, life events, share delivered. */
export function homePages({ deps, catalog, config }: { deps: AppDeps; catalog: Catalog; config: Config }): PagesPlugin {
  const targets = parseTargets(config.INSIGHTS_TARGETS);
  // Both figures change only when the registry does, and the catalog snapshot is replaced exactly then.
  const figuresOf = new WeakMap<object, Promise<Omit<HomeProps, 'ctx'>>>();
  const figures = async () => {
    const snapshot = await catalog.current();
    let cached = figuresOf.get(snapshot);
    if (!cached) {
      cached = currentInsights(deps, targets).then(({ completion: { identified, delivered, coverage } }) => ({
        popular: mostRequested(snapshot.entries.values(), POPULAR_COUNT),
        completion: { identified, delivered, coverage },
      }));
      figuresOf.set(snapshot, cached);
      cached.catch(() => figuresOf.delete(snapshot));
    }
    return cached;
  };
  return async (app, { isDemo }) => {
    app.get('/', { config: { access: 'public' }, schema: { hide: true, querystring: Type.Object({}, { additionalProperties: true }) } }, async (req, reply) => {
      const [ctx, { popular, completion }] = await Promise.all([pageContext(req, reply, isDemo), figures()]);
      return sendPage(reply, <HomePage ctx={ctx} popular={popular} completion={completion} />);
    });
  };
}
