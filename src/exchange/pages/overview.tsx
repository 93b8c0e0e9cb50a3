import Type from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { mayManageAgency } from '../../core/access.ts';
import { sortByName } from '../../web/i18n/collation.ts';
import { pageContext, sendPage, type PageContext, type PagesPlugin } from '../../web/index.ts';
import { DataTable } from '../../web/components/data-table.tsx';
import { ErrorSummary, errorTitle } from '../../web/components/error-summary.tsx';
import { Select, TextInput } from '../../web/components/form-fields.tsx';
import { fieldMessage, ForgedPage, FormBody, isGenuinePost, staffOf, summaryItems, type StaffPrincipal } from '../../web/forms/index.ts';
import type { Member, Subsystem } from '../model.ts';
import { createMember, getMemberOrFail, listMembers } from '../admin/members.ts';
import { createSubsystem, listSubsystems } from '../admin/subsystems.ts';
import { listExchangeServices } from '../admin/exchange-services.ts';
import type { ServiceView } from '../admin/service-repository.ts';
import { formatClientId } from '../protocol/identifiers.ts';
import { selectAllAgencies } from '../../registry/index.ts';
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
  nameOf,
  readers,
  servicePath,
  subsystemPath,
  type ExchangePagesDeps,
} from './common.tsx';
import {
  attemptChange,
  emptyMemberForm,
  emptySubsystemForm,
  memberFields,
  memberFormFromBody,
  memberInputOf,
  memberRuleErrors,
  subsystemFields,
  subsystemFormFromBody,
  subsystemInputOf,
  subsystemRuleErrors,
  type FieldErrors,
  type MemberForm,
  type SubsystemForm,
} from './forms.ts';
import { usageDays, usageOfServices, type ServiceUse } from './usage.ts';
import { upstreamsPath } from './upstreams.tsx';
import { ListPages, PageParam, loadPage, pageOf, type ListPage } from './paging.tsx';

const AgencyParams = Type.Object({ code: Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{1,31}$' }) });
const PageQuery = Type.Object({ page: PageParam }, { additionalProperties: true });
const NoticeQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 10 })), conflict: Type.Optional(Type.String({ maxLength: 10 })), page: PageParam }, { additionalProperties: true });
const operatorOnly = ['operator'] as const;
/** More than the registry holds: the new-member form offers every agency that is not a member. */
const agencyLimit = 100_000;

/** The operator's form that makes a registry agency a member of the exchange. */
interface NewMember {
  /** Registry agencies that are not members yet. */
  agencies: { code: string; nameFa: string; nameEn: string }[];
  instance: string;
  form: MemberForm;
  errors: FieldErrors;
}

interface MembersProps {
  ctx: PageContext;
  members: ListPage<Member>;
  staff: StaffPrincipal;
  csrfToken: string | undefined;
  /** Only for the operator. */
  newMember?: NewMember | undefined;
}

function MemberFormSection({ ctx, csrfToken, newMember }: { ctx: PageContext; csrfToken: string | undefined; newMember: NewMember }) {
  const { i18n } = ctx;
  const { t } = i18n;
  const { agencies, instance, form, errors } = newMember;
  const field = (f: keyof MemberForm) => ({ i18n, id: memberFields[f].id, name: f, label: t(memberFields[f].label), error: fieldMessage(i18n, errors, f, memberFields) });
  return (
    <>
      <h2>{t('exchange.member.new')}</h2>
      {agencies.length === 0 && !form.agencyCode ? (
        <p>{t('exchange.member.allMembers')}</p>
      ) : (
        <form method="post" action="/staff/exchange/members" class="staff-form" noValidate>
          <CsrfInput token={csrfToken ?? ''} />
          <fieldset>
            <legend>{t('exchange.member.legend')}</legend>
            <p class="hint">{t('exchange.member.instance', { instance })}</p>
            <Select
              {...field('agencyCode')}
              hint={t('exchange.member.agencyHint')}
              value={form.agencyCode}
              emptyLabel={t('exchange.choose')}
              options={sortByName(i18n.locale, agencies, (a) => nameOf(i18n, a)).map((a) => ({ value: a.code, label: `${nameOf(i18n, a)} (${a.code})` }))}
            />
            <TextInput {...field('memberClass')} hint={t('exchange.member.memberClassHint')} value={form.memberClass} size={12} dir="ltr" spellCheck={false} />
            <TextInput {...field('memberCode')} hint={t('exchange.member.memberCodeHint')} value={form.memberCode} dir="ltr" spellCheck={false} />
          </fieldset>
          <button type="submit">{t('exchange.member.create')}</button>
        </form>
      )}
    </>
  );
}

function MembersPage({ ctx, members, staff, csrfToken, newMember }: MembersProps) {
  const { i18n } = ctx;
  const { t } = i18n;
  const title = t('exchange.members.title');
  const items = newMember ? summaryItems(i18n, newMember.errors, memberFields) : [];
  return (
    <ConsolePage ctx={ctx} title={errorTitle(i18n, title, items.length > 0)} csrfToken={csrfToken} back={{ href: '/staff', label: t('staff.backToStaff') }}>
      <ErrorSummary i18n={i18n} errors={items} />
      <h1>{title}</h1>
      <p>{t('exchange.members.intro')}</p>
      {isOperatorStaff(staff) ? (
        <p>
          <a href="/staff/exchange/board">{t('exchange.board.title')}</a>
        </p>
      ) : null}
      <DataTable
        i18n={i18n}
        caption={t('exchange.members.caption', { count: i18n.n(members.total) })}
        rows={members.items}
        rowKey={(m) => m.agencyCode}
        emptyText={t('exchange.members.none')}
        columns={[
          { header: t('exchange.agency'), rowHeader: true, cell: (m) => <a href={agencyPath(m.agencyCode)}>{nameOf(i18n, m)}</a> },
          { header: t('exchange.memberId'), cell: (m) => <span dir="ltr">{formatClientId(m)}</span> },
        ]}
      />
      <ListPages i18n={i18n} list={members} path="/staff/exchange" url={ctx.url} param="page" />
      {newMember ? <MemberFormSection ctx={ctx} csrfToken={csrfToken} newMember={newMember} /> : null}
    </ConsolePage>
  );
}

interface AgencyProps {
  ctx: PageContext;
  staff: StaffPrincipal;
  csrfToken: string | undefined;
  member: Member;
  subsystems: Subsystem[];
  services: ListPage<ServiceView>;
  usage: Map<number, ServiceUse>;
  form: SubsystemForm;
  errors: FieldErrors;
  notice?: 'saved' | 'conflict' | undefined;
}

function AgencyPage({ ctx, staff, csrfToken, member, subsystems, services, usage, form, errors, notice }: AgencyProps) {
  const { i18n } = ctx;
  const { t } = i18n;
  const manage = mayManageAgency(staff, member.agencyCode);
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
        {manage ? (
          <li>
            <a href={upstreamsPath(member.agencyCode)}>{t('exchange.upstreams.link')}</a>
          </li>
        ) : null}
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
        rows={services.items}
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
      <ListPages i18n={i18n} list={services} path={agencyPath(member.agencyCode)} url={ctx.url} param="page" />
    </ConsolePage>
  );
}

/** The exchange console's entry: members (operator, auditor), and one agency's subsystems and services. */
export function overviewPages(deps: ExchangePagesDeps): PagesPlugin {
  return async (plain, { isDemo }) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();

    /** The members page; for the operator with the form for a new member. */
    async function membersPage(req: FastifyRequest, page: number, form: MemberForm, errors: FieldErrors): Promise<Omit<MembersProps, 'ctx' | 'csrfToken'>> {
      const staff = staffOf(req);
      const members = await loadPage(page, (window) => listMembers(deps.admin, window));
      if (!isOperatorStaff(staff)) return { staff, members };
      const [agencies, all] = await Promise.all([deps.admin.db.run(selectAllAgencies), listMembers(deps.admin, { offset: 0, limit: agencyLimit })]);
      const joined = new Set(all.items.map((m) => m.agencyCode));
      const candidates = agencies.filter((a) => !joined.has(a.code)).map(({ code, nameFa, nameEn }) => ({ code, nameFa, nameEn }));
      return { staff, members, newMember: { agencies: candidates, instance: deps.admin.settings.instance, form, errors } };
    }

    app.get('/staff/exchange', { config: { access: readers }, schema: { hide: true, querystring: PageQuery } }, async (req, reply) => {
      const staff = staffOf(req);
      if (staff.role === 'agency_admin') return reply.redirect(agencyPath(staff.agencyCode ?? ''), 303);
      const props = await membersPage(req, pageOf(req.query.page), emptyMemberForm, {});
      return sendPage(reply, <MembersPage ctx={await pageContext(req, reply, isDemo)} csrfToken={req.staffSession?.csrfToken} {...props} />);
    });

    app.post('/staff/exchange/members', { config: { access: operatorOnly }, schema: { hide: true, body: FormBody } }, async (req, reply) => {
      if (!isGenuinePost(req, req.body[csrfField])) return sendPage(reply, <ForgedPage ctx={await pageContext(req, reply, isDemo)} />, 403);
      const form = memberFormFromBody(req.body);
      const again = async (errors: FieldErrors, status: number) =>
        sendPage(reply, <MembersPage ctx={await pageContext(req, reply, isDemo)} csrfToken={req.staffSession?.csrfToken} {...await membersPage(req, 1, form, errors)} />, status);
      const parsed = memberInputOf(form);
      if (!parsed.ok) return again(parsed.errors, 422);
      const done = await attemptChange(() => createMember(deps.admin, staffOf(req), parsed.value), memberRuleErrors);
      if (!done.ok) return again(done.errors, done.status);
      return reply.redirect(`${agencyPath(done.value.agencyCode)}?saved=1`, 303);
    });

    async function agencyPage(req: FastifyRequest, code: string, page: number, form: SubsystemForm, errors: FieldErrors, notice?: 'saved' | 'conflict') {
      const staff = staffOf(req);
      assertSees(staff, code);
      const member = await getMemberOrFail(deps.admin, code);
      const subsystems = await listSubsystems(deps.admin, code);
      const services = await loadPage(page, (window) => listExchangeServices(deps.admin, staff, { agencyCode: code }, window));
      const usage = await usageOfServices(deps, member, services.items);
      return { staff, member, subsystems, services, usage, form, errors, notice };
    }

    app.get('/staff/exchange/agencies/:code', { config: { access: readers }, schema: { hide: true, params: AgencyParams, querystring: NoticeQuery } }, async (req, reply) => {
      const notice = req.query.saved === '1' ? 'saved' : req.query.conflict === '1' ? 'conflict' : undefined;
      const props = await agencyPage(req, req.params.code, pageOf(req.query.page), emptySubsystemForm, {}, notice);
      return sendPage(reply, <AgencyPage ctx={await pageContext(req, reply, isDemo)} csrfToken={req.staffSession?.csrfToken} {...props} />);
    });

    app.post('/staff/exchange/agencies/:code/subsystems', { config: { access: editors }, schema: { hide: true, params: AgencyParams, body: FormBody } }, async (req, reply) => {
      if (!isGenuinePost(req, req.body[csrfField])) return sendPage(reply, <ForgedPage ctx={await pageContext(req, reply, isDemo)} />, 403);
      const staff = staffOf(req);
      assertSees(staff, req.params.code);
      const form = subsystemFormFromBody(req.body);
      const again = async (errors: FieldErrors, status: number) =>
        sendPage(reply, <AgencyPage ctx={await pageContext(req, reply, isDemo)} csrfToken={req.staffSession?.csrfToken} {...await agencyPage(req, req.params.code, 1, form, errors)} />, status);
      const parsed = subsystemInputOf(form);
      if (!parsed.ok) return again(parsed.errors, 422);
      const done = await attemptChange(() => createSubsystem(deps.admin, staff, req.params.code, parsed.value), subsystemRuleErrors);
      if (!done.ok) return again(done.errors, done.status);
      return reply.redirect(`${subsystemPath(done.value.id)}?saved=1`, 303);
    });
  };
}
