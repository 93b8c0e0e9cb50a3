import Type from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { isAppError } from '../../../core/errors.ts';
import { agencyKinds, agencyKindNames } from '../../../core/taxonomy.ts';
import { getAgencyOrFail, updateAgency } from '../../agencies.ts';
import type { Agency } from '../../model.ts';
import { pageContext, sendPage, type PageContext, type PagesPlugin } from '../../../web/index.ts';
import { Layout } from '../../../web/components/layout.tsx';
import { ErrorSummary, errorTitle } from '../../../web/components/error-summary.tsx';
import { CheckboxGroup, Select, TextInput } from '../../../web/components/form-fields.tsx';
import { CsrfInput, ForgedPage, FormBody, csrfField, fieldMessage, isGenuinePost, staffOf, summaryItems, type FieldErrors } from '../../../web/forms/index.ts';
import { agencyFields, agencyFormFromBody, agencyFormOf, agencyPatchOf, agencyRuleErrors, type AgencyField, type AgencyForm } from './agency-form.ts';
import type { AppDeps } from '../../../db/app-deps.ts';

interface AgencyEditProps {
  ctx: PageContext;
  agency: Agency;
  form: AgencyForm;
  errors: FieldErrors;
  conflict?: boolean;
  saved?: boolean;
  csrfToken: string | undefined;
}

function AgencyEditPage({ ctx, agency, form, errors, conflict, saved, csrfToken }: AgencyEditProps) {
  const { i18n } = ctx;
  const { t } = i18n;
  const title = t('staff.agency.title', { name: i18n.locale === 'fa' ? agency.nameFa : agency.nameEn });
  const items = summaryItems(i18n, errors, agencyFields, conflict ? [t('staff.error.versionConflict')] : []);
  const field = (f: AgencyField) => ({ i18n, id: agencyFields[f].id, name: f, label: t(agencyFields[f].label), error: fieldMessage(i18n, errors, f, agencyFields) });
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
        {t('staff.agency.code')} <span dir="ltr">{agency.code}</span> · <a href={`/staff?agency=${encodeURIComponent(agency.code)}`}>{t('staff.agency.services')}</a>
      </p>
      {conflict ? (
        <p>
          <a href={`/staff/agencies/${agency.code}/edit`}>{t('staff.agency.reload')}</a>
        </p>
      ) : null}
      <form method="post" action={`/staff/agencies/${agency.code}/edit`} class="staff-form" noValidate>
        <CsrfInput token={csrfToken ?? ''} />
        <input type="hidden" name="version" value={form.version} />
        <TextInput {...field('nameFa')} value={form.nameFa} dir="rtl" lang="fa" />
        <TextInput {...field('nameEn')} value={form.nameEn} dir="ltr" lang="en" />
        <Select {...field('kind')} value={form.kind} options={agencyKinds.map((k) => ({ value: k, label: agencyKindNames[k][i18n.locale] }))} />
        <TextInput {...field('parentCode')} optional hint={t('staff.agency.parentCodeHint')} size={20} value={form.parentCode} {...ltr} />
        <CheckboxGroup {...field('eligible')} values={form.eligible ? ['true'] : []} options={[{ value: 'true', label: t('staff.agency.eligibleOption') }]} />
        <TextInput {...field('connectedOn')} optional hint={t('staff.agency.connectedOnHint')} size={12} value={form.connectedOn} {...ltr} />
        <TextInput {...field('contactEmail')} optional type="email" autoComplete="off" value={form.contactEmail} {...ltr} />
        <TextInput {...field('contactPhone')} optional type="tel" autoComplete="off" size={20} value={form.contactPhone} {...ltr} />
        <TextInput {...field('website')} optional type="url" hint={t('staff.service.accessUrlHint')} value={form.website} {...ltr} />
        <button type="submit">{t('staff.saveChanges')}</button>
      </form>
    </Layout>
  );
}

const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) });
const EditQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 10 })) }, { additionalProperties: true });
const operatorOnly = ['operator'] as const;

/** Editing an agency's entry: the operator only. */
export function agencyEditPages({ deps }: { deps: AppDeps }): PagesPlugin {
  return async (plain, { isDemo }) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/staff/agencies/:code/edit', { config: { access: operatorOnly }, schema: { hide: true, params: CodeParams, querystring: EditQuery } }, async (req, reply) => {
      const agency = await getAgencyOrFail(deps, req.params.code);
      const ctx = await pageContext(req, reply, isDemo);
      return sendPage(reply, <AgencyEditPage ctx={ctx} agency={agency} form={agencyFormOf(agency)} errors={{}} saved={req.query.saved === '1'} csrfToken={req.staffSession?.csrfToken} />);
    });

    app.post('/staff/agencies/:code/edit', { config: { access: operatorOnly }, schema: { hide: true, params: CodeParams, body: FormBody } }, async (req, reply) => {
      const ctx = await pageContext(req, reply, isDemo);
      if (!isGenuinePost(req, req.body[csrfField])) return sendPage(reply, <ForgedPage ctx={ctx} />, 403);
      const staff = staffOf(req);
      const agency = await getAgencyOrFail(deps, req.params.code);
      const form = agencyFormFromBody(req.body);
      const again = (errors: FieldErrors, status: number, conflict = false) =>
        sendPage(reply, <AgencyEditPage ctx={ctx} agency={agency} form={form} errors={errors} conflict={conflict} csrfToken={req.staffSession?.csrfToken} />, status);
      const parsed = agencyPatchOf(form);
      if (!parsed.ok) return again(parsed.errors, 422);
      try {
        await updateAgency(deps, staff, agency.code, parsed.patch);
      } catch (error) {
        if (!isAppError(error)) throw error;
        if (error.code === 'VERSION_CONFLICT') return again({}, 409, true);
        const errors = agencyRuleErrors(error);
        if (!Object.keys(errors).length) throw error;
        return again(errors, 422);
      }
      return reply.redirect(`/staff/agencies/${agency.code}/edit?saved=1`, 303);
    });
  };
}
