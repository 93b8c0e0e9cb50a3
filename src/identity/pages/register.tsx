import Type from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, isAppError, type ErrorCode } from '../../core/errors.ts';
import { isoDateIn } from '../../core/dates.ts';
import type { Database } from '../../db/database.ts';
import { sourceKey, type RateLimiter } from '../../http/rate-limit/index.ts';
import { pageContext, sendPage, type PageContext, type PagesPlugin } from '../../web/index.ts';
import { Layout } from '../../web/components/layout.tsx';
import { ErrorSummary, errorTitle, type ErrorSummaryItem } from '../../web/components/error-summary.tsx';
import { Select, TextInput } from '../../web/components/form-fields.tsx';
import { CodeInput } from './person-fields.tsx';
import { asciiDigits, csrfField, FormBody, one } from '../../web/forms/index.ts';
import type { I18n } from '../../web/i18n/translate.ts';
import type { IdentifierType } from '../accounts/index.ts';
import type { Registries } from '../registries/index.ts';
import { completeRegistration, resendRegistrationCode, RegistrationInputError, startRegistration, type RegistrationField } from '../registration/index.ts';
import { setCitizenSessionCookie } from '../citizen-sessions/index.ts';
import { safeNext } from './session-cookie.ts';
import { isGenuineRegistrationPost, registrationFormToken } from './register-form-token.ts';
import { gregorianMonths, persianMonths, registrationErrorText } from './register-messages.ts';

export interface RegistrationPagesOptions {
  db: Database;
  registries: Registries | null;
  /** Per client address: registration attempts and new codes (each may cost registry calls and an SMS). */
  limiter: RateLimiter;
  limits: { perHour: number; burst: number };
  timeZone: string;
  now: () => Date;
  /** Called after a code was queued, so it leaves at once. */
  nudgeOutbox: () => void;
}

interface Values {
  identifier: string;
  day: string;
  month: string;
  year: string;
  mobile: string;
}

interface FormState {
  values: Values;
  /** The refusals to show: per field, or for the whole form. */
  errors: { field?: RegistrationField; code: ErrorCode }[];
}

const empty: Values = { identifier: '', day: '', month: '', year: '', mobile: '' };
const fieldIds: Record<RegistrationField, string> = { identifier: 'identifier', birth: 'birth-day', mobile: 'mobile' };

/** The refusal as a person reads it, with the stable code a help desk can look up. */
function errorText(t: I18n['t'], code: ErrorCode): string {
  const key = registrationErrorText[code];
  return key ? t(key) : t('identity.register.error.unavailable');
}

function Refusal({ i18n, errors }: { i18n: I18n; errors: FormState['errors'] }) {
  if (!errors.length) return null;
  const items: ErrorSummaryItem[] = errors.map((e) => ({ text: errorText(i18n.t, e.code), ...(e.field ? { fieldId: fieldIds[e.field] } : {}) }));
  return (
    <>
      <ErrorSummary i18n={i18n} errors={items} />
      {errors.some((e) => e.code === 'REGISTRATION_ACCOUNT_EXISTS') ? (
        <p>
          <a href="/sign-in">{i18n.t('identity.register.signInInstead')}</a>
        </p>
      ) : null}
      <p class="error-reference">{i18n.t('identity.register.errorCode', { code: errors.map((e) => e.code).join(', ') })}</p>
    </>
  );
}

function RegisterPage({ ctx, type, state, token, next }: { ctx: PageContext; type: IdentifierType; state: FormState; token: string; next: string | null }) {
  const { t, locale } = ctx.i18n;
  const foreign = type === 'foreign_national';
  const title = t(foreign ? 'identity.register.foreign.title' : 'identity.register.title');
  const fieldError = (field: RegistrationField) => {
    const e = state.errors.find((x) => x.field === field);
    return e ? errorText(t, e.code) : undefined;
  };
  const months = (locale === 'fa' ? persianMonths : gregorianMonths).map((name, i) => ({ value: String(i + 1), label: name }));
  const v = state.values;
  const action = foreign ? '/register/foreign' : '/register';
  return (
    <Layout i18n={ctx.i18n} title={errorTitle(ctx.i18n, title, state.errors.length > 0)} url={ctx.url} demo={ctx.demo}>
      <Refusal i18n={ctx.i18n} errors={state.errors} />
      <h1>{title}</h1>
      <p>{t(foreign ? 'identity.register.foreign.intro' : 'identity.register.intro')}</p>
      <form method="post" action={next ? `${action}?next=${encodeURIComponent(next)}` : action} noValidate>
        <input type="hidden" name={csrfField} value={token} />
        <TextInput
          i18n={ctx.i18n}
          id="identifier"
          name="identifier"
          dir="ltr"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          size={foreign ? 14 : 12}
          label={t(foreign ? 'identity.register.foreignId' : 'identity.register.nationalCode')}
          hint={t(foreign ? 'identity.register.foreignIdHint' : 'identity.register.nationalCodeHint')}
          error={fieldError('identifier')}
          value={v.identifier}
        />
        <fieldset class={fieldError('birth') ? 'field field-error' : 'field'} aria-describedby={fieldError('birth') ? 'birth-error' : 'birth-hint'}>
          <legend>{t('identity.register.birthDate')}</legend>
          <p id="birth-hint" class="hint">
            {t(locale === 'fa' ? 'identity.register.birthDateHintPersian' : 'identity.register.birthDateHintGregorian')}
          </p>
          {fieldError('birth') ? (
            <p id="birth-error" class="field-error-message">
              {fieldError('birth')}
            </p>
          ) : null}
          <TextInput i18n={ctx.i18n} id="birth-day" name="day" dir="ltr" inputMode="numeric" size={3} autoComplete="bday-day" label={t('identity.register.day')} value={v.day} />
          <Select i18n={ctx.i18n} id="birth-month" name="month" label={t('identity.register.month')} value={v.month} options={months} emptyLabel={t('identity.register.chooseMonth')} />
          <TextInput i18n={ctx.i18n} id="birth-year" name="year" dir="ltr" inputMode="numeric" size={5} autoComplete={locale === 'fa' ? 'off' : 'bday-year'} label={t('identity.register.year')} value={v.year} />
        </fieldset>
        <TextInput
          i18n={ctx.i18n}
          id="mobile"
          name="mobile"
          type="tel"
          dir="ltr"
          inputMode="tel"
          autoComplete="tel"
          size={16}
          label={t('identity.register.mobile')}
          hint={t('identity.register.mobileHint')}
          error={fieldError('mobile')}
          value={v.mobile}
        />
        <button type="submit">{t('identity.register.submit')}</button>
      </form>
      <p>
        <a href={foreign ? '/register' : '/register/foreign'}>{t(foreign ? 'identity.register.nationalPath' : 'identity.register.foreignPath')}</a>
      </p>
    </Layout>
  );
}

function VerifyPage({ ctx, r, c, next, token, errors, resent }: { ctx: PageContext; r: string; c: string; next: string | null; token: string; errors: FormState['errors']; resent: boolean }) {
  const { t } = ctx.i18n;
  const title = t('identity.register.verify.title');
  const error = errors.find((e) => e.field === undefined);
  const query = next ? `?next=${encodeURIComponent(next)}` : '';
  return (
    <Layout i18n={ctx.i18n} title={errorTitle(ctx.i18n, title, errors.length > 0)} url={ctx.url} demo={ctx.demo}>
      {errors.length ? (
        <>
          <ErrorSummary i18n={ctx.i18n} errors={errors.map((e) => ({ text: errorText(t, e.code), fieldId: 'code' }))} />
          <p class="error-reference">{t('identity.register.errorCode', { code: errors.map((e) => e.code).join(', ') })}</p>
        </>
      ) : null}
      {resent ? (
        <p class="notice" role="status">
          {t('identity.register.verify.resent')}
        </p>
      ) : null}
      <h1>{title}</h1>
      <p>{t('identity.register.verify.intro')}</p>
      {ctx.demo ? (
        <p class="notice">
          <a href="/demo/messages">{t('identity.register.verify.demoHint')}</a>
        </p>
      ) : null}
      <form method="post" action={`/register/verify${query}`} noValidate>
        <input type="hidden" name={csrfField} value={token} />
        <input type="hidden" name="r" value={r} />
        <input type="hidden" name="c" value={c} />
        <CodeInput i18n={ctx.i18n} label={t('identity.register.verify.code')} hint={t('identity.register.verify.codeHint')} error={error ? errorText(t, error.code) : undefined} />
        <button type="submit">{t('identity.register.verify.submit')}</button>
      </form>
      <form method="post" action={`/register/verify/resend${query}`}>
        <input type="hidden" name={csrfField} value={token} />
        <input type="hidden" name="r" value={r} />
        <button type="submit" class="secondary">
          {t('identity.register.verify.resend')}
        </button>
      </form>
    </Layout>
  );
}

const NextQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: true });
const VerifyQuery = Type.Object(
  { r: Type.Optional(Type.String({ maxLength: 100 })), c: Type.Optional(Type.String({ maxLength: 100 })), sent: Type.Optional(Type.String({ maxLength: 10 })), next: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: true },
);

/** Each refusal's code in a header too, for programs and tests reading the page. */
function refuse(reply: FastifyReply, codes: ErrorCode[]): number {
  reply.header('x-error-code', codes.join(', '));
  const statuses = codes.map((c) => new AppError(c).status);
  return statuses.includes(503) ? 503 : statuses.includes(429) ? 429 : Math.max(...statuses);
}

/** Registration: `/register`, `/register/foreign`, the code at `/register/verify`. */
export function registrationPages(options: RegistrationPagesOptions): PagesPlugin {
  const { db, registries, limiter, limits } = options;
  const rate = limits.perHour / 3600;
  /** False when this address used up its registration attempts. */
  const allowed = async (req: FastifyRequest, reply: FastifyReply) => {
    const d = await limiter.take(`reg:${sourceKey(req.ip)}`, rate, limits.burst);
    if (!d.ok) reply.header('retry-after', String(d.retryAfterSeconds));
    return d.ok;
  };
  const smsText = (ctx: PageContext) => (code: string) => ctx.i18n.t('identity.register.sms', { code });

  return async (plain, { isDemo }) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();

    for (const [path, type] of [
      ['/register', 'national_code'],
      ['/register/foreign', 'foreign_national'],
    ] as const) {
      app.get(path, { config: { access: 'public' }, schema: { hide: true, querystring: NextQuery } }, async (req, reply) => {
        const ctx = await pageContext(req, reply, isDemo);
        return sendPage(reply, <RegisterPage ctx={ctx} type={type} state={{ values: empty, errors: [] }} token={registrationFormToken(req, reply)} next={safeNext(req.query.next)} />);
      });

      app.post(path, { config: { access: 'public' }, schema: { hide: true, querystring: NextQuery, body: FormBody } }, async (req, reply) => {
        const ctx = await pageContext(req, reply, isDemo);
        const body = req.body;
        const next = safeNext(req.query.next);
        const values: Values = { identifier: one(body, 'identifier'), day: one(body, 'day'), month: one(body, 'month'), year: one(body, 'year'), mobile: one(body, 'mobile') };
        // Over-long text is not shown back: it would only make the page heavy.
        for (const k of Object.keys(values) as (keyof Values)[]) if (values[k].length > 64) values[k] = '';
        const show = (errors: FormState['errors']) =>
          sendPage(reply, <RegisterPage ctx={ctx} type={type} state={{ values, errors }} token={registrationFormToken(req, reply)} next={next} />, refuse(reply, errors.map((e) => e.code)));
        if (!isGenuineRegistrationPost(req, body[csrfField])) return show([{ code: 'REGISTRATION_FORM_FORGED' }]);
        if (!(await allowed(req, reply))) return show([{ code: 'RATE_LIMITED' }]);
        try {
          const started = await startRegistration(
            { db, registries, today: () => isoDateIn(options.now(), options.timeZone) },
            { identifierType: type, identifier: values.identifier, calendar: ctx.i18n.locale === 'fa' ? 'persian' : 'gregorian', birth: { year: values.year, month: values.month, day: values.day }, mobile: values.mobile },
            smsText(ctx),
            { address: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null },
          );
          options.nudgeOutbox();
          const query = new URLSearchParams({ r: started.registrationId, c: started.codeId, ...(next ? { next } : {}) });
          return reply.redirect(`/register/verify?${query.toString()}`, 303);
        } catch (error) {
          if (error instanceof RegistrationInputError) return show(Object.entries(error.fields).map(([field, code]) => ({ field: field as RegistrationField, code: code })));
          if (isAppError(error) && registrationErrorText[error.code]) {
            if (error.detail) req.log.warn({ code: error.code, detail: error.detail }, 'registration refused');
            return show([{ code: error.code }]);
          }
          throw error;
        }
      });
    }

    app.get('/register/verify', { config: { access: 'public' }, schema: { hide: true, querystring: VerifyQuery } }, async (req, reply) => {
      const ctx = await pageContext(req, reply, isDemo);
      const { r = '', c = '' } = req.query;
      return sendPage(reply, <VerifyPage ctx={ctx} r={r} c={c} next={safeNext(req.query.next)} token={registrationFormToken(req, reply)} errors={[]} resent={req.query.sent === '1'} />);
    });

    app.post('/register/verify', { config: { access: 'public' }, schema: { hide: true, querystring: NextQuery, body: FormBody } }, async (req, reply) => {
      const ctx = await pageContext(req, reply, isDemo);
      const body = req.body;
      const next = safeNext(req.query.next);
      const r = one(body, 'r').slice(0, 100);
      const c = one(body, 'c').slice(0, 100);
      const show = (code: ErrorCode) => sendPage(reply, <VerifyPage ctx={ctx} r={r} c={c} next={next} token={registrationFormToken(req, reply)} errors={[{ code }]} resent={false} />, refuse(reply, [code]));
      if (!isGenuineRegistrationPost(req, body[csrfField])) return show('REGISTRATION_FORM_FORGED');
      try {
        const code = asciiDigits(one(body, 'code')).replace(/[\s\u200b-\u200f\u202a-\u202e\u2066-\u2069-]/g, '');
        const done = await completeRegistration(db, { registrationId: r, codeId: c, code, address: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null });
        setCitizenSessionCookie(req, reply, done.sessionSecret);
        return reply.redirect(next ?? '/account', 303);
      } catch (error) {
        if (isAppError(error) && registrationErrorText[error.code]) return show(error.code);
        throw error;
      }
    });

    app.post('/register/verify/resend', { config: { access: 'public' }, schema: { hide: true, querystring: NextQuery, body: FormBody } }, async (req, reply) => {
      const ctx = await pageContext(req, reply, isDemo);
      const body = req.body;
      const next = safeNext(req.query.next);
      const r = one(body, 'r').slice(0, 100);
      const show = (code: ErrorCode) => sendPage(reply, <VerifyPage ctx={ctx} r={r} c="" next={next} token={registrationFormToken(req, reply)} errors={[{ code }]} resent={false} />, refuse(reply, [code]));
      if (!isGenuineRegistrationPost(req, body[csrfField])) return show('REGISTRATION_FORM_FORGED');
      if (!(await allowed(req, reply))) return show('RATE_LIMITED');
      try {
        const { codeId } = await resendRegistrationCode(db, r, smsText(ctx), { address: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null });
        options.nudgeOutbox();
        const query = new URLSearchParams({ r, c: codeId, sent: '1', ...(next ? { next } : {}) });
        return reply.redirect(`/register/verify?${query.toString()}`, 303);
      } catch (error) {
        if (isAppError(error) && registrationErrorText[error.code]) return show(error.code);
        throw error;
      }
    });
  };
}
