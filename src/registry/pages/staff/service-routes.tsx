import Type from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { isAppError } from '../../../core/errors.ts';
import { mayManageAgency } from '../../../core/access.ts';
import { getServiceOrFail, updateService } from '../../services.ts';
import type { Service } from '../../model.ts';
import { pageContext, sendPage, type DemoFlag, type PageContext, type PagesPlugin } from '../../../web/index.ts';
import { ForgedPage, FormBody, MessagePage, csrfField, isGenuinePost, staffOf, type FieldErrors } from '../../../web/forms/index.ts';
import { ServiceEditPage } from './service-edit.tsx';
import { serviceFormFromBody, serviceFormOf, servicePatchOf, serviceRuleErrors } from './service-form.ts';
import type { AppDeps } from '../../../db/app-deps.ts';

// Any string of sane length: the registry checks the identifier and its check digits.
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) });
const EditQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 10 })) }, { additionalProperties: true });
const editors = ['operator', 'agency_admin'] as const;

function OtherAgencyPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx.i18n;
  return (
    <MessagePage ctx={ctx} title={t('staff.otherAgency.title')}>
      <p>{t('staff.otherAgency.body')}</p>
    </MessagePage>
  );
}

function RetiredPage({ ctx, service }: { ctx: PageContext; service: Service }) {
  const { t } = ctx.i18n;
  return (
    <MessagePage ctx={ctx} title={t('staff.retired.title')}>
      <p>{t('staff.retired.body', { id: service.id })}</p>
    </MessagePage>
  );
}

/**
 * The service as the signed-in person may edit it, or the page that explains why not.
 * Checked on every request, the post included: the form is no proof of permission.
 */
async function editable(deps: AppDeps, req: FastifyRequest, reply: FastifyReply, isDemo: DemoFlag, id: string) {
  const staff = staffOf(req);
  const service = await getServiceOrFail(deps, id);
  const ctx = await pageContext(req, reply, isDemo);
  if (!mayManageAgency(staff, service.agencyCode)) return { refused: sendPage(reply, <OtherAgencyPage ctx={ctx} />, 403) };
  if (service.status === 'retired') return { refused: sendPage(reply, <RetiredPage ctx={ctx} service={service} />, 409) };
  return { staff, service, ctx };
}

/** Editing one service: operator, or the admin of the agency that provides it. */
export function serviceEditPages({ deps }: { deps: AppDeps }): PagesPlugin {
  return async (plain, { isDemo }) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/staff/services/:id/edit', { config: { access: editors }, schema: { hide: true, params: IdParams, querystring: EditQuery } }, async (req, reply) => {
      const found = await editable(deps, req, reply, isDemo, req.params.id);
      if ('refused' in found) return found.refused;
      const { service, ctx } = found;
      return sendPage(reply, <ServiceEditPage ctx={ctx} service={service} form={serviceFormOf(service)} errors={{}} saved={req.query.saved === '1'} csrfToken={req.staffSession?.csrfToken} />);
    });

    app.post('/staff/services/:id/edit', { config: { access: editors }, schema: { hide: true, params: IdParams, body: FormBody } }, async (req, reply) => {
      if (!isGenuinePost(req, req.body[csrfField])) return sendPage(reply, <ForgedPage ctx={await pageContext(req, reply, isDemo)} />, 403);
      const found = await editable(deps, req, reply, isDemo, req.params.id);
      if ('refused' in found) return found.refused;
      const { staff, service, ctx } = found;
      const form = serviceFormFromBody(req.body);
      const again = (props: { errors?: FieldErrors; conflict?: boolean }, status: number) =>
        sendPage(reply, <ServiceEditPage ctx={ctx} service={service} form={form} errors={props.errors ?? {}} conflict={props.conflict} csrfToken={req.staffSession?.csrfToken} />, status);
      const parsed = servicePatchOf(form);
      if (!parsed.ok) return again({ errors: parsed.errors }, 422);
      try {
        await updateService(deps, staff, service.id, parsed.patch);
      } catch (error) {
        if (!isAppError(error)) throw error;
        if (error.code === 'VERSION_CONFLICT') return again({ conflict: true }, 409);
        if (error.code === 'FORBIDDEN_OTHER_AGENCY') return sendPage(reply, <OtherAgencyPage ctx={ctx} />, 403);
        if (error.code === 'SERVICE_RETIRED') return sendPage(reply, <RetiredPage ctx={ctx} service={service} />, 409);
        const errors = serviceRuleErrors(error);
        if (!Object.keys(errors).length) throw error;
        return again({ errors }, 422);
      }
      return reply.redirect(`/staff/services/${service.id}/edit?saved=1`, 303);
    });
  };
}
