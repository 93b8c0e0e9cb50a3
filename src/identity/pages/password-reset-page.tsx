import Type from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/database.ts';
import { isAppError } from '../../core/errors.ts';
import { pageContext, sendPage, type PageContext, type PagesPlugin } from '../../web/index.ts';
import { TextInput } from '../../web/components/form-fields.tsx';
import { CodeInput, IdentifierInput, NewPasswordFields } from './person-fields.tsx';
import { asciiDigits } from '../../web/forms/index.ts';
import { parseMobile } from '../../core/person-input.ts';
import { isSameOriginRequest } from '../../web/csrf.ts';
import type { IdentifierType } from '../accounts/index.ts';
import { finishPasswordReset, parseIdentifier, startPasswordReset, type AddressThrottle } from '../sign-in/index.ts';
import { asProblem, clientOf, problemText, PersonPage, problemStatus, sendForged, throttled, type FormProblem } from './sign-in-kit.tsx';

interface ResetForm {
  identifierType: IdentifierType;
  identifier: string;
  mobile: string;
}

function ResetPage({ ctx, form, problem }: { ctx: PageContext; form: ResetForm; problem?: FormProblem | null }) {
  const { t } = ctx.i18n;
  const foreign = form.identifierType === 'foreign_national';
  const fieldError = (id: string) => (problem?.fieldId === id ? problemText(ctx, problem) : undefined);
  return (
    <PersonPage ctx={ctx} title={t('reset.title')} problem={problem ?? null}>
      <p>{t('reset.intro')}</p>
      <form method="post" action="/sign-in/reset" noValidate>
        <input type="hidden" name="identifierType" value={form.identifierType} />
        <IdentifierInput i18n={ctx.i18n} foreign={foreign} value={form.identifier} error={fieldError('identifier')} />
        <TextInput i18n={ctx.i18n} id="mobile" name="mobile" type="tel" value={form.mobile} autoComplete="tel" size={18} label={t('reset.mobile')} hint={t('reset.mobileHint')} error={fieldError('mobile')} />
        <button type="submit">{t('reset.submit')}</button>
      </form>
      <p>
        <a href={foreign ? '/sign-in/reset' : '/sign-in/reset?type=foreign_national'}>{t(foreign ? 'signIn.switch.national' : 'signIn.switch.foreign')}</a>
      </p>
    </PersonPage>
  );
}

function NewPasswordPage({ ctx, codeId, problem }: { ctx: PageContext; codeId: string; problem?: FormProblem | null }) {
  const { t } = ctx.i18n;
  const fieldError = (id: string) => (problem?.fieldId === id ? problemText(ctx, problem) : undefined);
  return (
    <PersonPage ctx={ctx} title={t('reset.code.title')} problem={problem ?? null}>
      <p>{t('reset.code.intro')}</p>
      <form method="post" action="/sign-in/reset/code" noValidate>
        <input type="hidden" name="id" value={codeId} />
        <CodeInput i18n={ctx.i18n} label={t('signIn.code.label')} error={fieldError('code')} />
        <NewPasswordFields i18n={ctx.i18n} fieldError={fieldError} />
        <button type="submit">{t('reset.code.submit')}</button>
      </form>
      <p>
        <a href="/sign-in/reset">{t('signIn.code.again')}</a>
      </p>
    </PersonPage>
  );
}

const identifierTypeOf = (v: string | undefined): IdentifierType => (v === 'foreign_national' ? 'foreign_national' : 'national_code');
const ResetQuery = Type.Object({ type: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: true });
const ResetBody = Type.Object(
  { identifierType: Type.Optional(Type.String({ maxLength: 40 })), identifier: Type.Optional(Type.String({ maxLength: 2000 })), mobile: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: true },
);
const CodeQuery = Type.Object({ id: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: true });
const CodeBody = Type.Object(
  {
    id: Type.Optional(Type.String({ maxLength: 200 })),
    code: Type.Optional(Type.String({ maxLength: 200 })),
    password: Type.Optional(Type.String({ maxLength: 4000 })),
    repeated: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: true },
);

/** A forgotten password, replaced through the verified mobile (sign-in/password-reset.ts). */
export function passwordResetRoutes({ db, throttle }: { db: Database; throttle: AddressThrottle }): PagesPlugin {
  return async (plain, { isDemo }) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/sign-in/reset', { config: { access: 'public' }, schema: { hide: true, querystring: ResetQuery } }, async (req, reply) => {
      const ctx = await pageContext(req, reply, isDemo);
      return sendPage(reply, <ResetPage ctx={ctx} form={{ identifierType: identifierTypeOf(req.query.type), identifier: '', mobile: '' }} />);
    });

    app.post('/sign-in/reset', { config: { access: 'public' }, schema: { hide: true, body: ResetBody } }, async (req, reply) => {
      if (!isSameOriginRequest(req)) return sendForged(req, reply, isDemo);
      const limited = await throttled(req, reply, isDemo, throttle);
      if (limited) return limited;
      const ctx = await pageContext(req, reply, isDemo);
      const form: ResetForm = { identifierType: identifierTypeOf(req.body.identifierType), identifier: (req.body.identifier ?? '').slice(0, 64), mobile: (req.body.mobile ?? '').slice(0, 40) };
      const again = (problem: FormProblem, status: number) => sendPage(reply, <ResetPage ctx={ctx} form={form} problem={problem} />, problemStatus(reply, problem, status));
      const identifier = parseIdentifier(form.identifierType, req.body.identifier ?? '');
      if (!identifier) return again({ code: 'SIGN_IN_IDENTIFIER_INVALID', fieldId: 'identifier' }, 422);
      const typedMobile = parseMobile(req.body.mobile ?? '');
      const mobile = typedMobile.ok ? typedMobile.value : null;
      if (!mobile) return again({ code: 'VALIDATION_FAILED', fieldId: 'mobile' }, 422);
      try {
        const { codeId } = await startPasswordReset(db, { identifierType: form.identifierType, identifier, mobile, text: (code) => ctx.i18n.t('reset.sms', { code }), client: clientOf(req) });
        req.server.outbox.nudge();
        return reply.redirect(`/sign-in/reset/code?id=${codeId}`, 303);
      } catch (error) {
        if (isAppError(error) && error.code === 'ONE_TIME_CODE_TOO_MANY') return again({ code: 'ONE_TIME_CODE_TOO_MANY', fieldId: 'identifier', retryAfterSeconds: 3600 }, 429);
        throw error;
      }
    });

    app.get('/sign-in/reset/code', { config: { access: 'public' }, schema: { hide: true, querystring: CodeQuery } }, async (req, reply) => {
      const id = req.query.id ?? '';
      if (!/^[0-9a-f-]{36}$/i.test(id)) return reply.redirect('/sign-in/reset', 303);
      return sendPage(reply, <NewPasswordPage ctx={await pageContext(req, reply, isDemo)} codeId={id} />);
    });

    app.post('/sign-in/reset/code', { config: { access: 'public' }, schema: { hide: true, body: CodeBody } }, async (req, reply) => {
      if (!isSameOriginRequest(req)) return sendForged(req, reply, isDemo);
      const limited = await throttled(req, reply, isDemo, throttle);
      if (limited) return limited;
      const ctx = await pageContext(req, reply, isDemo);
      const codeId = req.body.id ?? '';
      const again = (problem: FormProblem, status: number) => sendPage(reply, <NewPasswordPage ctx={ctx} codeId={codeId} problem={problem} />, problemStatus(reply, problem, status));
      const code = asciiDigits(req.body.code ?? '').replace(/\s/g, '');
      if (!code) return again({ code: 'VALIDATION_FAILED', fieldId: 'code' }, 422);
      const result = await finishPasswordReset(db, { codeId, code: code.slice(0, 20), password: req.body.password ?? '', repeated: req.body.repeated ?? '', client: clientOf(req) });
      if (!result.ok) return again(asProblem(result, result.code.startsWith('ONE_TIME_CODE') ? 'code' : result.code === 'PASSWORD_MISMATCH' ? 'repeated' : 'password'), 422);
      return reply.redirect('/sign-in?reset=1&method=password', 303);
    });
  };
}
