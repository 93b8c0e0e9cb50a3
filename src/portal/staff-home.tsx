import Type from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { getAgencyOrFail, listServices, type Agency, type Service } from '../registry/index.ts';
import type { AgencyList, AgencyListRow } from './agency-list.ts';
import { agencyKindNames } from '../core/taxonomy.ts';
import { pageContext, sendPage, type PageContext, type PagesPlugin } from '../web/index.ts';
import { Layout } from '../web/components/layout.tsx';
import { DataTable } from '../web/components/data-table.tsx';
import { Pagination } from '../web/components/pagination.tsx';
import { DeliveryTag, MaturityTag } from '../web/components/tag.tsx';
import { TextInput } from '../web/components/form-fields.tsx';
import type { I18n } from '../web/i18n/translate.ts';
import { AppError } from '../core/errors.ts';
import { noStore, staffOf, type StaffPrincipal } from '../web/forms/index.ts';
import type { AppDeps } from '../db/app-deps.ts';
import './messages.ts'; // registers the text of the portal's pages

const pageSize = 50;
const roleKeys = { operator: 'staff.role.operator', agency_admin: 'staff.role.agency_admin', auditor: 'staff.role.auditor' } as const;

const HomeQuery = Type.Object(
  { agency: Type.Optional(Type.String({ maxLength: 40 })), q: Type.Optional(Type.String({ maxLength: 200 })), page: Type.Optional(Type.String({ maxLength: 12 })) },
  { additionalProperties: true },
);

/** A page number from the address; anything odd means the first page rather than an error. */
const pageOf = (raw: string | undefined) => {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
};

const href = (params: Record<string, string | number | undefined>) => {
  const query = new URLSearchParams(Object.entries(params).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]]))).toString();
  return query ? `/staff?${query}` : '/staff';
};

const nameOf = (i18n: I18n, x: { nameFa: string; nameEn: string }) => (i18n.locale === 'fa' ? x.nameFa : x.nameEn);

function ServiceTable({ i18n, caption, services, editable }: { i18n: I18n; caption: string; services: Service[]; editable: boolean }) {
  const { t } = i18n;
  return (
    <DataTable
      i18n={i18n}
      caption={caption}
      rows={services}
      rowKey={(s) => s.id}
      emptyText={t('staff.home.noServices')}
      columns={[
        { header: t('staff.home.serviceName'), rowHeader: true, cell: (s) => <a href={`/services/${s.id}`}>{nameOf(i18n, s)}</a> },
        { header: t('staff.home.serviceId'), cell: (s) => <span dir="ltr">{s.id}</span> },
        { header: t('staff.service.maturity'), cell: (s) => <MaturityTag i18n={i18n} level={s.maturity} /> },
        { header: t('staff.service.deliveryStatus'), cell: (s) => <DeliveryTag i18n={i18n} status={s.deliveryStatus} /> },
        ...(editable
          ? [
              {
                header: t('staff.home.actions'),
                cell: (s: Service) => (
                  <a href={`/staff/services/${s.id}/edit`}>
                    {t('staff.home.edit')}
                    <span class="visually-hidden"> {nameOf(i18n, s)}</span>
                  </a>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

function AgencyTable({ i18n, caption, agencies, editable }: { i18n: I18n; caption: string; agencies: AgencyListRow[]; editable: boolean }) {
  const { t } = i18n;
  return (
    <DataTable
      i18n={i18n}
      caption={caption}
      rows={agencies}
      rowKey={(a) => a.code}
      emptyText={t('staff.home.noAgencies')}
      columns={[
        { header: t('staff.home.agencyName'), rowHeader: true, cell: (a) => nameOf(i18n, a) },
        { header: t('staff.home.agencyCode'), cell: (a) => <span dir="ltr">{a.code}</span> },
        { header: t('staff.agency.kind'), cell: (a) => agencyKindNames[a.kind][i18n.locale] },
        {
          header: t('staff.home.actions'),
          cell: (a) => (
            <ul class="staff-actions">
              <li>
                <a href={href({ agency: a.code })}>
                  {t('staff.home.services')}
                  <span class="visually-hidden"> {nameOf(i18n, a)}</span>
                </a>
              </li>
              {editable ? (
                <li>
                  <a href={`/staff/agencies/${a.code}/edit`}>
                    {t('staff.home.edit')}
                    <span class="visually-hidden"> {nameOf(i18n, a)}</span>
                  </a>
                </li>
              ) : null}
            </ul>
          ),
        },
      ]}
    />
  );
}

interface HomeProps {
  ctx: PageContext;
  staff: StaffPrincipal;
  csrfToken: string | undefined;
  agency: Agency | null;
  list: { kind: 'services'; items: Service[]; total: number } | { kind: 'agencies'; items: AgencyListRow[]; total: number };
  q: string;
  page: number;
}

function StaffHome({ ctx, staff, csrfToken, agency, list, q, page }: HomeProps) {
  const { i18n } = ctx;
  const { t } = i18n;
  const pages = Math.max(1, Math.ceil(list.total / pageSize));
  const title = t('staff.home.title');
  return (
    <Layout i18n={i18n} title={title} url={ctx.url} demo={ctx.demo} staffName={ctx.staffName} csrfToken={csrfToken}>
      <h1>{title}</h1>
      <p>{ctx.staffName ? t('staff.home.signedIn', { name: ctx.staffName, role: t(roleKeys[staff.role]) }) : t(roleKeys[staff.role])}</p>
      <p>{staff.role === 'operator' ? t('staff.home.introOperator') : staff.role === 'agency_admin' ? t('staff.home.introAdmin') : t('staff.home.introAuditor')}</p>
      <p>
        <a href="/staff/exchange">{t('staff.home.exchange')}</a>
      </p>
      {list.kind === 'services' && agency ? (
        <>
          <h2>{t('staff.home.servicesOf', { agency: nameOf(i18n, agency) })}</h2>
          {staff.role !== 'agency_admin' ? (
            <ul class="staff-actions">
              <li>
                <a href="/staff">{t('staff.home.allAgencies')}</a>
              </li>
              {staff.role === 'operator' ? (
                <li>
                  <a href={`/staff/agencies/${agency.code}/edit`}>{t('staff.home.editAgency', { agency: nameOf(i18n, agency) })}</a>
                </li>
              ) : null}
            </ul>
          ) : null}
          <ServiceTable
            i18n={i18n}
            caption={t('staff.home.servicesCaption', { count: i18n.n(list.total), page: i18n.n(page), pages: i18n.n(pages) })}
            services={list.items}
            editable={staff.role !== 'auditor'}
          />
          <Pagination i18n={i18n} page={page} pages={pages} href={(p) => href({ agency: agency.code, page: p })} />
        </>
      ) : list.kind === 'agencies' ? (
        <>
          <h2>{t('staff.home.agencies')}</h2>
          <form method="get" action="/staff" role="search" class="search-box staff-search">
            <TextInput i18n={i18n} id="agency-q" name="q" type="search" label={t('staff.home.findAgency')} hint={t('staff.home.findAgencyHint')} value={q} />
            <button type="submit">{t('staff.home.find')}</button>
          </form>
          <AgencyTable
            i18n={i18n}
            caption={t('staff.home.agenciesCaption', { count: i18n.n(list.total), page: i18n.n(page), pages: i18n.n(pages) })}
            agencies={list.items}
            editable={staff.role === 'operator'}
          />
          <Pagination i18n={i18n} page={page} pages={pages} href={(p) => href({ q, page: p })} />
        </>
      ) : null}
    </Layout>
  );
}

/** What a signed-in staff member can do: their agency's services, or (operator, auditor) every agency. */
export function staffHomePages({ deps, agencies }: { deps: AppDeps; agencies: () => Promise<AgencyList> }): PagesPlugin {
  return async (plain, { isDemo }) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('onRequest', noStore);
    app.get('/staff', { config: { access: ['operator', 'agency_admin', 'auditor'] }, schema: { hide: true, querystring: HomeQuery } }, async (req, reply) => {
      const staff = staffOf(req);
      const ctx = await pageContext(req, reply, isDemo);
      let page = pageOf(req.query.page);
      const q = (req.query.q ?? '').trim();
      // An agency admin sees only their own agency, whatever the address asks for.
      const code = staff.role === 'agency_admin' ? staff.agencyCode : (req.query.agency ?? '').toUpperCase() || null;
      if (code && !/^[A-Z0-9][A-Z0-9-]{1,31}$/.test(code)) throw new AppError('AGENCY_NOT_FOUND');
      const agency = code ? await getAgencyOrFail(deps, code) : null;
      // Agencies by name in the page's language (Persian collation in fa), like every list of them.
      const load = async (p: number): Promise<HomeProps['list']> => {
        if (agency) return { kind: 'services', ...(await listServices(deps, { agencyCode: agency.code, status: 'active' }, { offset: (p - 1) * pageSize, limit: pageSize })) };
        const found = (await agencies()).find(ctx.i18n.locale, { q, kind: null, page: p }, pageSize);
        return { kind: 'agencies', items: found.page === p ? found.rows : [], total: found.total };
      };
      let list = await load(page);
      // Past the last page (an old link, a typed number): show the last page instead of nothing.
      if (!list.items.length && list.total > 0) {
        page = Math.ceil(list.total / pageSize);
        list = await load(page);
      }
      return sendPage(reply, <StaffHome ctx={ctx} staff={staff} csrfToken={req.staffSession?.csrfToken} agency={agency} list={list} q={q} page={page} />);
    });
  };
}
