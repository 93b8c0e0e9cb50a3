import Type from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { mayManageAgency } from '../../core/access.ts';
import { AppError, isAppError } from '../../core/errors.ts';
import { pageContext, sendPage, type PageContext, type PagesPlugin } from '../../web/index.ts';
import { DataTable } from '../../web/components/data-table.tsx';
import { ErrorSummary, errorTitle } from '../../web/components/error-summary.tsx';
import { Select, TextInput, Textarea } from '../../web/components/form-fields.tsx';
import { fieldMessage, ForgedPage, FormBody, isGenuinePost, staffOf, summaryItems, type StaffPrincipal } from '../../web/forms/index.ts';
import type { MessageKey } from '../../web/i18n/translate.ts';
import type { ClientCredential, CredentialKind, Subsystem } from '../model.ts';
import { getSubsystemOrFail, updateSubsystem } from '../admin/subsystems.ts';
import { isOperator } from '../admin/authorize.ts';
import { listCredentials, registerCredential, revokeCredential } from '../admin/credentials.ts';
import { listExchangeServices } from '../admin/exchange-services.ts';
import { listSubsystemRights } from '../admin/access-requests.ts';
import type { ServiceView } from '../admin/service-repository.ts';
import type { AccessRequestView } from '../admin/request-repository.ts';
import { ActiveTag, ConsolePage, CsrfInput, Notice, agencyPath, assertSees, csrfField, editors, nameOf, readers, requestPath, servicePath, subsystemPath, when, type ExchangePagesDeps } from './common.tsx';
import { attemptChange, credentialFields, credentialFormFromBody, credentialInputOf, credentialRuleErrors, emptyCredentialForm, one, type CredentialForm, type FieldErrors } from './forms.ts';
import { ListPages, PageParam, loadPage, pageOf, type ListPage } from './paging.tsx';
import { RateLimitFieldset, ownLimitText, rateLimitFields, rateLimitFormFromBody, rateLimitFormOf, rateLimitInputOf, rateLimitRuleErrors, type RateLimitForm } from './rate-limit-form.tsx';
import { setConsumerRateLimit } from '../admin/rate-limits.ts';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
const SubsystemQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 10 })), services: PageParam, rights: PageParam }, { additionalProperties: true });
type Pages = { services: number; rights: number };

const kindKeys: Record<CredentialKind, MessageKey> = { certificate: 'exchange.credential.certificate', jwk: 'exchange.credential.jwk', secret: 'exchange.credential.secret' };

interface SubsystemProps {
  ctx: PageContext;
  staff: StaffPrincipal;
  csrfToken: string | undefined;
  subsystem: Subsystem;
  credentials: ClientCredential[];
  services: ListPage<ServiceView>;
  rights: ListPage<AccessRequestView>;
  sharedSecrets: boolean;
  form: CredentialForm;
  errors: FieldErrors;
  /** The operator's rate-limit form, when it was sent back with mistakes. */
  limit?: { form: RateLimitForm; errors: FieldErrors };
  saved?: boolean;
  /** A shared secret just generated: shown this once. */
  secret?: string;
}

function SubsystemPage({ ctx, staff, csrfToken, subsystem, credentials, services, rights, sharedSecrets, form, errors, limit, saved, secret }: SubsystemProps) {
  const { i18n } = ctx;
  const { t } = i18n;
  const manage = mayManageAgency(staff, subsystem.agencyCode);
  const title = t('exchange.subsystem.title', { code: subsystem.code });
  const items = [...summaryItems(i18n, errors, credentialFields), ...summaryItems(i18n, limit?.errors ?? {}, rateLimitFields)];
  const field = (f: keyof CredentialForm) => ({ i18n, id: credentialFields[f].id, name: f, label: t(credentialFields[f].label), error: fieldMessage(i18n, errors, f, credentialFields) });
  const kinds: CredentialKind[] = sharedSecrets ? ['certificate', 'jwk', 'secret'] : ['certificate', 'jwk'];
  return (
    <ConsolePage ctx={ctx} title={errorTitle(i18n, title, items.length > 0)} csrfToken={csrfToken} back={{ href: agencyPath(subsystem.agencyCode), label: t('exchange.backToAgency') }}>
      <ErrorSummary i18n={i18n} errors={items} />
      {saved && !items.length ? <Notice text={t('staff.saved')} /> : null}
      <h1>{title}</h1>
      <p>
        {nameOf(i18n, subsystem)} · <ActiveTag i18n={i18n} status={subsystem.status} />
      </p>
      {secret ? (
        <div class="notice" role="status">
          <h2>{t('exchange.secret.title')}</h2>
          <p>{t('exchange.secret.body')}</p>
          <p>
            <code dir="ltr">{secret}</code>
          </p>
        </div>
      ) : null}
      <h2>{t('exchange.credentials')}</h2>
      <DataTable
        i18n={i18n}
        caption={t('exchange.credentials')}
        hideCaption
        rows={credentials}
        rowKey={(c) => String(c.id)}
        emptyText={t('exchange.credentials.none')}
        columns={[
          { header: t('exchange.credential.kind'), rowHeader: true, cell: (c) => t(kindKeys[c.kind]) },
          { header: t('exchange.credential.label'), cell: (c) => c.label || '—' },
          { header: t('exchange.credential.fingerprint'), cell: (c) => <code dir="ltr" class="fingerprint">{c.fingerprint}</code> },
          { header: t('exchange.credential.notAfter'), cell: (c) => (c.notAfter ? i18n.date(c.notAfter) : '—') },
          { header: t('exchange.status'), cell: (c) => (c.revokedAt ? t('exchange.credential.revokedOn', { date: i18n.date(c.revokedAt) }) : t('exchange.active')) },
          ...(manage
            ? [
                {
                  header: t('staff.home.actions'),
                  cell: (c: ClientCredential) =>
                    c.revokedAt ? null : (
                      <form method="post" action={`/staff/exchange/credentials/${c.id}/revoke`}>
                        <CsrfInput token={csrfToken ?? ''} />
                        <button type="submit" class="button-secondary">
                          {t('exchange.revoke')}
                          <span class="visually-hidden"> {c.label || c.fingerprint}</span>
                        </button>
                      </form>
                    ),
                },
              ]
            : []),
        ]}
      />
      {manage ? (
        <form method="post" action={`${subsystemPath(subsystem.id)}/credentials`} class="staff-form" noValidate>
          <CsrfInput token={csrfToken ?? ''} />
          <fieldset>
            <legend>{t('exchange.credential.new')}</legend>
            <Select {...field('kind')} value={form.kind} options={kinds.map((k) => ({ value: k, label: t(kindKeys[k]) }))} />
            <Textarea {...field('material')} hint={t(sharedSecrets ? 'exchange.credential.materialHintSecret' : 'exchange.credential.materialHint')} value={form.material} rows={8} dir="ltr" />
            <TextInput {...field('label')} optional hint={t('exchange.credential.labelHint')} value={form.label} />
          </fieldset>
          <button type="submit">{t('exchange.credential.register')}</button>
        </form>
      ) : null}
      <h2>{t('exchange.limit.consumerTitle')}</h2>
      <p>
        {t('exchange.limit.consumerCurrent')} {ownLimitText(i18n, subsystem, t('exchange.service.rateLimitDefault'))}
      </p>
      {isOperator(staff) ? (
        <RateLimitFieldset
          i18n={i18n}
          action={`${subsystemPath(subsystem.id)}/rate-limit`}
          csrfToken={csrfToken}
          version={subsystem.version}
          legend={t('exchange.limit.consumerLegend')}
          hint={t('exchange.limit.consumerHint')}
          form={limit?.form ?? rateLimitFormOf(subsystem)}
          errors={limit?.errors ?? {}}
        />
      ) : null}
      <h2>{t('exchange.subsystem.provides')}</h2>
      {manage ? (
        <p>
          <a href={`${subsystemPath(subsystem.id)}/services/new`}>{t('exchange.service.new')}</a>
        </p>
      ) : null}
      <DataTable
        i18n={i18n}
        caption={t('exchange.subsystem.provides')}
        hideCaption
        rows={services.items}
        rowKey={(s) => String(s.id)}
        emptyText={t('exchange.services.none')}
        columns={[
          { header: t('exchange.service.code'), rowHeader: true, cell: (s) => <a href={servicePath(s.id)} dir="ltr">{s.code}</a> },
          { header: t('exchange.name'), cell: (s) => nameOf(i18n, s) },
          { header: t('exchange.service.endpointCount'), numeric: true, cell: (s) => i18n.n(s.endpoints.length) },
          { header: t('exchange.status'), cell: (s) => <ActiveTag i18n={i18n} status={s.status} /> },
        ]}
      />
      <ListPages i18n={i18n} list={services} path={subsystemPath(subsystem.id)} url={ctx.url} param="services" label={t('exchange.pagesOf', { list: t('exchange.subsystem.provides') })} />
      <h2>{t('exchange.subsystem.mayCall')}</h2>
      <DataTable
        i18n={i18n}
        caption={t('exchange.subsystem.mayCall')}
        hideCaption
        rows={rights.items}
        rowKey={(r) => String(r.id)}
        emptyText={t('exchange.rights.noneOut')}
        columns={[
          { header: t('exchange.request.service'), rowHeader: true, cell: (r) => <a href={requestPath(r.id)} dir="ltr">{`${r.providerAgencyCode}/${r.providerSubsystemCode}/${r.serviceCode}`}</a> },
          { header: t('exchange.request.endpoints'), cell: (r) => (r.endpoints ? <span dir="ltr">{r.endpoints.map((e) => `${e.method} ${e.path}`).join(', ')}</span> : t('exchange.request.allEndpoints')) },
          { header: t('exchange.limit.quota'), cell: (r) => ownLimitText(i18n, r, t('exchange.limit.noQuota')) },
          { header: t('exchange.request.since'), cell: (r) => when(i18n, r.updatedAt) },
        ]}
      />
      <ListPages i18n={i18n} list={rights} path={subsystemPath(subsystem.id)} url={ctx.url} param="rights" label={t('exchange.pagesOf', { list: t('exchange.subsystem.mayCall') })} />
    </ConsolePage>
  );
}

/** One subsystem: its credentials (register, revoke), the services it provides, what it may call. */
export function subsystemPages(deps: ExchangePagesDeps): PagesPlugin {
  return async (plain, { isDemo }) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    const sharedSecrets = deps.admin.settings.sharedSecrets;

    async function load(req: FastifyRequest, id: number, pages: Pages = { services: 1, rights: 1 }) {
      const staff = staffOf(req);
      const subsystem = await getSubsystemOrFail(deps.admin, id);
      assertSees(staff, subsystem.agencyCode);
      const credentials = await listCredentials(deps.admin, staff, id);
      const services = await loadPage(pages.services, (window) => listExchangeServices(deps.admin, staff, { subsystemId: id }, window));
      const rights = await loadPage(pages.rights, (window) => listSubsystemRights(deps.admin, staff, id, window));
      return { staff, subsystem, credentials, services, rights, sharedSecrets };
    }

    app.get('/staff/exchange/subsystems/:id', { config: { access: readers }, schema: { hide: true, params: IdParams, querystring: SubsystemQuery } }, async (req, reply) => {
      const props = await load(req, req.params.id, { services: pageOf(req.query.services), rights: pageOf(req.query.rights) });
      return sendPage(reply, <SubsystemPage ctx={await pageContext(req, reply, isDemo)} csrfToken={req.staffSession?.csrfToken} {...props} form={emptyCredentialForm} errors={{}} saved={req.query.saved === '1'} />);
    });

    app.post('/staff/exchange/subsystems/:id/status', { config: { access: editors }, schema: { hide: true, params: IdParams, body: FormBody } }, async (req, reply) => {
      if (!isGenuinePost(req, req.body[csrfField])) return sendPage(reply, <ForgedPage ctx={await pageContext(req, reply, isDemo)} />, 403);
      const status = one(req.body, 'status');
      const version = Number(one(req.body, 'version'));
      const subsystem = await getSubsystemOrFail(deps.admin, req.params.id);
      if ((status !== 'active' && status !== 'disabled') || !Number.isInteger(version) || version < 1) {
        throw new AppError('VALIDATION_FAILED');
      }
      try {
        await updateSubsystem(deps.admin, staffOf(req), subsystem.id, { status, version });
      } catch (error) {
        if (isAppError(error) && error.code === 'VERSION_CONFLICT') return reply.redirect(`${agencyPath(subsystem.agencyCode)}?conflict=1`, 303);
        throw error;
      }
      return reply.redirect(`${agencyPath(subsystem.agencyCode)}?saved=1`, 303);
    });

    app.post('/staff/exchange/subsystems/:id/credentials', { config: { access: editors }, schema: { hide: true, params: IdParams, body: FormBody } }, async (req, reply) => {
      if (!isGenuinePost(req, req.body[csrfField])) return sendPage(reply, <ForgedPage ctx={await pageContext(req, reply, isDemo)} />, 403);
      const form = credentialFormFromBody(req.body);
      const props = await load(req, req.params.id);
      const ctx = await pageContext(req, reply, isDemo);
      const again = (errors: FieldErrors, status: number) => sendPage(reply, <SubsystemPage ctx={ctx} csrfToken={req.staffSession?.csrfToken} {...props} form={form} errors={errors} />, status);
      const parsed = credentialInputOf(form, sharedSecrets);
      if (!parsed.ok) return again(parsed.errors, 422);
      const done = await attemptChange(() => registerCredential(deps.admin, props.staff, props.subsystem.id, parsed.value), credentialRuleErrors);
      if (!done.ok) return again(done.errors, done.status);
      const { secret } = done.value;
      if (secret === undefined) return reply.redirect(`${subsystemPath(props.subsystem.id)}?saved=1`, 303);
      // The one time the secret is shown: rendered in the answer to the post, never stored in a link.
      const fresh = await load(req, req.params.id);
      return sendPage(reply, <SubsystemPage ctx={ctx} csrfToken={req.staffSession?.csrfToken} {...fresh} form={emptyCredentialForm} errors={{}} saved secret={secret} />, 201);
    });

    app.post('/staff/exchange/subsystems/:id/rate-limit', { config: { access: ['operator'] }, schema: { hide: true, params: IdParams, body: FormBody } }, async (req, reply) => {
      if (!isGenuinePost(req, req.body[csrfField])) return sendPage(reply, <ForgedPage ctx={await pageContext(req, reply, isDemo)} />, 403);
      const form = rateLimitFormFromBody(req.body);
      const again = async (errors: FieldErrors, status: number) =>
        sendPage(reply, <SubsystemPage ctx={await pageContext(req, reply, isDemo)} csrfToken={req.staffSession?.csrfToken} {...await load(req, req.params.id)} form={emptyCredentialForm} errors={{}} limit={{ form, errors }} />, status);
      const parsed = rateLimitInputOf(form, one(req.body, 'version'));
      if (!parsed.ok) return again(parsed.errors, 422);
      // A version conflict goes on to the console's conflict page, as for every other form.
      const done = await attemptChange(() => setConsumerRateLimit(deps.admin, staffOf(req), req.params.id, parsed.value), rateLimitRuleErrors);
      if (!done.ok) return again(done.errors, done.status);
      return reply.redirect(`${subsystemPath(req.params.id)}?saved=1`, 303);
    });

    app.post('/staff/exchange/credentials/:id/revoke', { config: { access: editors }, schema: { hide: true, params: IdParams, body: FormBody } }, async (req, reply) => {
      if (!isGenuinePost(req, req.body[csrfField])) return sendPage(reply, <ForgedPage ctx={await pageContext(req, reply, isDemo)} />, 403);
      const revoked = await revokeCredential(deps.admin, staffOf(req), req.params.id);
      return reply.redirect(`${subsystemPath(revoked.subsystemId)}?saved=1`, 303);
    });
  };
}
