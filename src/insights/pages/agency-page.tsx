import type { AgencyFigures, RankingEntry } from '../../core/insights/index.ts';
import { maturityLevels } from '../../core/maturity.ts';
import type { Agency, Service } from '../../registry/index.ts';
import type { PageContext } from '../../web/context.ts';
import type { I18n } from '../../web/i18n/translate.ts';
import { Layout } from '../../web/components/layout.tsx';
import { SummaryCards } from '../../web/components/summary-cards.tsx';
import { Pagination } from '../../web/components/pagination.tsx';
import { DeliveryTag, MaturityTag } from '../../web/components/tag.tsx';
import { MaturityChart } from './maturity-section.tsx';
import { agencyHref, agencyName, kindName } from './format.ts';

export interface AgencyPageProps {
  ctx: PageContext;
  agency: Agency;
  parent: Agency | null;
  /** The agency's figures; absent only if it was created after the cached figures were read. */
  figures: AgencyFigures | undefined;
  /** The day the figures are for, YYYY-MM-DD. */
  today: string;
  /** Its place among agencies of its kind; null when it is not eligible, so not counted nationally. */
  ranking: { entry: RankingEntry; ranked: number } | null;
  services: { items: Service[]; total: number; page: number; pages: number };
}

/** One agency: who it is, how much of its catalogue is delivered, how mature it is, its rank. */
export function AgencyPage({ ctx, agency, parent, figures, today, ranking, services }: AgencyPageProps) {
  const { i18n } = ctx;
  const { t } = i18n;
  const name = agencyName(i18n, agency);
  const identified = figures?.identified ?? 0;
  const delivered = figures?.delivered ?? 0;
  return (
    <Layout i18n={i18n} title={name} url={ctx.url} demo={ctx.demo} staffName={ctx.staffName}>
      <h1>{name}</h1>
      <AgencyDetails i18n={i18n} agency={agency} parent={parent} today={today} />
      <section aria-labelledby="agency-completion">
        <h2 id="agency-completion">{t('agency.completion.title')}</h2>
        <SummaryCards
          cards={[
            { value: i18n.n(identified), label: t('dashboard.completion.identified') },
            { value: i18n.n(delivered), label: t('dashboard.completion.delivered') },
            { value: i18n.pct(identified ? delivered / identified : null, 1), label: t('dashboard.col.rate') },
          ]}
        />
        <RankText i18n={i18n} agency={agency} ranking={ranking} />
      </section>
      <section aria-labelledby="agency-maturity">
        <h2 id="agency-maturity">{t('agency.maturity.title')}</h2>
        <MaturityChart
          i18n={i18n}
          title={t('agency.maturity.caption', { agency: name })}
          distribution={maturityLevels.map((level) => {
            const services = figures?.byMaturity[level] ?? 0;
            return { level, services, share: identified ? services / identified : null };
          })}
        />
      </section>
      <ServiceList i18n={i18n} agency={agency} services={services} />
    </Layout>
  );
}

function AgencyDetails({ i18n, agency, parent, today }: { i18n: I18n; agency: Agency; parent: Agency | null; today: string }) {
  const { t } = i18n;
  const notGiven = t('agency.notGiven');
  const connected = agency.connectedOn === null ? t('agency.notConnected') : agency.connectedOn > today ? t('agency.scheduled', { date: i18n.date(agency.connectedOn) }) : i18n.date(agency.connectedOn);
  return (
    <section aria-labelledby="agency-details">
      <h2 id="agency-details">{t('agency.details')}</h2>
      <dl class="summary-list">
        <dt>{t('agency.nameFa')}</dt>
        <dd>
          <span lang="fa" dir="rtl">{agency.nameFa}</span>
        </dd>
        <dt>{t('agency.nameEn')}</dt>
        <dd>
          <span lang="en" dir="ltr">{agency.nameEn}</span>
        </dd>
        <dt>{t('dashboard.col.code')}</dt>
        <dd>
          <span dir="ltr">{agency.code}</span>
        </dd>
        <dt>{t('dashboard.col.kind')}</dt>
        <dd>{kindName(i18n, agency.kind)}</dd>
        <dt>{t('agency.parent')}</dt>
        <dd>{parent ? <a href={agencyHref(parent.code)}>{agencyName(i18n, parent)}</a> : t('agency.noParent')}</dd>
        <dt>{t('agency.eligible')}</dt>
        <dd>{agency.eligible ? t('agency.yes') : t('agency.no')}</dd>
        <dt>{t('agency.connectedSince')}</dt>
        <dd>{connected}</dd>
        <dt>{t('agency.email')}</dt>
        <dd>{agency.contactEmail ? <a href={`mailto:${agency.contactEmail}`} dir="ltr">{agency.contactEmail}</a> : notGiven}</dd>
        <dt>{t('agency.phone')}</dt>
        <dd>{agency.contactPhone ? <span dir="ltr">{agency.contactPhone}</span> : notGiven}</dd>
        <dt>{t('agency.website')}</dt>
        <dd>{agency.website ? <Website url={agency.website} /> : notGiven}</dd>
      </dl>
    </section>
  );
}

/** Only web addresses become links; anything else stored there is shown as text. */
function Website({ url }: { url: string }) {
  return /^https?:\/\//i.test(url) ? (
    <a href={url} dir="ltr">
      {url}
    </a>
  ) : (
    <span dir="ltr">{url}</span>
  );
}

function RankText({ i18n, agency, ranking }: Pick<AgencyPageProps, 'agency' | 'ranking'> & { i18n: I18n }) {
  const { t } = i18n;
  const kind = kindName(i18n, agency.kind);
  // An eligible agency without an entry was created after the cached figures were read; its
  // rank appears on the next refresh (within a second), so nothing is claimed meanwhile.
  if (ranking === null) return agency.eligible ? null : <p class="notice">{t('agency.rank.notEligible')}</p>;
  const { entry, ranked } = ranking;
  return (
    <p class="notice agency-rank">
      {entry.rank === null
        ? t('agency.rank.unranked', { kind })
        : t(entry.tied ? 'agency.rank.tied' : 'agency.rank.value', { rank: i18n.n(entry.rank), count: i18n.n(ranked), kind })}{' '}
      <a href={`/dashboard/rankings?kind=${agency.kind}`}>{t('agency.rank.link')}</a>
    </p>
  );
}

function ServiceList({ i18n, agency, services }: { i18n: I18n; agency: Agency; services: AgencyPageProps['services'] }) {
  const { t } = i18n;
  const href = (page: number) => `${agencyHref(agency.code)}?page=${page}#agency-services`;
  return (
    <section aria-labelledby="agency-services">
      <h2 id="agency-services">{t('agency.services.title', { count: i18n.n(services.total) })}</h2>
      {services.total === 0 ? (
        <p class="empty-state">{t('agency.services.none')}</p>
      ) : services.items.length === 0 ? (
        <p class="empty-state">
          {t('agency.services.pastEnd')} <a href={href(1)}>{t('agency.services.firstPage')}</a>
        </p>
      ) : (
        <ul class="results">
          {services.items.map((s) => (
            <li key={s.id}>
              <h3>
                <a href={`/services/${encodeURIComponent(s.id)}`}>{i18n.locale === 'fa' ? s.nameFa : s.nameEn}</a>
              </h3>
              <p class="meta">
                <span dir="ltr">{s.id}</span> <MaturityTag i18n={i18n} level={s.maturity} /> <DeliveryTag i18n={i18n} status={s.deliveryStatus} />
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pagination i18n={i18n} page={services.page} pages={services.pages} href={href} />
    </section>
  );
}
