import Type from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { isAppError } from '../../core/errors.ts';
import { pageContext, sendPage, type PageContext, type PagesPlugin } from '../../web/index.ts';
import { DataTable } from '../../web/components/data-table.tsx';
import { ErrorSummary, errorTitle } from '../../web/components/error-summary.tsx';
import { TextInput } from '../../web/components/form-fields.tsx';
import { fieldMessage, summaryItems } from '../../identity/pages/common.tsx';
import { isGenuinePost, staffOf, type StaffPrincipal } from '../../identity/pages/guard.ts';
import { ForgedPage } from '../../identity/pages/login.tsx';
import { FormBody } from '../../identity/pages/form-values.ts';
import type { Member, Subsystem } from '../model.ts';
import { getMemberOrFail, listMembers } from '../admin/members.ts';
import { createSubsystem, listSubsystems } from '../admin/subsystems.ts';
import { listExchangeServices } from '../admin/exchange-services.ts';
import type { ServiceSummary } from '../admin/service-repository.ts';
import { formatClientId } from '../protocol/identifiers.ts';
import {
  ActiveTag,
  ConsolePage,
  CsrfInput,
  Notice,
  agencyPath,
  assertSees,
  csrfField,
  editors,
  isOperatorStaff,
  mayManage,
  nameOf,
  readers,
  servicePath,
  subsystemPath,
  type ExchangePagesDeps,
} from './common.tsx';
import { emptySubsystemForm, subsystemFields, subsystemFormFromBody, subsystemInputOf, placeRuleErrors, type FieldErrors, type SubsystemForm } from './forms.ts';
import { usageDays, usageOfServices, type ServiceUse } from './usage.ts';

const AgencyParams = Type.Object({ code: Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{1,31}$' }) });
const NoticeQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 10 })), conflict: Type.Optional(Type.String({ maxLength: 10 })) }, { additionalProperties: true });

function MembersPage({ ctx, members, staff, csrfToken }: { ctx: PageContext; members: Member[]; staff: StaffPrincipal; csrfToken: string | undefined }) {
  const { i18n } = ctx;
  const { t } = i18n;
  const title = t('exchange.members.title');
  return (
    <ConsolePage ctx={ctx} title={title} csrfToken={csrfToken} back={{ href: '/staff', label: t('staff.backToStaff') }}>
      <h1>{title}</h1>
      <p>{t('exchange.members.intro')}</p>
      {isOperatorStaff(staff) ? (
        <p>
          <a href="/staff/exchange/board">{t('exchange.board.title')}</a>
        </p>
      ) : null}
      <DataTable
        i18n={i18n}
        caption={t('exchange.members.caption', { count: i18n.n(members.length) })}
        rows={members}
        rowKey={(m) => m.agencyCode}
        emptyText={t('exchange.members.none')}
        columns={[
          { header: t('exchange.agency'), rowHeader: true, cell: (m) => <a href={agencyPath(m.agencyCode)}>{nameOf(i18n, m)}</a> },
          { header: t('exchange.memberId'), cell: (m) => <span dir="ltr">{formatClientId(m)}</span> },
        ]}
      />
    </ConsolePage>
  );
}

interface AgencyProps {
  ctx: PageContext;
  staff: StaffPrincipal;
  csrfToken: string | undefined;
  member: Member;
  subsystems: Subsystem[];
  services: ServiceSummary[];
  usage: Map<number, ServiceUse>;
  form: SubsystemForm;
  errors: FieldErrors;
  notice?: 'saved' | 'conflict' | undefined;
}

function AgencyPage({ ctx, staff, csrfToken, member, subsystems, services, usage, form, errors, notice }: AgencyProps) {
  const { i18n } = ctx;
  const { t } = i18n;
  const manage = mayManage(staff, member.agencyCode);
  const title = t('exchange.agency.title', { agency: nameOf(i18n, member) });
  const items = summaryItems(i18n, errors, subsystemFields);
  const field = (f: keyof SubsystemForm) => ({ i18n, id: subsystemFields[f].id, name: f, label: t(subsystemFields[f].label), error: fieldMessage(i18n, errors, f, subsystemFields) });
  return (
    <ConsolePage ctx={ctx} title={errorTitle(i18n, title, items.length > 0)} csrfToken={csrfToken} back={staff.role === 'agency_admin' ? { href: '/staff', label: t('staff.backToStaff') } : { href: '/staff/exchange', label: t('exchange.members.title') }}>
      <ErrorSummary i18n={i18n} errors={items} />
      {notice === 'saved' ? <Notice text={t('staff.saved')} /> : notice === 'conflict' ? <Notice text={t('staff.error.versionConflict')} /> : null}
      <h1>{title}</h1>
      <p>
        {t('exchange.memberId')} <span dir="ltr">{formatClientId(member)}</span>
      </p>
      <ul class="staff-actions">
        <li>
          <a href={`${agencyPath(member.agencyCode)}/requests`}>{t('exchange.requests.title')}</a>
        </li>
        {isOperatorStaff(staff) ? (
          <li>
            <a href="/staff/exchange/board">{t('exchange.board.title')}</a>
          </li>
        ) : null}
      </ul>
      <h2>{t('exchange.subsystems')}</h2>
      <DataTable
        i18n={i18n}
        caption={t('exchange.subsystems.caption', { count: i18n.n(subsystems.length) })}
        hideCaption
        rows={subsystems}
        rowKey={(s) => String(s.id)}
        emptyText={t('exchange.subsystems.none')}
        columns={[
          { header: t('exchange.subsystem.code'), rowHeader: true, cell: (s) => <a href={subsystemPath(s.id)} dir="ltr">{s.code}</a> },
          { header: t('exchange.name'), cell: (s) => nameOf(i18n, s) },
          { header: t('exchange.status'), cell: (s) => <ActiveTag i18n={i18n} status={s.status} /> },
          ...(manage
            ? [
                {
                  header: t('staff.home.actions'),
                  cell: (s: Subsystem) => (
                    <form method="post" action={`${subsystemPath(s.id)}/status`}>
                      <CsrfInput token={csrfToken ?? ''} />
                      <input type="hidden" name="version" value={String(s.version)} />
                      <input type="hidden" name="status" value={s.status === 'active' ? 'disabled' : 'active'} />
                      <button type="submit" class="button-secondary">
                        {s.status === 'active' ? t('exchange.disable') : t('exchange.enable')}
                        <span class="visually-hidden"> {s.code}</span>
                      </button>
                    </form>
                  ),
                },
              ]
            : []),
        ]}
      />
      {manage ? (
        <form method="post" action={`${agencyPath(member.agencyCode)}/subsystems`} class="staff-form" noValidate>
          <CsrfInput token={csrfToken ?? ''} />
          <fieldset>
            <legend>{t('exchange.subsystem.new')}</legend>
            <TextInput {...field('code')} hint={t('exchange.identifierHint')} value={form.code} dir="ltr" spellCheck={false} />
            <TextInput {...field('nameFa')} value={form.nameFa} dir="rtl" lang="fa" />
            <TextInput {...field('nameEn')} value={form.nameEn} dir="ltr" lang="en" />
          </fieldset>
          <button type="submit">{t('exchange.subsystem.create')}</button>
        </form>
      ) : null}
      <h2>{t('exchange.services')}</h2>
      <DataTable
        i18n={i18n}
        caption={t('exchange.services.usageCaption', { days: i18n.n(usageDays) })}
        rows={services}
        rowKey={(s) => String(s.id)}
        emptyText={t('exchange.services.none')}
        columns={[
          { header: t('exchange.service.code'), rowHeader: true, cell: (s) => <a href={servicePath(s.id)} dir="ltr">{`${s.subsystemCode}/${s.code}`}</a> },
          { header: t('exchange.name'), cell: (s) => nameOf(i18n, s) },
          { header: t('exchange.status'), cell: (s) => <ActiveTag i18n={i18n} status={s.status} /> },
          { header: t('exchange.usage.calls'), numeric: true, cell: (s) => i18n.n(usage.get(s.id)?.calls ?? 0) },
          { header: t('exchange.usage.errorRate'), numeric: true, cell: (s) => i18n.pct(usage.get(s.id)?.calls ? usage.get(s.id)!.errorRate : null, 1) },
        ]}
      />
    </ConsolePage>
  );
}

/** The exchange console's entry: members (operator, auditor), and one agency's subsystems and services. */
export function overviewPages(deps: ExchangePagesDeps): PagesPlugin {
  return async (plain, { isDemo }) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/staff/exchange', { config: { access: readers }, schema: { hide: true } }, async (req, reply) => {
      const staff = staffOf(req);
      if (staff.role === 'agency_admin') return reply.redirect(agencyPath(staff.agencyCode ?? ''), 303);
      const { items } = await listMembers(deps.admin, { offset: 0, limit: 500 });
      return sendPage(reply, <MembersPage ctx={await pageContext(req, reply, isDemo)} members={items} staff={staff} csrfToken={req.staffSession?.csrfToken} />);
    });

    async function agencyPage(req: FastifyRequest, code: string, form: SubsystemForm, errors: FieldErrors, notice?: 'saved' | 'conflict') {
      const staff = staffOf(req);
      assertSees(staff, code);
      const member = await getMemberOrFail(deps.admin, code);
      const subsystems = await listSubsystems(deps.admin, code);
      const { items: services } = await listExchangeServices(deps.admin, staff, { agencyCode: code }, { offset: 0, limit: 200 });
      const usage = await usageOfServices(deps, member, services);
      return { staff, member, subsystems, services, usage, form, errors, notice };
    }

    app.get('/staff/exchange/agencies/:code', { config: { access: readers }, schema: { hide: true, params: AgencyParams, querystring: NoticeQuery } }, async (req, reply) => {
      const notice = req.query.saved === '1' ? 'saved' : req.query.conflict === '1' ? 'conflict' : undefined;
      const props = await agencyPage(req, req.params.code, emptySubsystemForm, {}, notice);
      return sendPage(reply, <AgencyPage ctx={await pageContext(req, reply, isDemo)} csrfToken={req.staffSession?.csrfToken} {...props} />);
    });

    app.post('/staff/exchange/agencies/:code/subsystems', { config: { access: editors }, schema: { hide: true, params: AgencyParams, body: FormBody } }, async (req, reply) => {
      if (!isGenuinePost(req, req.body[csrfField])) return sendPage(reply, <ForgedPage ctx={await pageContext(req, reply, isDemo)} />, 403);
      const staff = staffOf(req);
      assertSees(staff, req.params.code);
      const form = subsystemFormFromBody(req.body);
      const again = async (errors: FieldErrors, status: number) =>
        sendPage(reply, <AgencyPage ctx={await pageContext(req, reply, isDemo)} csrfToken={req.staffSession?.csrfToken} {...await agencyPage(req, req.params.code, form, errors)} />, status);
      const parsed = subsystemInputOf(form);
      if (!parsed.ok) return again(parsed.errors, 422);
      try {
        const created = await createSubsystem(deps.admin, staff, req.params.code, parsed.value);
        return reply.redirect(`${subsystemPath(created.id)}?saved=1`, 303);
      } catch (error) {
        if (!isAppError(error)) throw error;
        if (error.code === 'EXCHANGE_SUBSYSTEM_CODE_TAKEN') return again({ code: { key: 'exchange.error.subsystemCodeTaken' } }, 409);
        const errors = placeRuleErrors(error, { code: 'code' }, () => ({ key: 'exchange.error.identifier' }));
        if (!Object.keys(errors).length) throw error;
        return again(errors, 422);
      }
    });
  };
}
