import Type from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../../core/errors.ts';
import { pageContext, sendPage, type PageContext, type PagesPlugin } from '../../web/index.ts';
import { DataTable } from '../../web/components/data-table.tsx';
import { ErrorSummary, errorTitle } from '../../web/components/error-summary.tsx';
import { Textarea } from '../../web/components/form-fields.tsx';
import { ForgedPage, FormBody, isGenuinePost, staffOf, summaryItems, type FieldErrors, type StaffPrincipal } from '../../web/forms/index.ts';
import type { MessageKey } from '../../web/i18n/translate.ts';
import type { Member } from '../model.ts';
import { getMemberOrFail } from '../admin/members.ts';
import { getAccessRequestOrFail, listAccessRequests, transitionAccessRequest, type AccessRequestDetail } from '../admin/access-requests.ts';
import { decideTransition, requestActions, type RequestAction } from '../admin/transitions.ts';
import { isAdminOf, isOperator } from '../admin/authorize.ts';
import { actorNames, type ActorName } from '../admin/actor-names.ts';
import type { AccessRequestView } from '../admin/request-repository.ts';
import { ConsolePage, CsrfInput, Notice, RequestStatusTag, agencyPath, assertSees, csrfField, editors, isOperatorStaff, nameOf, readers, requestPath, servicePath, subsystemPath, when, type ExchangePagesDeps } from './common.tsx';
import { attemptChange, one } from './forms.ts';
import { ListPages, PageParam, loadPage, pageOf, type ListPage } from './paging.tsx';
import { RateLimitFieldset, ownLimitText, rateLimitFields, rateLimitFormFromBody, rateLimitFormOf, rateLimitInputOf, rateLimitRuleErrors, type RateLimitForm } from './rate-limit-form.tsx';
import { setRightQuota } from '../admin/rate-limits.ts';

const AgencyParams = Type.Object({ code: Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{1,31}$' }) });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
const ActionParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), action: Type.Enum([...requestActions]) });
const NoticeQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 10 })) }, { additionalProperties: true });
const RequestsQuery = Type.Object({ incoming: PageParam, outgoing: PageParam }, { additionalProperties: true });
const BoardQuery = Type.Object({ page: PageParam }, { additionalProperties: true });

const actionKeys: Record<RequestAction, { button: MessageKey; legend: MessageKey }> = {
  approve: { button: 'exchange.action.approve', legend: 'exchange.action.approveLegend' },
  refuse: { button: 'exchange.action.refuse', legend: 'exchange.action.refuseLegend' },
  withdraw: { button: 'exchange.action.withdraw', legend: 'exchange.action.withdrawLegend' },
  revoke: { button: 'exchange.action.revoke', legend: 'exchange.action.revokeLegend' },
};
const needsMessage = (a: RequestAction) => a === 'refuse' || a === 'revoke';

const serviceLabel = (r: AccessRequestView) => `${r.providerAgencyCode}/${r.providerSubsystemCode}/${r.serviceCode}`;
const consumerLabel = (r: AccessRequestView) => `${r.consumerAgencyCode}/${r.consumerSubsystemCode}`;

function RequestTable({ ctx, caption, rows, empty }: { ctx: PageContext; caption: string; rows: AccessRequestView[]; empty: string }) {
  const { i18n } = ctx;
  const { t } = i18n;
  return (
    <DataTable
      i18n={i18n}
      caption={caption}
      hideCaption
      rows={rows}
      rowKey={(r) => String(r.id)}
      emptyText={empty}
      columns={[
        { header: t('exchange.request.number'), rowHeader: true, cell: (r) => <a href={requestPath(r.id)}>{t('exchange.request.numbered', { id: r.id })}</a> },
        { header: t('exchange.request.consumer'), cell: (r) => <span dir="ltr">{consumerLabel(r)}</span> },
        { header: t('exchange.request.service'), cell: (r) => <span dir="ltr">{serviceLabel(r)}</span> },
        { header: t('exchange.status'), cell: (r) => <RequestStatusTag i18n={i18n} status={r.status} /> },
        { header: t('exchange.request.updated'), cell: (r) => when(i18n, r.updatedAt) },
      ]}
    />
  );
}

interface RequestsProps {
  ctx: PageContext;
  csrfToken: string | undefined;
  member: Member;
  staff: StaffPrincipal;
  incoming: ListPage<AccessRequestView>;
  outgoing: ListPage<AccessRequestView>;
}

function RequestsPage({ ctx, csrfToken, member, staff, incoming, outgoing }: RequestsProps) {
  const { i18n } = ctx;
  const { t } = i18n;
  const title = t('exchange.requests.titleOf', { agency: nameOf(i18n, member) });
  const path = `${agencyPath(member.agencyCode)}/requests`;
  return (
    <ConsolePage ctx={ctx} title={title} csrfToken={csrfToken} back={{ href: agencyPath(member.agencyCode), label: t('exchange.backToAgency') }}>
      <h1>{title}</h1>
      {staff.role !== 'auditor' ? (
        <p>
          <a href={`${agencyPath(member.agencyCode)}/requests/new`}>{isOperatorStaff(staff) ? t('exchange.request.newOrGrant') : t('exchange.request.new')}</a>
        </p>
      ) : null}
      <h2>{t('exchange.requests.incoming')}</h2>
      <p>{t('exchange.requests.incomingIntro')}</p>
      <RequestTable ctx={ctx} caption={t('exchange.requests.incoming')} rows={incoming.items} empty={t('exchange.requests.noneIncoming')} />
      <ListPages i18n={i18n} list={incoming} path={path} url={ctx.url} param="incoming" label={t('exchange.pagesOf', { list: t('exchange.requests.incoming') })} />
      <h2>{t('exchange.requests.outgoing')}</h2>
      <p>{t('exchange.requests.outgoingIntro')}</p>
      <RequestTable ctx={ctx} caption={t('exchange.requests.outgoing')} rows={outgoing.items} empty={t('exchange.requests.noneOutgoing')} />
      <ListPages i18n={i18n} list={outgoing} path={path} url={ctx.url} param="outgoing" label={t('exchange.pagesOf', { list: t('exchange.requests.outgoing') })} />
    </ConsolePage>
  );
}

function BoardPage({ ctx, csrfToken, queue }: { ctx: PageContext; csrfToken: string | undefined; queue: ListPage<AccessRequestView> }) {
  const { t } = ctx.i18n;
  const title = t('exchange.board.title');
  return (
    <ConsolePage ctx={ctx} title={title} csrfToken={csrfToken} back={{ href: '/staff/exchange', label: t('exchange.members.title') }}>
      <h1>{title}</h1>
      <p>{t('exchange.board.intro')}</p>
      <RequestTable ctx={ctx} caption={title} rows={queue.items} empty={t('exchange.board.none')} />
      <ListPages i18n={ctx.i18n} list={queue} path="/staff/exchange/board" url={ctx.url} param="page" />
    </ConsolePage>
  );
}

interface RequestProps {
  ctx: PageContext;
  csrfToken: string | undefined;
  staff: StaffPrincipal;
  request: AccessRequestDetail;
  /** Who acted in the history, by name where the account is known. */
  actors: Map<string, ActorName>;
  saved?: boolean;
  /** The action whose form was sent without its required message. */
  missing?: RequestAction;
  /** The quota form, when it was sent back with mistakes. */
  quota?: { form: RateLimitForm; errors: FieldErrors };
}

const isOpen = (r: AccessRequestView) => r.status === 'pending' || r.status === 'provider_approved' || r.status === 'approved';

/** Who acted: a person's name (the label stays visible to assistive technology too), or the stored label when the account is gone. */
function Actor({ i18n, label, actor }: { i18n: PageContext['i18n']; label: string; actor: ActorName | undefined }) {
  if (!actor) return <span dir="ltr">{label}</span>;
  if (actor.kind === 'system') return <>{i18n.t('exchange.request.actorSystem', { name: actor.name })}</>;
  return <bdi>{actor.name}</bdi>;
}

function RequestPage({ ctx, csrfToken, staff, request, actors, saved, missing, quota }: RequestProps) {
  const { i18n } = ctx;
  const { t } = i18n;
  const title = t('exchange.request.title', { id: request.id });
  const sides = { operator: isOperator(staff), consumer: isAdminOf(staff, request.consumerAgencyCode), provider: isAdminOf(staff, request.providerAgencyCode) };
  const possible = staff.role === 'auditor' ? [] : requestActions.filter((a) => decideTransition(a, request, sides).ok);
  const messageError = missing ? t('exchange.error.messageRequired') : undefined;
  const home = sides.provider ? request.providerAgencyCode : request.consumerAgencyCode;
  const setsQuota = (sides.operator || sides.provider) && staff.role !== 'auditor' && isOpen(request);
  const quotaItems = summaryItems(i18n, quota?.errors ?? {}, rateLimitFields);
  return (
    <ConsolePage
      ctx={ctx}
      title={errorTitle(i18n, title, !!missing || quotaItems.length > 0)}
      csrfToken={csrfToken}
      back={sides.operator && request.status === 'provider_approved' ? { href: '/staff/exchange/board', label: t('exchange.board.title') } : { href: `${agencyPath(home)}/requests`, label: t('exchange.requests.title') }}
    >
      {missing ? <ErrorSummary i18n={i18n} errors={[{ fieldId: `message-${missing}`, text: messageError! }]} /> : null}
      <ErrorSummary i18n={i18n} errors={quotaItems} />
      {saved && !missing ? <Notice text={t('staff.saved')} /> : null}
      <h1>{title}</h1>
      <dl>
        <dt>{t('exchange.status')}</dt>
        <dd>
          <RequestStatusTag i18n={i18n} status={request.status} />
          {request.boardRequired ? ` ${t('exchange.request.boardRequired')}` : null}
        </dd>
        <dt>{t('exchange.request.consumer')}</dt>
        <dd>
          <a href={subsystemPath(request.consumerSubsystemId)} dir="ltr">
            {consumerLabel(request)}
          </a>
        </dd>
        <dt>{t('exchange.request.service')}</dt>
        <dd>
          <a href={servicePath(request.serviceId)} dir="ltr">
            {serviceLabel(request)}
          </a>
        </dd>
        <dt>{t('exchange.request.endpoints')}</dt>
        <dd>{request.endpoints ? <span dir="ltr">{request.endpoints.map((e) => `${e.method} ${e.path}`).join(', ')}</span> : t('exchange.request.allEndpoints')}</dd>
        <dt>{t('exchange.request.purpose')}</dt>
        <dd>{request.purpose}</dd>
        <dt>{t('exchange.request.legalBasis')}</dt>
        <dd>{request.legalBasis}</dd>
        <dt>{t('exchange.limit.quota')}</dt>
        <dd>{ownLimitText(i18n, request, t('exchange.limit.noQuota'))}</dd>
      </dl>
      {setsQuota ? (
        <RateLimitFieldset
          i18n={i18n}
          action={`${requestPath(request.id)}/quota`}
          csrfToken={csrfToken}
          version={request.version}
          legend={t('exchange.limit.quotaLegend')}
          hint={t('exchange.limit.quotaHint')}
          form={quota?.form ?? rateLimitFormOf(request)}
          errors={quota?.errors ?? {}}
        />
      ) : null}
      {possible.map((action) => (
        <form key={action} method="post" action={`${requestPath(request.id)}/${action}`} class="staff-form" noValidate>
          <CsrfInput token={csrfToken ?? ''} />
          <input type="hidden" name="version" value={String(request.version)} />
          <fieldset>
            <legend>{t(actionKeys[action].legend)}</legend>
            <Textarea
              i18n={i18n}
              id={`message-${action}`}
              name="message"
              label={t('exchange.request.reason')}
              optional={!needsMessage(action)}
              hint={needsMessage(action) ? t('exchange.request.reasonHint') : undefined}
              error={missing === action ? messageError : undefined}
              value=""
              rows={2}
            />
            <button type="submit" class={action === 'approve' ? undefined : 'button-secondary'}>
              {t(actionKeys[action].button)}
            </button>
          </fieldset>
        </form>
      ))}
      <h2>{t('exchange.request.history')}</h2>
      <DataTable
        i18n={i18n}
        caption={t('exchange.request.history')}
        hideCaption
        rows={request.events}
        rowKey={(_e, i) => String(i)}
        columns={[
          { header: t('exchange.request.when'), rowHeader: true, cell: (e) => when(i18n, e.at) },
          { header: t('exchange.status'), cell: (e) => <RequestStatusTag i18n={i18n} status={e.status} /> },
          { header: t('exchange.request.actor'), cell: (e) => <Actor i18n={i18n} label={e.actor} actor={actors.get(e.actor)} /> },
          { header: t('exchange.request.reason'), cell: (e) => e.message || '—' },
        ]}
      />
    </ConsolePage>
  );
}

/** Access rights: incoming and outgoing requests, filing and granting, decisions, the board's queue. */
export function requestPages(deps: ExchangePagesDeps): PagesPlugin {
  return async (plain, { isDemo }) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/staff/exchange/agencies/:code/requests', { config: { access: readers }, schema: { hide: true, params: AgencyParams, querystring: RequestsQuery } }, async (req, reply) => {
      const staff = staffOf(req);
      assertSees(staff, req.params.code);
      const member = await getMemberOrFail(deps.admin, req.params.code);
      const incoming = await loadPage(pageOf(req.query.incoming), (window) => listAccessRequests(deps.admin, staff, { providerAgencyCode: member.agencyCode }, window));
      const outgoing = await loadPage(pageOf(req.query.outgoing), (window) => listAccessRequests(deps.admin, staff, { consumerAgencyCode: member.agencyCode }, window));
      return sendPage(reply, <RequestsPage ctx={await pageContext(req, reply, isDemo)} csrfToken={req.staffSession?.csrfToken} member={member} staff={staff} incoming={incoming} outgoing={outgoing} />);
    });

    app.get('/staff/exchange/board', { config: { access: ['operator', 'auditor'] }, schema: { hide: true, querystring: BoardQuery } }, async (req, reply) => {
      const queue = await loadPage(pageOf(req.query.page), (window) => listAccessRequests(deps.admin, staffOf(req), { status: 'provider_approved' }, window));
      return sendPage(reply, <BoardPage ctx={await pageContext(req, reply, isDemo)} csrfToken={req.staffSession?.csrfToken} queue={queue} />);
    });

    app.get('/staff/exchange/requests/:id', { config: { access: readers }, schema: { hide: true, params: IdParams, querystring: NoticeQuery } }, async (req, reply) => {
      const staff = staffOf(req);
      const request = await getAccessRequestOrFail(deps.admin, staff, req.params.id);
      const actors = await actorNames(deps.staffNames, deps.admin.db, request.events.map((e) => e.actor));
      return sendPage(reply, <RequestPage ctx={await pageContext(req, reply, isDemo)} csrfToken={req.staffSession?.csrfToken} staff={staff} request={request} actors={actors} saved={req.query.saved === '1'} />);
    });

    app.post('/staff/exchange/requests/:id/quota', { config: { access: editors }, schema: { hide: true, params: IdParams, body: FormBody } }, async (req, reply) => {
      if (!isGenuinePost(req, req.body[csrfField])) return sendPage(reply, <ForgedPage ctx={await pageContext(req, reply, isDemo)} />, 403);
      const staff = staffOf(req);
      const form = rateLimitFormFromBody(req.body);
      const again = async (errors: FieldErrors, status: number) => {
        const request = await getAccessRequestOrFail(deps.admin, staff, req.params.id);
        const actors = await actorNames(deps.staffNames, deps.admin.db, request.events.map((e) => e.actor));
        return sendPage(reply, <RequestPage ctx={await pageContext(req, reply, isDemo)} csrfToken={req.staffSession?.csrfToken} staff={staff} request={request} actors={actors} quota={{ form, errors }} />, status);
      };
      const parsed = rateLimitInputOf(form, one(req.body, 'version'));
      if (!parsed.ok) return again(parsed.errors, 422);
      const done = await attemptChange(() => setRightQuota(deps.admin, staff, req.params.id, parsed.value), rateLimitRuleErrors);
      if (!done.ok) return again(done.errors, done.status);
      return reply.redirect(`${requestPath(req.params.id)}?saved=1`, 303);
    });

    app.post('/staff/exchange/requests/:id/:action', { config: { access: editors }, schema: { hide: true, params: ActionParams, body: FormBody } }, async (req, reply) => {
      if (!isGenuinePost(req, req.body[csrfField])) return sendPage(reply, <ForgedPage ctx={await pageContext(req, reply, isDemo)} />, 403);
      const staff = staffOf(req);
      const action = req.params.action as RequestAction;
      const message = one(req.body, 'message').trim();
      const versionText = one(req.body, 'version');
      const version = /^\d{1,9}$/.test(versionText) ? Number(versionText) : undefined;
      if (message.length > 2000) throw new AppError('VALIDATION_FAILED');
      if (needsMessage(action) && !message) {
        const request = await getAccessRequestOrFail(deps.admin, staff, req.params.id);
        const actors = await actorNames(deps.staffNames, deps.admin.db, request.events.map((e) => e.actor));
        return sendPage(reply, <RequestPage ctx={await pageContext(req, reply, isDemo)} csrfToken={req.staffSession?.csrfToken} staff={staff} request={request} actors={actors} missing={action} />, 422);
      }
      await transitionAccessRequest(deps.admin, staff, req.params.id, action, { ...(message ? { message } : {}), ...(version !== undefined && version > 0 ? { version } : {}) });
      return reply.redirect(`${requestPath(req.params.id)}?saved=1`, 303);
    });
  };
}
