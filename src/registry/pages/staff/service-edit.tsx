import { audiences, channels, topics, type Audience, type Channel } from '../../../core/taxonomy.ts';
import { deliveryStatuses, deliveryStatusNames, maturityLevels, maturityNames } from '../../../core/maturity.ts';
import type { Service } from '../../model.ts';
import type { PageContext } from '../../../web/index.ts';
import { Layout } from '../../../web/components/layout.tsx';
import { ErrorSummary, errorTitle } from '../../../web/components/error-summary.tsx';
import { CheckboxGroup, Select, TextInput, Textarea } from '../../../web/components/form-fields.tsx';
import type { MessageKey } from '../../../web/i18n/translate.ts';
import { CsrfInput, fieldMessage, summaryItems, type FieldErrors } from '../../../web/forms/index.ts';
import { serviceFields, type ServiceField, type ServiceForm } from './service-form.ts';

const audienceKeys: Record<Audience, MessageKey> = { citizens: 'staff.audience.citizens', businesses: 'staff.audience.businesses', government: 'staff.audience.government' };
const channelKeys: Record<Channel, MessageKey> = { web: 'staff.channel.web', mobile: 'staff.channel.mobile', counter: 'staff.channel.counter' };

export interface ServiceEditProps {
  ctx: PageContext;
  service: Service;
  form: ServiceForm;
  errors: FieldErrors;
  /** The record changed since the form was opened: nothing was saved. */
  conflict?: boolean;
  saved?: boolean;
  csrfToken: string | undefined;
}

/** The form an agency admin (or the operator) uses to keep a service's entry right. */
export function ServiceEditPage({ ctx, service, form, errors, conflict, saved, csrfToken }: ServiceEditProps) {
  const { i18n } = ctx;
  const { t } = i18n;
  const name = i18n.locale === 'fa' ? service.nameFa : service.nameEn;
  const title = t('staff.service.title', { name });
  const items = summaryItems(i18n, errors, serviceFields, conflict ? [t('staff.error.versionConflict')] : []);
  const field = (f: ServiceField) => ({ i18n, id: serviceFields[f].id, name: f, label: t(serviceFields[f].label), error: fieldMessage(i18n, errors, f, serviceFields) });
  const ltr = { dir: 'ltr' as const, spellCheck: false };
  return (
    <Layout i18n={i18n} title={errorTitle(i18n, title, items.length > 0)} url={ctx.url} demo={ctx.demo} staffName={ctx.staffName} csrfToken={csrfToken}>
      <ErrorSummary i18n={i18n} errors={items} />
      {saved && !items.length ? (
        <p class="notice" role="status">
          {t('staff.saved')}
        </p>
      ) : null}
      <h1>{title}</h1>
      <p>
        {t('staff.service.identifier')} <span dir="ltr">{service.id}</span> · <a href={`/services/${service.id}`}>{t('staff.service.publicPage')}</a> ·{' '}
        <a href={`/staff?agency=${encodeURIComponent(service.agencyCode)}`}>{t('staff.service.backToList')}</a>
      </p>
      {conflict ? (
        <p>
          <a href={`/staff/services/${service.id}/edit`}>{t('staff.service.reload')}</a>
        </p>
      ) : null}
      <form method="post" action={`/staff/services/${service.id}/edit`} class="staff-form" noValidate>
        <CsrfInput token={csrfToken ?? ''} />
        <input type="hidden" name="version" value={form.version} />
        <h2>{t('staff.service.sectionNames')}</h2>
        <TextInput {...field('nameFa')} value={form.nameFa} dir="rtl" lang="fa" />
        <TextInput {...field('nameEn')} value={form.nameEn} dir="ltr" lang="en" />
        <Textarea {...field('descriptionFa')} optional value={form.descriptionFa} dir="rtl" lang="fa" />
        <Textarea {...field('descriptionEn')} optional value={form.descriptionEn} dir="ltr" lang="en" />
        <h2>{t('staff.service.sectionClassification')}</h2>
        <Select {...field('topic')} value={form.topic} options={Object.entries(topics).map(([value, n]) => ({ value, label: n[i18n.locale] }))} />
        <CheckboxGroup {...field('audiences')} optional values={form.audiences} options={audiences.map((a) => ({ value: a, label: t(audienceKeys[a]) }))} />
        <h2>{t('staff.service.sectionDelivery')}</h2>
        <Select
          {...field('maturity')}
          hint={t('staff.service.maturityHint')}
          value={form.maturity}
          options={maturityLevels.map((l) => ({ value: String(l), label: t('staff.service.maturityOption', { level: i18n.n(l), name: maturityNames[l][i18n.locale] }) }))}
        />
        <Select {...field('deliveryStatus')} value={form.deliveryStatus} options={deliveryStatuses.map((d) => ({ value: d, label: deliveryStatusNames[d][i18n.locale] }))} />
        <CheckboxGroup {...field('channels')} optional values={form.channels} options={channels.map((c) => ({ value: c, label: t(channelKeys[c]) }))} />
        <TextInput {...field('accessUrl')} optional type="url" hint={t('staff.service.accessUrlHint')} value={form.accessUrl} {...ltr} />
        <TextInput {...field('feeAmount')} optional hint={t('staff.service.feeAmountHint')} inputMode="numeric" size={16} value={form.feeAmount} {...ltr} />
        <TextInput {...field('slaDays')} optional hint={t('staff.service.slaDaysHint')} inputMode="numeric" size={6} value={form.slaDays} {...ltr} />
        <TextInput {...field('inPersonVisits')} hint={t('staff.service.inPersonVisitsHint')} inputMode="numeric" size={4} value={form.inPersonVisits} {...ltr} />
        {/* A phone number or web address (left to right) or a postal address (Persian): the first letter decides. */}
        <TextInput {...field('complaintChannel')} optional hint={t('staff.service.complaintChannelHint')} value={form.complaintChannel} dir="auto" />
        <button type="submit">{t('staff.saveChanges')}</button>
      </form>
    </Layout>
  );
}
