import type { FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AppError } from '../../core/errors.ts';
import { pageContext, sendPage, type PageContext, type PagesPlugin } from '../../web/index.ts';
import { DataTable } from '../../web/components/data-table.tsx';
import { ErrorSummary, errorTitle } from '../../web/components/error-summary.tsx';
import { TextInput } from '../../web/components/form-fields.tsx';
import { fieldMessage, ForgedPage, FormBody, isGenuinePost, staffOf, summaryItems, type FieldSpec, type StaffPrincipal } from '../../web/forms/index.ts';
import type { Member } from '../model.ts';
import type { UpstreamRegistration } from '../upstream-addresses/registrations.ts';
import { getMemberOrFail } from '../admin/members.ts';
import { listUpstreams, registerUpstream, revokeUpstream } from '../admin/upstream-registrations.ts';
import { agencyCode, type UpstreamRegistrationCreate } from '../admin/schemas.ts';
import { ConsolePage, CsrfInput, Notice, agencyPath, csrfField, editors, isOperatorStaff, nameOf, when, type ExchangePagesDeps } from './common.tsx';
import { attemptChange, ok, one, type FieldErrors, type Parsed } from './forms.ts';

/**
 * A member's backend addresses in the console: the operator registers and revokes them; the
 * member's own admins read them (their services' upstreams must lie inside one). Auditors and
 * other agencies never see backend addresses.
 */

interface RegistrationForm {
  url: string;
  internalAddresses: string;
  note: string;
}
const fields: Record<keyof RegistrationForm, FieldSpec> = {
  url: { id: 'upstream-url', label: 'exchange.upstreams.url', kind: 'url', maxLength: 2000 },
  internalAddresses: { id: 'upstream-internalAddresses', label: 'exchange.upstreams.internalAddresses', kind: 'text', maxLength: 1000 },
  note: { id: 'upstream-note', label: 'exchange.upstreams.note', kind: 'text', maxLength: 500 },
};
const emptyForm: RegistrationForm = { url: '', internalAddresses: '', note: '' };
const formFromBody = (b: FormBody): RegistrationForm => ({ url: one(b, 'url'), internalAddresses: one(b, 'internalAddresses'), note: one(b, 'note') });

function inputOf(form: RegistrationForm): Parsed<UpstreamRegistrationCreate> {
  const url = form.url.trim();
  if (!url) return { ok: false, errors: { url: { key: 'staff.error.required' } } };
  const internalAddresses = form.internalAddresses.split(/[\s,،]+/).filter(Boolean);
  const note = form.note.trim();
  return ok({ url, ...(internalAddresses.length ? { internalAddresses } : {}), ...(note ? { note } : {}) });
}

/** The management layer's refusals, on the field a person must change. */
function ruleErrors(error: AppError): FieldErrors {
  switch (error.code) {
    case 'EXCHANGE_UPSTREAM_URL_INVALID':
      return { url: { key: 'exchange.error.upstreamUrl' } };
    case 'EXCHANGE_UPSTREAM_ADDRESS_INTERNAL':
      return { url: { key: 'exchange.error.registrationInternal' } };
    case 'EXCHANGE_UPSTREAM_REGISTRATION_EXISTS':
      return { url: { key: 'exchange.error.registrationExists' } };
    case 'EXCHANGE_UPSTREAM_REGISTRATION_OVERLAPS':
      return { url: { key: 'exchange.error.registrationOverlaps' } };
    case 'VALIDATION_FAILED':
      return { internalAddresses: { key: 'exchange.error.internalAddresses' } };
    default:
      return {};
  }
}

interface Props {
  ctx: PageContext;
  staff: StaffPrincipal;
  csrfToken: string | undefined;
  member: Member;
  registrations: UpstreamRegistration[];
  form: RegistrationForm;
  errors: FieldErrors;
  notice?: 'saved' | undefined;
}

function UpstreamsPage({ ctx, staff, csrfToken, member, registrations, form, errors, notice }: Props) {
  const { i18n } = ctx;
  const { t } = i18n;
  const operator = isOperatorStaff(staff);
  const title = t('exchange.upstreams.title', { agency: nameOf(i18n, member) });
  const items = summaryItems(i18n, errors, fields);
  const field = (f: keyof RegistrationForm) => ({ i18n, id: fields[f].id, name: f, label: t(fields[f].label), error: fieldMessage(i18n, errors, f, fields) });
  const path = upstreamsPath(member.agencyCode);
  return (
    <ConsolePage ctx={ctx} title={errorTitle(i18n, title, items.length > 0)} csrfToken={csrfToken} back={{ href: agencyPath(member.agencyCode), label: t('exchange.backToAgency') }}>
      <ErrorSummary i18n={i18n} errors={items} />
      {notice === 'saved' ? <Notice text={t('staff.saved')} /> : null}
      <h1>{title}</h1>
      <p>{t('exchange.upstreams.intro')}</p>
      <DataTable
        i18n={i18n}
        caption={t('exchange.upstreams.caption')}
        hideCaption
        rows={registrations}
        rowKey={(r) => String(r.id)}
        emptyText={t('exchange.upstreams.none')}
        columns={[
          { header: t('exchange.upstreams.url'), rowHeader: true, cell: (r) => <code dir="ltr">{r.urlPrefix}</code> },
          { header: t('exchange.upstreams.internalAddresses'), cell: (r) => (r.internalAddresses.length ? <span dir="ltr">{r.internalAddresses.join(', ')}</span> : '—') },
          { header: t('exchange.upstreams.note'), cell: (r) => r.note || '—' },
          { header: t('exchange.upstreams.registered'), cell: (r) => `${when(i18n, r.createdAt)} (${r.createdBy})` },
          {
            header: t('exchange.status'),
            cell: (r) =>
              r.revokedAt !== null ? (
                `${t('exchange.credential.revokedOn', { date: when(i18n, r.revokedAt) })} (${r.revokedBy ?? ''})`
              ) : operator ? (
                <form method="post" action={`${path}/${r.id}/revoke`}>
                  <CsrfInput token={csrfToken ?? ''} />
                  <button type="submit" class="button-secondary">
                    {t('exchange.revoke')}
                    <span class="visually-hidden"> {r.urlPrefix}</span>
                  </button>
                </form>
              ) : (
                t('exchange.active')
              ),
          },
        ]}
      />
      {operator ? (
        <form method="post" action={path} class="staff-form" noValidate>
          <CsrfInput token={csrfToken ?? ''} />
          <fieldset>
            <legend>{t('exchange.upstreams.new')}</legend>
            <TextInput {...field('url')} type="url" hint={t('exchange.upstreams.urlHint')} value={form.url} dir="ltr" spellCheck={false} />
            <TextInput {...field('internalAddresses')} optional hint={t('exchange.upstreams.internalAddressesHint')} value={form.internalAddresses} dir="ltr" spellCheck={false} />
            <TextInput {...field('note')} optional value={form.note} />
          </fieldset>
          <button type="submit">{t('exchange.upstreams.register')}</button>
        </form>
      ) : null}
    </ConsolePage>
  );
}

export const upstreamsPath = (agencyCode: string) => `${agencyPath(agencyCode)}/upstreams`;

const AgencyParams = Type.Object({ code: agencyCode });
const RevokeParams = Type.Object({ code: agencyCode, id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
const SavedQuery = Type.Object({ saved: Type.Optional(Type.Literal('1')) });

export function upstreamPages(deps: ExchangePagesDeps): PagesPlugin {
  return async (plain, { isDemo }) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();

    async function page(req: FastifyRequest, code: string, form: RegistrationForm, errors: FieldErrors, notice?: 'saved') {
      const staff = staffOf(req);
      // listUpstreams refuses anyone but the operator and the member's own admins.
      const registrations = await listUpstreams(deps.admin, staff, code);
      const member = await getMemberOrFail(deps.admin, code);
      return { staff, member, registrations, form, errors, notice };
    }

    app.get('/staff/exchange/agencies/:code/upstreams', { config: { access: editors }, schema: { hide: true, params: AgencyParams, querystring: SavedQuery } }, async (req, reply) => {
      const props = await page(req, req.params.code, emptyForm, {}, req.query.saved === '1' ? 'saved' : undefined);
      return sendPage(reply, <UpstreamsPage ctx={await pageContext(req, reply, isDemo)} csrfToken={req.staffSession?.csrfToken} {...props} />);
    });

    app.post('/staff/exchange/agencies/:code/upstreams', { config: { access: ['operator'] }, schema: { hide: true, params: AgencyParams, body: FormBody } }, async (req, reply) => {
      if (!isGenuinePost(req, req.body[csrfField])) return sendPage(reply, <ForgedPage ctx={await pageContext(req, reply, isDemo)} />, 403);
      const form = formFromBody(req.body);
      const again = async (errors: FieldErrors, status: number) =>
        sendPage(reply, <UpstreamsPage ctx={await pageContext(req, reply, isDemo)} csrfToken={req.staffSession?.csrfToken} {...await page(req, req.params.code, form, errors)} />, status);
      const parsed = inputOf(form);
      if (!parsed.ok) return again(parsed.errors, 422);
      const done = await attemptChange(() => registerUpstream(deps.admin, staffOf(req), req.params.code, parsed.value), ruleErrors);
      if (!done.ok) return again(done.errors, done.status);
      return reply.redirect(`${upstreamsPath(req.params.code)}?saved=1`, 303);
    });

    app.post('/staff/exchange/agencies/:code/upstreams/:id/revoke', { config: { access: ['operator'] }, schema: { hide: true, params: RevokeParams, body: FormBody } }, async (req, reply) => {
      if (!isGenuinePost(req, req.body[csrfField])) return sendPage(reply, <ForgedPage ctx={await pageContext(req, reply, isDemo)} />, 403);
      await revokeUpstream(deps.admin, staffOf(req), req.params.code, req.params.id);
      return reply.redirect(`${upstreamsPath(req.params.code)}?saved=1`, 303);
    });
  };
}
