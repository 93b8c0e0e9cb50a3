import Type from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { mayManageAgency } from '../../core/access.ts';
import { isAppError } from '../../core/errors.ts';
import { pageContext, sendPage, type PageContext, type PagesPlugin } from '../../web/index.ts';
import { DataTable } from '../../web/components/data-table.tsx';
import { ErrorSummary, errorTitle } from '../../web/components/error-summary.tsx';
import { Select, TextInput, Textarea } from '../../web/components/form-fields.tsx';
import { SummaryCards } from '../../web/components/summary-cards.tsx';
import { fieldMessage, ForgedPage, isGenuinePost, staffOf, summaryItems, type StaffPrincipal } from '../../web/forms/index.ts';
import type { Subsystem } from '../model.ts';
import { getSubsystemOrFail } from '../admin/subsystems.ts';
import { getMemberOrFail } from '../admin/members.ts';
import { createExchangeService, getExchangeServiceOrFail, updateExchangeService } from '../admin/exchange-services.ts';
import { listServiceRights } from '../admin/access-requests.ts';
import { listUpstreams } from '../admin/upstream-registrations.ts';
import type { ServiceView } from '../admin/service-repository.ts';
import type { AccessRequestView } from '../admin/request-repository.ts';
import { formatServiceId } from '../protocol/identifiers.ts';
import { listServices as listCatalogServices } from '../../registry/index.ts';
import { ActiveTag, ConsolePage, CsrfInput, Notice, agencyPath, assertSees, csrfField, editors, nameOf, readers, requestPath, servicePath, subsystemPath, when, type ExchangePagesDeps } from './common.tsx';
import { ConsoleFormBody, attemptChange, type FieldErrors } from './forms.ts';
import { emptyServiceForm, serviceFields, serviceFormFromBody, serviceFormOf, serviceInputOf, serviceRuleErrors, type ServiceField, type ServiceForm } from './service-form.ts';
import { usageDays, usageOfServices, type ServiceUse } from './usage.ts';
import { ListPages, PageParam, loadPage, pageOf, type ListPage } from './paging.tsx';
import { ownLimitText } from './rate-limit-form.tsx';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
const ServiceQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 10 })), page: PageParam }, { additionalProperties: true });

/** A catalog service the API may be linked to: the provider agency's own active ones. */
type CatalogChoice = { id: string; nameFa: string; nameEn: string };
/** More than any agency has; the select lists them all. */
const catalogLimit = 5000;

interface ServiceFormProps {
  ctx: PageContext;
  csrfToken: string | undefined;
  subsystem: Subsystem;
  /** Absent when a new service is being created. */
  service?: ServiceView;
  catalog: CatalogChoice[];
  /** The URL prefixes the operator registered for the agency: the API's address must lie inside one. */
  registered: string[];
  form: ServiceForm;
  errors: FieldErrors;
  conflict?: boolean;
}

function ServiceFormPage({ ctx, csrfToken, subsystem, service, catalog, registered, form, errors, conflict }: ServiceFormProps) {
  const { i18n } = ctx;
  const { t } = i18n;
  const title = service ? t('exchange.service.editTitle', { code: service.code }) : t('exchange.service.newTitle', { subsystem: subsystem.code });
  const items = summaryItems(i18n, errors, serviceFields, conflict ? [t('staff.error.versionConflict')] : []);
  const field = (f: ServiceField) => ({ i18n, id: serviceFields[f].id, name: f, label: t(serviceFields[f].label), error: fieldMessage(i18n, errors, f, serviceFields) });
  const ltr = { dir: 'ltr' as const, spellCheck: false };
  const action = service ? `${servicePath(service.id)}/edit` : `${subsystemPath(subsystem.id)}/services/new`;
  const catalogOptions = catalog.map((c) => ({ value: c.id, label: `${nameOf(i18n, c)} (${c.id})` }));
  // A link made through the API to another agency's or a retired service stays as it is.
  if (form.registryServiceId && !catalog.some((c) => c.id === form.registryServiceId)) catalogOptions.push({ value: form.registryServiceId, label: form.registryServiceId });
  return (
    <ConsolePage ctx={ctx} title={errorTitle(i18n, title, items.length > 0)} csrfToken={csrfToken} back={service ? { href: servicePath(service.id), label: t('exchange.service.back') } : { href: subsystemPath(subsystem.id), label: t('exchange.backToSubsystem') }}>
      <ErrorSummary i18n={i18n} errors={items} />
      <h1>{title}</h1>
      <form method="post" action={action} class="staff-form" noValidate>
        <CsrfInput token={csrfToken ?? ''} />
        {service ? <input type="hidden" name="version" value={form.version} /> : null}
        <fieldset>
          <legend>{t('exchange.service.sectionIdentity')}</legend>
          {service ? (
            <p>
              {t('exchange.service.code')}: <code dir="ltr">{service.code}</code>
            </p>
          ) : (
            <TextInput {...field('code')} hint={t('exchange.identifierHint')} value={form.code} {...ltr} />
          )}
          <TextInput {...field('serviceVersion')} optional hint={t('exchange.service.serviceVersionHint')} value={form.serviceVersion} size={12} {...ltr} />
          <TextInput {...field('nameFa')} value={form.nameFa} dir="rtl" lang="fa" />
          <TextInput {...field('nameEn')} value={form.nameEn} dir="ltr" lang="en" />
          <Select {...field('status')} value={form.status} options={[{ value: 'active', label: t('exchange.active') }, { value: 'disabled', label: t('exchange.disabled') }]} />
          <Select {...field('registryServiceId')} optional hint={t('exchange.service.catalogServiceHint')} value={form.registryServiceId} emptyLabel={t('exchange.service.catalogServiceNone')} options={catalogOptions} />
        </fieldset>
        <fieldset>
          <legend>{t('exchange.service.sectionUpstream')}</legend>
          {registered.length > 0 ? (
            <div class="hint">
              <p>{t('exchange.service.registeredAddresses')}</p>
              <ul>
                {registered.map((prefix) => (
                  <li key={prefix}>
                    <code dir="ltr">{prefix}</code>
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p class="hint">{t('exchange.service.noRegisteredAddresses')}</p>
          )}
          <TextInput {...field('upstreamUrl')} type="url" hint={t('exchange.service.upstreamUrlHint')} value={form.upstreamUrl} {...ltr} />
          <TextInput {...field('timeoutMs')} hint={t('exchange.service.timeoutMsHint')} inputMode="numeric" size={8} value={form.timeoutMs} {...ltr} />
          <TextInput {...field('maxBodyBytes')} hint={t('exchange.service.maxBodyBytesHint')} inputMode="numeric" size={12} value={form.maxBodyBytes} {...ltr} />
        </fieldset>
        <fieldset>
          <legend>{t('exchange.service.sectionRateLimit')}</legend>
          <p class="hint">{t('exchange.service.rateLimitHint')}</p>
          <TextInput {...field('rateLimitPerSecond')} optional hint={t('exchange.service.rateLimitPerSecondHint')} inputMode="numeric" size={8} value={form.rateLimitPerSecond} {...ltr} />
          <TextInput {...field('rateLimitBurst')} optional hint={t('exchange.service.rateLimitBurstHint')} inputMode="numeric" size={8} value={form.rateLimitBurst} {...ltr} />
        </fieldset>
        <fieldset>
          <legend>{t('exchange.service.sectionDataSubject')}</legend>
          <p class="hint">{t('exchange.service.dataSubjectHint')}</p>
          <Select
            {...field('dataSubjectIn')}
            value={form.dataSubjectIn}
            emptyLabel={t('exchange.service.dataSubjectNone')}
            options={[
              { value: 'path', label: t('exchange.service.dataSubjectPath') },
              { value: 'query', label: t('exchange.service.dataSubjectQuery') },
              { value: 'header', label: t('exchange.service.dataSubjectHeader') },
            ]}
          />
          <TextInput {...field('dataSubjectName')} optional hint={t('exchange.service.dataSubjectNameHint')} value={form.dataSubjectName} {...ltr} />
        </fieldset>
        <fieldset>
          <legend>{t('exchange.service.sectionEndpoints')}</legend>
          <p class="hint">{service ? t('exchange.service.endpointsKeep') : t('exchange.service.endpointsEither')}</p>
          <Textarea {...field('openapi')} optional hint={t('exchange.service.openapiHint')} value={form.openapi} rows={12} dir="ltr" />
          <Textarea {...field('endpoints')} optional hint={t('exchange.service.endpointsHint')} value={form.endpoints} rows={4} dir="ltr" />
        </fieldset>
        <button type="submit">{service ? t('staff.saveChanges') : t('exchange.service.create')}</button>
      </form>
    </ConsolePage>
  );
}

interface ServiceProps {
  ctx: PageContext;
  staff: StaffPrincipal;
  csrfToken: string | undefined;
  service: ServiceView;
  serviceId: string;
  rights: ListPage<AccessRequestView>;
  use: ServiceUse;
  saved?: boolean;
}

function ServicePage({ ctx, staff, csrfToken, service, serviceId, rights, use, saved }: ServiceProps) {
  const { i18n } = ctx;
  const { t } = i18n;
  const title = t('exchange.service.title', { name: nameOf(i18n, service) });
  const dataSubjectKeys = { path: 'exchange.service.dataSubjectPath', query: 'exchange.service.dataSubjectQuery', header: 'exchange.service.dataSubjectHeader' } as const;
  const ds = service.dataSubject;
  return (
    <ConsolePage ctx={ctx} title={title} csrfToken={csrfToken} back={{ href: subsystemPath(service.subsystemId), label: t('exchange.backToSubsystem') }}>
      {saved ? <Notice text={t('staff.saved')} /> : null}
      <h1>{title}</h1>
      {mayManageAgency(staff, service.agencyCode) ? (
        <p>
          <a href={`${servicePath(service.id)}/edit`}>{t('exchange.service.edit')}</a>
        </p>
      ) : null}
      <dl class="facts">
        <dt>{t('exchange.service.identifier')}</dt>
        <dd>
          <code dir="ltr">{serviceId}</code>
        </dd>
        <dt>{t('exchange.status')}</dt>
        <dd>
          <ActiveTag i18n={i18n} status={service.status} />
        </dd>
        {service.upstreamUrl === undefined ? null : (
          <>
            <dt>{t('exchange.service.upstreamUrl')}</dt>
            <dd>
              <code dir="ltr">{service.upstreamUrl}</code>
            </dd>
          </>
        )}
        <dt>{t('exchange.service.timeoutMs')}</dt>
        <dd>{i18n.n(service.timeoutMs)}</dd>
        <dt>{t('exchange.service.maxBodyBytes')}</dt>
        <dd>{i18n.n(service.maxBodyBytes)}</dd>
        <dt>{t('exchange.service.dataSubjectIn')}</dt>
        <dd>{ds ? t('exchange.service.dataSubjectAt', { where: t(dataSubjectKeys[ds.in]), name: ds.name }) : t('exchange.service.dataSubjectNone')}</dd>
        <dt>{t('exchange.service.catalogService')}</dt>
        <dd>
          {service.registryServiceId ? (
            <a href={`/services/${encodeURIComponent(service.registryServiceId)}`} dir="ltr">
              {service.registryServiceId}
            </a>
          ) : (
            t('exchange.service.catalogServiceNone')
          )}
        </dd>
        <dt>{t('exchange.service.rateLimitPerSecond')}</dt>
        <dd>{service.rateLimitPerSecond === null ? t('exchange.service.rateLimitDefault') : i18n.n(service.rateLimitPerSecond)}</dd>
        <dt>{t('exchange.service.rateLimitBurst')}</dt>
        <dd>{service.rateLimitBurst !== null ? i18n.n(service.rateLimitBurst) : service.rateLimitPerSecond !== null ? t('exchange.service.rateLimitBurstTwice') : t('exchange.service.rateLimitDefault')}</dd>
        <dt>{t('exchange.service.type')}</dt>
        <dd>{service.hasOpenapi ? t('exchange.service.typeOpenapi') : t('exchange.service.typeRest')}</dd>
      </dl>
      <h2>{t('exchange.usage.title', { days: i18n.n(usageDays) })}</h2>
      <SummaryCards
        cards={[
          { label: t('exchange.usage.calls'), value: i18n.n(use.calls) },
          { label: t('exchange.usage.errorRate'), value: use.calls ? i18n.pct(use.errorRate, 1) : '—' },
        ]}
      />
      <h2>{t('exchange.service.endpoints')}</h2>
      <DataTable
        i18n={i18n}
        caption={t('exchange.service.endpoints')}
        hideCaption
        rows={service.endpoints}
        rowKey={(e) => `${e.method} ${e.path}`}
        columns={[
          { header: t('exchange.endpoint.method'), rowHeader: true, cell: (e) => <code dir="ltr">{e.method}</code> },
          { header: t('exchange.endpoint.path'), cell: (e) => <code dir="ltr">{e.path}</code> },
        ]}
      />
      <h2>{t('exchange.service.whoMayCall')}</h2>
      <DataTable
        i18n={i18n}
        caption={t('exchange.service.whoMayCall')}
        hideCaption
        rows={rights.items}
        rowKey={(r) => String(r.id)}
        emptyText={t('exchange.rights.noneIn')}
        columns={[
          { header: t('exchange.request.consumer'), rowHeader: true, cell: (r) => <a href={requestPath(r.id)} dir="ltr">{`${r.consumerAgencyCode}/${r.consumerSubsystemCode}`}</a> },
          { header: t('exchange.request.endpoints'), cell: (r) => (r.endpoints ? <span dir="ltr">{r.endpoints.map((e) => `${e.method} ${e.path}`).join(', ')}</span> : t('exchange.request.allEndpoints')) },
          { header: t('exchange.request.purpose'), cell: (r) => r.purpose },
          { header: t('exchange.limit.quota'), cell: (r) => ownLimitText(i18n, r, t('exchange.limit.noQuota')) },
          { header: t('exchange.request.since'), cell: (r) => when(i18n, r.updatedAt) },
        ]}
      />
      <ListPages i18n={i18n} list={rights} path={servicePath(service.id)} url={ctx.url} param="page" />
      <p>
        <a href={agencyPath(service.agencyCode)}>{t('exchange.backToAgency')}</a>
      </p>
    </ConsolePage>
  );
}

/** A provided service: its settings, endpoints, use and who may call it; creating and editing it. */
export function servicePages(deps: ExchangePagesDeps): PagesPlugin {
  return async (plain, { isDemo }) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();

    /** The service, if the signed-in person may see its agency's console. */
    async function visible(req: FastifyRequest, id: number) {
      const staff = staffOf(req);
      const service = await getExchangeServiceOrFail(deps.admin, staff, id);
      assertSees(staff, service.agencyCode);
      return { staff, service };
    }

    /** The prefixes the operator registered for the provider agency (its admins and the operator read them). */
    async function registeredOf(staff: StaffPrincipal, agencyCode: string): Promise<string[]> {
      return (await listUpstreams(deps.admin, staff, agencyCode)).filter((r) => r.revokedAt === null).map((r) => r.urlPrefix);
    }

    /** The provider agency's catalog services, for the link between the API and the catalog. */
    async function catalogOf(agencyCode: string): Promise<CatalogChoice[]> {
      const { items } = await listCatalogServices(deps.admin, { agencyCode, status: 'active' }, { offset: 0, limit: catalogLimit });
      return items.map(({ id, nameFa, nameEn }) => ({ id, nameFa, nameEn }));
    }

    app.get('/staff/exchange/services/:id', { config: { access: readers }, schema: { hide: true, params: IdParams, querystring: ServiceQuery } }, async (req, reply) => {
      const { staff, service } = await visible(req, req.params.id);
      const member = await getMemberOrFail(deps.admin, service.agencyCode);
      const rights = await loadPage(pageOf(req.query.page), (window) => listServiceRights(deps.admin, staff, service.id, window));
      const use = (await usageOfServices(deps, member, [service])).get(service.id)!;
      const serviceId = formatServiceId({ ...member, subsystemCode: service.subsystemCode, serviceCode: service.code, ...(service.serviceVersion ? { serviceVersion: service.serviceVersion } : {}) });
      return sendPage(reply, <ServicePage ctx={await pageContext(req, reply, isDemo)} staff={staff} csrfToken={req.staffSession?.csrfToken} service={service} serviceId={serviceId} rights={rights} use={use} saved={req.query.saved === '1'} />);
    });

    app.get('/staff/exchange/subsystems/:id/services/new', { config: { access: editors }, schema: { hide: true, params: IdParams } }, async (req, reply) => {
      const subsystem = await getSubsystemOrFail(deps.admin, req.params.id);
      assertSees(staffOf(req), subsystem.agencyCode);
      const catalog = await catalogOf(subsystem.agencyCode);
      const registered = await registeredOf(staffOf(req), subsystem.agencyCode);
      return sendPage(reply, <ServiceFormPage ctx={await pageContext(req, reply, isDemo)} csrfToken={req.staffSession?.csrfToken} subsystem={subsystem} catalog={catalog} registered={registered} form={emptyServiceForm} errors={{}} />);
    });

    app.post('/staff/exchange/subsystems/:id/services/new', { config: { access: editors }, schema: { hide: true, params: IdParams, body: ConsoleFormBody } }, async (req, reply) => {
      if (!isGenuinePost(req, req.body[csrfField])) return sendPage(reply, <ForgedPage ctx={await pageContext(req, reply, isDemo)} />, 403);
      const staff = staffOf(req);
      const subsystem = await getSubsystemOrFail(deps.admin, req.params.id);
      assertSees(staff, subsystem.agencyCode);
      const form = serviceFormFromBody(req.body);
      const again = async (errors: FieldErrors, status: number) =>
        sendPage(reply, <ServiceFormPage ctx={await pageContext(req, reply, isDemo)} csrfToken={req.staffSession?.csrfToken} subsystem={subsystem} catalog={await catalogOf(subsystem.agencyCode)} registered={await registeredOf(staff, subsystem.agencyCode)} form={form} errors={errors} />, status);
      const parsed = serviceInputOf(form, true);
      if (!parsed.ok) return again(parsed.errors, 422);
      const done = await attemptChange(() => createExchangeService(deps.admin, staff, subsystem.id, parsed.value), serviceRuleErrors);
      if (!done.ok) return again(done.errors, done.status);
      return reply.redirect(`${servicePath(done.value.id)}?saved=1`, 303);
    });

    app.get('/staff/exchange/services/:id/edit', { config: { access: editors }, schema: { hide: true, params: IdParams } }, async (req, reply) => {
      const { staff, service } = await visible(req, req.params.id);
      const subsystem = await getSubsystemOrFail(deps.admin, service.subsystemId);
      const catalog = await catalogOf(service.agencyCode);
      const registered = await registeredOf(staff, service.agencyCode);
      return sendPage(reply, <ServiceFormPage ctx={await pageContext(req, reply, isDemo)} csrfToken={req.staffSession?.csrfToken} subsystem={subsystem} service={service} catalog={catalog} registered={registered} form={serviceFormOf(service)} errors={{}} />);
    });

    app.post('/staff/exchange/services/:id/edit', { config: { access: editors }, schema: { hide: true, params: IdParams, body: ConsoleFormBody } }, async (req, reply) => {
      if (!isGenuinePost(req, req.body[csrfField])) return sendPage(reply, <ForgedPage ctx={await pageContext(req, reply, isDemo)} />, 403);
      const { staff, service } = await visible(req, req.params.id);
      const subsystem = await getSubsystemOrFail(deps.admin, service.subsystemId);
      const form = { ...serviceFormFromBody(req.body), code: service.code };
      const again = async (props: { errors?: FieldErrors; conflict?: boolean }, status: number) =>
        sendPage(
          reply,
          <ServiceFormPage ctx={await pageContext(req, reply, isDemo)} csrfToken={req.staffSession?.csrfToken} subsystem={subsystem} service={service} catalog={await catalogOf(service.agencyCode)} registered={await registeredOf(staff, service.agencyCode)} form={form} errors={props.errors ?? {}} conflict={props.conflict} />,
          status,
        );
      const parsed = serviceInputOf(form, false);
      if (!parsed.ok) return again({ errors: parsed.errors }, 422);
      try {
        await updateExchangeService(deps.admin, staff, service.id, parsed.value);
      } catch (error) {
        if (!isAppError(error)) throw error;
        if (error.code === 'VERSION_CONFLICT') return again({ conflict: true }, 409);
        const errors = serviceRuleErrors(error);
        if (!Object.keys(errors).length) throw error;
        return again({ errors }, 422);
      }
      return reply.redirect(`${servicePath(service.id)}?saved=1`, 303);
    });
  };
}
