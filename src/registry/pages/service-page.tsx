import { Layout } from '../../web/components/layout.tsx';
import { DeliveryTag, MaturityTag } from '../../web/components/tag.tsx';
import type { PageContext } from '../../web/context.ts';
import type { I18n, MessageKey } from '../../web/i18n/translate.ts';
import type { MaturityLevel } from '../../core/maturity.ts';
import { callToAction, type CallToAction } from '../../core/call-to-action.ts';
import { lifeEvents, topics } from '../../core/taxonomy.ts';
import type { Agency, Bilingual, Service } from '../model.ts';
import type { CatalogEntry } from '../catalog.ts';
import { audienceLabel, channelLabel, inLocale } from './labels.ts';

export interface ServicePageProps {
  ctx: PageContext;
  service: Service;
  agency: Agency | undefined;
  agencyNames: ReadonlyMap<string, Bilingual>;
  parent: Pick<CatalogEntry, 'id' | 'nameFa' | 'nameEn'> | undefined;
  subServices: readonly Pick<CatalogEntry, 'id' | 'nameFa' | 'nameEn'>[];
  /** ISO 4217 code of the country pack's currency. */
  currency: string;
}

const maturityExplained: Record<MaturityLevel, MessageKey> = {
  0: 'service.maturity.L0',
  1: 'service.maturity.L1',
  2: 'service.maturity.L2',
  3: 'service.maturity.L3',
  4: 'service.maturity.L4',
  5: 'service.maturity.L5',
};

/** Only web addresses become links; anything else the registry might hold stays plain text. */
const webAddress = (url: string | null): url is string => !!url && /^https?:\/\//i.test(url);

export function formatFee(i18n: I18n, amount: number | null, currency: string): string {
  if (amount === null) return i18n.t('service.notStated');
  if (amount === 0) return i18n.t('service.fee.free');
  return new Intl.NumberFormat(i18n.locale === 'fa' ? 'fa-IR' : 'en-GB', { style: 'currency', currency, currencyDisplay: 'name', maximumFractionDigits: 0 }).format(amount);
}

function StartSection({ i18n, service, agency, agencyName }: { i18n: I18n; service: Service; agency: Agency | undefined; agencyName: string }) {
  const { t } = i18n;
  if (service.status === 'retired') return <p class="notice">{t('service.retired')}</p>;
  // One clear call to action or none (core/call-to-action.ts): a button for what the window
  // delivers, one link for an online application elsewhere, and otherwise where to apply.
  const action = callToAction(service.maturity, service.deliveryStatus, webAddress(service.accessUrl));
  const intro: Record<CallToAction, string> = {
    start: t('service.start.delivered'),
    'apply-online': t('service.start.online', { agency: agencyName }),
    'read-online': t('service.start.readOnline', { agency: agencyName }),
    'in-person': t('service.start.inPerson', { agency: agencyName }),
    'contact-agency': service.deliveryStatus === 'not_in_window' ? t('service.start.notInWindow', { agency: agencyName }) : t('service.start.listed', { agency: agencyName }),
    proactive: t('service.start.proactive', { agency: agencyName }),
  };
  const contact = action !== 'start' && action !== 'apply-online';
  const inPerson = action === 'in-person' || action === 'read-online' || action === 'contact-agency';
  return (
    <section aria-labelledby="start-heading">
      <h2 id="start-heading">{t('service.start.heading')}</h2>
      <p>{intro[action]}</p>
      {action === 'start' ? (
        <p>
          <a class="button start-button" href={service.accessUrl!}>
            {t('service.start.button')}
          </a>
        </p>
      ) : null}
      {action === 'apply-online' ? (
        <p>
          <a href={service.accessUrl!}>{t('service.start.agencySite', { agency: agencyName })}</a>
        </p>
      ) : null}
      {action === 'read-online' ? (
        <p>
          <a href={service.accessUrl!}>{t('service.start.howToApply', { agency: agencyName })}</a>
        </p>
      ) : null}
      {contact ? <ContactDetails i18n={i18n} service={service} agency={agency} agencyName={agencyName} inPerson={inPerson} withWebsite={action !== 'read-online'} /> : null}
    </section>
  );
}

/** How to reach the agency when the page offers no application link. */
function ContactDetails({ i18n, service, agency, agencyName, inPerson, withWebsite }: { i18n: I18n; service: Service; agency: Agency | undefined; agencyName: string; inPerson: boolean; withWebsite: boolean }) {
  const { t } = i18n;
  const counter = inPerson && service.channels.includes('counter');
  // Beside the one link of a call to action, a second link to the agency's home page would compete with it.
  const website = withWebsite && webAddress(agency?.website ?? null) ? agency!.website! : null;
  if (!counter && !agency?.contactPhone && !website) return null;
  return (
    <ul>
      {counter ? <li>{t('service.start.counter', { agency: agencyName })}</li> : null}
      {agency?.contactPhone ? (
        <li>
          {t('service.start.phone')} <span dir="ltr">{agency.contactPhone}</span>
        </li>
      ) : null}
      {website ? (
        <li>
          <a href={website}>{t('service.start.website', { agency: agencyName })}</a>
        </li>
      ) : null}
    </ul>
  );
}

/** One service: what it is, who provides it, what it takes, how digital it is, and how to start. */
export function ServicePage({ ctx, service, agency, agencyNames, parent, subServices, currency }: ServicePageProps) {
  const { i18n } = ctx;
  const { t } = i18n;
  const fa = i18n.locale === 'fa';
  const name = fa ? service.nameFa : service.nameEn;
  const agencyName = inLocale(i18n, agencyNames.get(service.agencyCode) ?? (agency ? { fa: agency.nameFa, en: agency.nameEn } : undefined), service.agencyCode);
  const serviceName = (s: Pick<CatalogEntry, 'nameFa' | 'nameEn'>) => (fa ? s.nameFa : s.nameEn);
  const list = (values: string[]) => values.join(t('service.listSeparator'));
  return (
    <Layout i18n={i18n} title={name} url={ctx.url} demo={ctx.demo} staffName={ctx.staffName}>
      <p class="meta">
        <span dir="ltr">{service.id}</span>
      </p>
      <h1>{name}</h1>
      <p class="tags">
        <DeliveryTag i18n={i18n} status={service.deliveryStatus} /> <MaturityTag i18n={i18n} level={service.maturity} />
      </p>
      {(fa ? service.descriptionFa : service.descriptionEn) ? <p class="lead">{fa ? service.descriptionFa : service.descriptionEn}</p> : null}

      <StartSection i18n={i18n} service={service} agency={agency} agencyName={agencyName} />

      <h2>{t('service.about.heading')}</h2>
      <dl class="summary-list">
        <dt>{t('service.field.id')}</dt>
        <dd dir="ltr">{service.id}</dd>
        <dt>{t('service.field.agency')}</dt>
        <dd>
          <a href={`/agencies/${encodeURIComponent(service.agencyCode)}`}>{agencyName}</a>
        </dd>
        <dt>{t('service.field.topic')}</dt>
        <dd>
          <a href={`/services?topic=${service.topic}`}>{topics[service.topic]?.[i18n.locale] ?? service.topic}</a>
        </dd>
        <dt>{t('service.field.audience')}</dt>
        <dd>{service.audiences.length ? list(service.audiences.map((a) => audienceLabel(i18n, a))) : t('service.notStated')}</dd>
        {service.lifeEvents.length ? (
          <>
            <dt>{t('service.field.lifeEvents')}</dt>
            <dd>{list(service.lifeEvents.map((e) => lifeEvents[e]?.[i18n.locale] ?? e))}</dd>
          </>
        ) : null}
        <dt>{t('service.field.channels')}</dt>
        <dd>{service.channels.length ? list(service.channels.map((c) => channelLabel(i18n, c))) : t('service.notStated')}</dd>
        <dt>{t('service.field.fee')}</dt>
        <dd>{formatFee(i18n, service.feeAmount, currency)}</dd>
        <dt>{t('service.field.sla')}</dt>
        <dd>{service.slaDays === null ? t('service.notStated') : service.slaDays === 0 ? t('service.sla.sameDay') : t('service.sla.days', { days: i18n.n(service.slaDays) })}</dd>
        <dt>{t('service.field.visits')}</dt>
        <dd>{service.inPersonVisits === 0 ? t('service.visits.none') : i18n.n(service.inPersonVisits)}</dd>
        {service.externalCode ? (
          <>
            <dt>{t('service.field.externalCode')}</dt>
            <dd dir="ltr">{service.externalCode}</dd>
          </>
        ) : null}
      </dl>

      <h2>{t('service.evidence.heading')}</h2>
      {service.requiredEvidence.length ? (
        <ul>
          {service.requiredEvidence.map((e, i) => (
            <li key={i}>{e[i18n.locale]}</li>
          ))}
        </ul>
      ) : (
        <p>{t('service.evidence.none')}</p>
      )}

      <h2>{t('service.inquiries.heading')}</h2>
      {service.inquiries.length ? (
        <>
          <p>{t('service.inquiries.intro', { agency: agencyName })}</p>
          <ul>
            {service.inquiries.map((q, i) => (
              <li key={i}>
                {t('service.inquiries.item', { inquiry: q[i18n.locale], agency: inLocale(i18n, agencyNames.get(q.agencyCode), q.agencyCode) })}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('service.inquiries.none')}</p>
      )}

      <h2>{t('service.maturity.heading')}</h2>
      <p>
        <MaturityTag i18n={i18n} level={service.maturity} />
      </p>
      <p>{t(maturityExplained[service.maturity])}</p>

      {parent || subServices.length ? (
        <>
          <h2>{t('service.related.heading')}</h2>
          {parent ? (
            <p>
              {t('service.related.parent')} <a href={`/services/${parent.id}`}>{serviceName(parent)}</a>
            </p>
          ) : null}
          {subServices.length ? (
            <>
              <p>{t('service.related.children')}</p>
              <ul>
                {subServices.map((s) => (
                  <li key={s.id}>
                    <a href={`/services/${s.id}`}>{serviceName(s)}</a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}

      {webAddress(service.complaintChannel) ? (
        <>
          <h2>{t('service.complaint.heading')}</h2>
          <p>
            <a href={service.complaintChannel}>{t('service.complaint.link')}</a>
          </p>
        </>
      ) : null}
    </Layout>
  );
}
