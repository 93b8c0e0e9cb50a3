import Type from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, isAppError } from '../../core/errors.ts';
import { pageContext, sendPage, type PageContext, type PagesPlugin } from '../../web/index.ts';
import { DataTable } from '../../web/components/data-table.tsx';
import { ErrorSummary, errorTitle } from '../../web/components/error-summary.tsx';
import { Select, TextInput, Textarea } from '../../web/components/form-fields.tsx';
import type { I18n } from '../../web/i18n/translate.ts';
import { fieldMessage, ForgedPage, FormBody, isGenuinePost, staffOf, summaryItems, type StaffPrincipal } from '../../web/forms/index.ts';
import { selectAllAgencies } from '../../registry/index.ts';
import type { Member, Subsystem } from '../model.ts';
import { getMemberOrFail } from '../admin/members.ts';
import { listSubsystems } from '../admin/subsystems.ts';
import { getExchangeServiceOrFail, listExchangeServices } from '../admin/exchange-services.ts';
import { fileAccessRequest, grantAccess } from '../admin/access-requests.ts';
import { isOperator } from '../admin/authorize.ts';
import type { ServiceView } from '../admin/service-repository.ts';
import { ConsolePage, CsrfInput, agencyPath, assertSees, csrfField, editors, nameOf, requestPath, type ExchangePagesDeps } from './common.tsx';
import { attemptChange, emptyRequestForm, one, requestFields, requestFormFromBody, requestInputOf, requestRuleErrors, type FieldErrors, type RequestForm } from './forms.ts';
import { ListPages, PageParam, loadPage, pageOf, type ListPage } from './paging.tsx';

/**
 * Asking for access to a service, in two steps that work without JavaScript: find the service
 * among every active one (thousands in a national deployment, so a search with pages, never
 * one long list), then fill in the request for the service chosen. The chosen service travels
 * in the address (`?service=`) and then in a hidden field of the request form.
 */

const AgencyParams = Type.Object({ code: Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{1,31}$' }) });
/** The search box allows 200 characters; a longer `q` did not come from it and is refused (400). */
const searchMax = 200;
const NewRequestQuery = Type.Object(
  { q: Type.Optional(Type.String({ maxLength: searchMax })), page: PageParam, service: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })) },
  { additionalProperties: true },
);

/** What was searched for: control characters (PostgreSQL refuses a NUL) gone, spaces collapsed. */
export const searchText = (raw: string | undefined) =>
  (raw ?? '')
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();

const newPath = (code: string) => `${agencyPath(code)}/requests/new`;
const chooseHref = (code: string, serviceId: number, q: string) => `${newPath(code)}?${new URLSearchParams({ service: String(serviceId), ...(q ? { q } : {}) }).toString()}`;
const searchHref = (code: string, q: string) => (q ? `${newPath(code)}?${new URLSearchParams({ q }).toString()}` : newPath(code));
const addressOf = (s: ServiceView) => `${s.agencyCode}/${s.subsystemCode}/${s.code}`;

interface Common {
  ctx: PageContext;
  csrfToken: string | undefined;
  member: Member;
  subsystems: Subsystem[];
  errors: FieldErrors;
}

function countText(i18n: I18n, total: number, searched: string): string {
  const { t } = i18n;
  // Isolated, so a Persian query in an English sentence (or the reverse) keeps its own direction.
  const q = `\u2068${searched}\u2069`;
  if (!searched) return total === 1 ? t('exchange.request.allOne') : t('exchange.request.allOther', { count: i18n.n(total) });
  if (total === 0) return t('exchange.request.foundNone', { q });
  return total === 1 ? t('exchange.request.foundOne', { q }) : t('exchange.request.foundOther', { count: i18n.n(total), q });
}

type AgencyNames = Map<string, { nameFa: string; nameEn: string }>;

function ProviderName({ i18n, code, names }: { i18n: I18n; code: string; names: AgencyNames }) {
  const agency = names.get(code);
  return agency ? <>{nameOf(i18n, agency)}</> : <span dir="ltr">{code}</span>;
}

/** Step 1: the search box and a page of matching active services, each a link to step 2. */
function FindServicePage({ ctx, csrfToken, member, subsystems, errors, q, found, agencyNames }: Common & { q: string; found: ListPage<ServiceView>; agencyNames: AgencyNames }) {
  const { i18n } = ctx;
  const { t } = i18n;
  const heading = t('exchange.request.newTitle', { agency: nameOf(i18n, member) });
  const count = countText(i18n, found.total, q);
  const items = summaryItems(i18n, errors, requestFields);
  const searchId = requestFields.serviceId.id;
  const path = newPath(member.agencyCode);
  return (
    <ConsolePage ctx={ctx} title={errorTitle(i18n, subsystems.length ? `${heading}: ${count}` : heading, items.length > 0)} csrfToken={csrfToken} back={{ href: `${agencyPath(member.agencyCode)}/requests`, label: t('exchange.requests.title') }}>
      <ErrorSummary i18n={i18n} errors={items} />
      <h1>{heading}</h1>
      {subsystems.length === 0 ? (
        <p>{t('exchange.request.noSubsystem')}</p>
      ) : (
        <>
          <p>{t('exchange.request.findIntro')}</p>
          <form method="get" action={path} role="search" class="staff-form">
            <TextInput
              i18n={i18n}
              id={searchId}
              name="q"
              type="search"
              label={t('exchange.request.searchLabel')}
              hint={t('exchange.request.searchHint')}
              error={fieldMessage(i18n, errors, 'serviceId', requestFields)}
              value={q}
              autoComplete="off"
              dir="auto"
            />
            <button type="submit">{t('exchange.request.search')}</button>
          </form>
          <section aria-labelledby="found-heading">
            <h2 id="found-heading">{t('exchange.request.found')}</h2>
            {/* The count is a status message (WCAG 4.1.3); it is in the page title as well, read first after a search. */}
            <p role="status">{count}</p>
            {found.items.length ? (
              <DataTable
                i18n={i18n}
                caption={t('exchange.request.found')}
                hideCaption
                rows={found.items}
                rowKey={(s) => String(s.id)}
                columns={[
                  { header: t('exchange.request.service'), rowHeader: true, cell: (s) => <a href={chooseHref(member.agencyCode, s.id, q)}>{nameOf(i18n, s)}</a> },
                  { header: t('exchange.request.address'), cell: (s) => <span dir="ltr">{addressOf(s)}</span> },
                  { header: t('exchange.request.provider'), cell: (s) => <ProviderName i18n={i18n} code={s.agencyCode} names={agencyNames} /> },
                ]}
              />
            ) : null}
            <ListPages i18n={i18n} list={found} path={path} url={ctx.url} param="page" label={t('exchange.pagesOf', { list: t('exchange.request.found') })} />
          </section>
        </>
      )}
    </ConsolePage>
  );
}

/** Step 2: the request for the chosen service; the operator may grant it at once. */
function RequestFormPage({ ctx, csrfToken, member, subsystems, errors, staff, service, form, q }: Common & { staff: StaffPrincipal; service: ServiceView; form: RequestForm; q: string }) {
  const { i18n } = ctx;
  const { t } = i18n;
  const title = t('exchange.request.newTitle', { agency: nameOf(i18n, member) });
  const items = summaryItems(i18n, errors, requestFields);
  const field = (f: keyof RequestForm) => ({ i18n, id: requestFields[f].id, name: f, label: t(requestFields[f].label), error: fieldMessage(i18n, errors, f, requestFields) });
  const serviceError = fieldMessage(i18n, errors, 'serviceId', requestFields);
  return (
    <ConsolePage ctx={ctx} title={errorTitle(i18n, title, items.length > 0)} csrfToken={csrfToken} back={{ href: `${agencyPath(member.agencyCode)}/requests`, label: t('exchange.requests.title') }}>
      <ErrorSummary i18n={i18n} errors={items} />
      <h1>{title}</h1>
      {subsystems.length === 0 ? (
        <p>{t('exchange.request.noSubsystem')}</p>
      ) : (
        <form method="post" action={newPath(member.agencyCode)} class="staff-form" noValidate>
          <CsrfInput token={csrfToken ?? ''} />
          <input type="hidden" name="serviceId" value={String(service.id)} />
          <fieldset>
            <legend>{t('exchange.request.what')}</legend>
            <div class={serviceError ? 'field field-error' : 'field'}>
              <dl>
                <dt>{t('exchange.request.service')}</dt>
                <dd>
                  {nameOf(i18n, service)} (<span dir="ltr">{addressOf(service)}</span>)
                </dd>
              </dl>
              {serviceError ? (
                <p id={`${requestFields.serviceId.id}-error`} class="field-error-message">
                  <span class="visually-hidden">{t('components.field.errorPrefix')} </span>
                  {serviceError}
                </p>
              ) : null}
              {/* The error summary's link for the service lands here: choosing another is the way to correct it. */}
              <p>
                <a id={requestFields.serviceId.id} href={searchHref(member.agencyCode, q)} aria-describedby={serviceError ? `${requestFields.serviceId.id}-error` : undefined}>
                  {t('exchange.request.chooseAnother')}
                </a>
              </p>
            </div>
            <Select {...field('consumerSubsystemId')} value={form.consumerSubsystemId} emptyLabel={t('exchange.choose')} options={subsystems.map((s) => ({ value: String(s.id), label: `${s.code} — ${nameOf(i18n, s)}` }))} />
            <Textarea {...field('endpoints')} optional hint={t('exchange.request.endpointsHint')} value={form.endpoints} rows={3} dir="ltr" />
          </fieldset>
          <fieldset>
            <legend>{t('exchange.request.why')}</legend>
            <Textarea {...field('purpose')} hint={t('exchange.request.purposeHint')} value={form.purpose} rows={3} />
            <Textarea {...field('legalBasis')} hint={t('exchange.request.legalBasisHint')} value={form.legalBasis} rows={3} />
            <Textarea {...field('message')} optional value={form.message} rows={2} />
          </fieldset>
          <button type="submit" name="mode" value="file">
            {t('exchange.request.file')}
          </button>
          {isOperator(staff) ? (
            <>
              {' '}
              <button type="submit" name="mode" value="grant" class="button-secondary">
                {t('exchange.request.grant')}
              </button>
            </>
          ) : null}
        </form>
      )}
    </ConsolePage>
  );
}

/** Filing a request (a consumer agency's admin or the operator) and granting one directly (the operator). */
export function newRequestPages(deps: ExchangePagesDeps): PagesPlugin {
  return async (plain, { isDemo }) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();

    async function common(req: FastifyRequest, code: string) {
      const staff = staffOf(req);
      assertSees(staff, code);
      const member = await getMemberOrFail(deps.admin, code);
      const subsystems = (await listSubsystems(deps.admin, code)).filter((s) => s.status === 'active');
      return { staff, member, subsystems };
    }

    /** Only an active service can be chosen; anything else (unknown, disabled, typed by hand) is no choice. */
    async function chosen(staff: StaffPrincipal, id: number | undefined): Promise<ServiceView | undefined> {
      if (id === undefined) return undefined;
      try {
        const service = await getExchangeServiceOrFail(deps.admin, staff, id);
        return service.status === 'active' ? service : undefined;
      } catch (error) {
        if (isAppError(error) && error.code === 'EXCHANGE_SERVICE_NOT_FOUND') return undefined;
        throw error;
      }
    }

    async function sendFind(req: FastifyRequest, reply: FastifyReply, base: Awaited<ReturnType<typeof common>>, q: string, page: number, errors: FieldErrors, status = 200) {
      // Without a system of its own to ask for, the agency is told so and nothing is searched.
      const found = base.subsystems.length ? await loadPage(page, (window) => listExchangeServices(deps.admin, base.staff, { status: 'active', ...(q ? { q } : {}) }, window)) : { items: [], total: 0, page: 1, pages: 1 };
      const agencyNames = new Map(found.items.length ? (await deps.admin.db.run(selectAllAgencies)).map((a) => [a.code, a] as const) : []);
      const ctx = await pageContext(req, reply, isDemo);
      return sendPage(reply, <FindServicePage ctx={ctx} csrfToken={req.staffSession?.csrfToken} {...base} errors={errors} q={q} found={found} agencyNames={agencyNames} />, status);
    }

    app.get('/staff/exchange/agencies/:code/requests/new', { config: { access: editors }, schema: { hide: true, params: AgencyParams, querystring: NewRequestQuery } }, async (req, reply) => {
      const base = await common(req, req.params.code);
      const q = searchText(req.query.q);
      if (req.query.service === undefined) return sendFind(req, reply, base, q, pageOf(req.query.page), {});
      const service = await chosen(base.staff, req.query.service);
      // An old or hand-made link: the search again, saying why, rather than a bare error page.
      if (!service) return sendFind(req, reply, base, q, 1, { serviceId: { key: 'exchange.error.chooseService' } }, 404);
      const ctx = await pageContext(req, reply, isDemo);
      return sendPage(reply, <RequestFormPage ctx={ctx} csrfToken={req.staffSession?.csrfToken} {...base} errors={{}} service={service} form={{ ...emptyRequestForm, serviceId: String(service.id) }} q={q} />);
    });

    app.post('/staff/exchange/agencies/:code/requests/new', { config: { access: editors }, schema: { hide: true, params: AgencyParams, body: FormBody } }, async (req, reply) => {
      if (!isGenuinePost(req, req.body[csrfField])) return sendPage(reply, <ForgedPage ctx={await pageContext(req, reply, isDemo)} />, 403);
      const base = await common(req, req.params.code);
      const form = requestFormFromBody(req.body);
      const service = /^\d{1,9}$/.test(form.serviceId) ? await chosen(base.staff, Number(form.serviceId)) : undefined;
      if (!service) return sendFind(req, reply, base, '', 1, { serviceId: { key: 'exchange.error.chooseService' } }, 422);
      const again = async (errors: FieldErrors, status: number) =>
        sendPage(reply, <RequestFormPage ctx={await pageContext(req, reply, isDemo)} csrfToken={req.staffSession?.csrfToken} {...base} errors={errors} service={service} form={form} q="" />, status);
      const parsed = requestInputOf(form);
      if (!parsed.ok) return again(parsed.errors, 422);
      // The consumer must be one of this agency's systems, whatever the form says.
      if (!base.subsystems.some((s) => s.id === parsed.value.consumerSubsystemId)) return again({ consumerSubsystemId: { key: 'staff.error.choose' } }, 422);
      const grant = one(req.body, 'mode') === 'grant';
      if (grant && !isOperator(base.staff)) throw new AppError('FORBIDDEN');
      const done = await attemptChange(() => (grant ? grantAccess : fileAccessRequest)(deps.admin, base.staff, parsed.value), requestRuleErrors);
      if (!done.ok) return again(done.errors, done.status);
      return reply.redirect(`${requestPath(done.value.id)}?saved=1`, 303);
    });
  };
}
