import Type from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../core/errors.ts';
import { pageContext, sendPage, type PageContext, type PagesPlugin } from '../../web/index.ts';
import { TextInput } from '../../web/components/form-fields.tsx';
import { CodeInput, IdentifierInput } from './person-fields.tsx';
import { asciiDigits, csrfField, isGenuinePost } from '../../web/forms/index.ts';
import { isSameOriginRequest } from '../../web/csrf.ts';
import type { IdentifierType } from '../accounts/index.ts';
import { citizenSessionOf, clearCitizenSessionCookie, revokeCitizenSession, setCitizenSessionCookie } from '../citizen-sessions/index.ts';
import { maxPasswordLength } from '../credentials/index.ts';
import { finishCodeSignIn, parseIdentifier, passwordSignIn, signOut, startApproval, startCodeSignIn, type AddressThrottle, type SignedIn } from '../sign-in/index.ts';
import { safeNext } from './session-cookie.ts';
import { asProblem, clientOf, problemText, PersonPage, problemStatus, sendForged, setApprovalCookie, throttled, type FormProblem } from './sign-in-kit.tsx';

type Method = 'code' | 'password' | 'device';

interface SignInForm {
  identifierType: IdentifierType;
  identifier: string;
  method: Method;
  next: string | null;
}

/** Carries the form's state in links that switch the method or the identifier type. */
function signInHref(f: Partial<SignInForm>): string {
  const q = new URLSearchParams();
  if (f.method === 'password' || f.method === 'device') q.set('method', f.method);
  if (f.identifierType === 'foreign_national') q.set('type', 'foreign_national');
  if (f.next) q.set('next', f.next);
  const s = q.toString();
  return s ? `/sign-in?${s}` : '/sign-in';
}

function SignInPage({ ctx, form, problem, notice }: { ctx: PageContext; form: SignInForm; problem?: FormProblem | null; notice?: 'signedOut' | 'reset' | null }) {
  const { t } = ctx.i18n;
  const foreign = form.identifierType === 'foreign_national';
  const fieldError = (id: string) => (problem?.fieldId === id ? problemText(ctx, problem) : undefined);
  return (
    <PersonPage ctx={ctx} title={t('signIn.title')} problem={problem ?? null}>
      {notice ? (
        <p class="notice" role="status">
          {t(notice === 'reset' ? 'signIn.notice.reset' : 'signIn.notice.signedOut')}
        </p>
      ) : null}
      {problem?.code === 'ONE_TIME_CODE_TOO_MANY' ? (
        <p>
          {t('signIn.codeTooMany.otherWays')} <a href={signInHref({ ...form, method: 'password' })}>{t('signIn.switch.password')}</a> ·{' '}
          <a href={signInHref({ ...form, method: 'device' })}>{t('approval.switch')}</a>
        </p>
      ) : null}
      <p>{t(form.method === 'password' ? 'signIn.intro.password' : form.method === 'device' ? 'approval.intro' : 'signIn.intro.code')}</p>
      <form method="post" action="/sign-in" noValidate>
        <input type="hidden" name="identifierType" value={form.identifierType} />
        <input type="hidden" name="method" value={form.method} />
        {form.next ? <input type="hidden" name="next" value={form.next} /> : null}
        <IdentifierInput i18n={ctx.i18n} foreign={foreign} value={form.identifier} hint={t(foreign ? 'signIn.identifier.foreignHint' : 'signIn.identifier.nationalHint')} error={fieldError('identifier')} />
        {form.method === 'password' ? (
          <TextInput i18n={ctx.i18n} id="password" name="password" type="password" value="" autoComplete="current-password" spellCheck={false} label={t('signIn.password')} error={fieldError('password')} />
        ) : null}
        <button type="submit">{t(form.method === 'password' ? 'signIn.submit.password' : form.method === 'device' ? 'approval.submit' : 'signIn.submit.code')}</button>
      </form>
      <ul class="sign-in-options">
        {form.method !== 'code' ? (
          <li>
            <a href={signInHref({ ...form, method: 'code' })}>{t('signIn.switch.code')}</a>
          </li>
        ) : null}
        {form.method !== 'password' ? (
          <li>
            <a href={signInHref({ ...form, method: 'password' })}>{t('signIn.switch.password')}</a>
          </li>
        ) : null}
        {form.method !== 'device' ? (
          <li>
            <a href={signInHref({ ...form, method: 'device' })}>{t('approval.switch')}</a>
          </li>
        ) : null}
        <li>
          <a href={signInHref({ ...form, identifierType: foreign ? 'national_code' : 'foreign_national' })}>{t(foreign ? 'signIn.switch.national' : 'signIn.switch.foreign')}</a>
        </li>
        <li>
          <a href="/sign-in/reset">{t('signIn.forgotPassword')}</a>
        </li>
        <li>
          <a href={form.next ? `/register?next=${encodeURIComponent(form.next)}` : '/register'}>{t('signIn.register')}</a>
        </li>
      </ul>
    </PersonPage>
  );
}

function CodePage({ ctx, codeId, next, problem }: { ctx: PageContext; codeId: string; next: string | null; problem?: FormProblem | null }) {
  const { t } = ctx.i18n;
  return (
    <PersonPage ctx={ctx} title={t('signIn.code.title')} problem={problem ?? null}>
      <p>{t('signIn.code.intro')}</p>
      <form method="post" action="/sign-in/code" noValidate>
        <input type="hidden" name="id" value={codeId} />
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <CodeInput i18n={ctx.i18n} label={t('signIn.code.label')} hint={t('signIn.code.hint')} error={problem ? problemText(ctx, problem) : undefined} />
        <button type="submit">{t('signIn.code.submit')}</button>
      </form>
      <p>
        <a href={signInHref({ next })}>{t('signIn.code.again')}</a>
      </p>
    </PersonPage>
  );
}

const identifierTypeOf = (v: string | undefined): IdentifierType => (v === 'foreign_national' ? 'foreign_national' : 'national_code');
const methodOf = (v: string | undefined): Method => (v === 'password' || v === 'device' ? v : 'code');

const SignInQuery = Type.Object(
  {
    next: Type.Optional(Type.String({ maxLength: 2000 })),
    method: Type.Optional(Type.String({ maxLength: 20 })),
    type: Type.Optional(Type.String({ maxLength: 20 })),
    signedOut: Type.Optional(Type.String({ maxLength: 10 })),
    reset: Type.Optional(Type.String({ maxLength: 10 })),
  },
  { additionalProperties: true },
);
// Bounded generously: an over-long value is refused by the rules with a message, not by the schema with a bare 400.
const SignInBody = Type.Object(
  {
    identifierType: Type.Optional(Type.String({ maxLength: 40 })),
    identifier: Type.Optional(Type.String({ maxLength: 2000 })),
    method: Type.Optional(Type.String({ maxLength: 20 })),
    password: Type.Optional(Type.String({ maxLength: 4000 })),
    next: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: true },
);
const CodeQuery = Type.Object({ id: Type.Optional(Type.String({ maxLength: 100 })), next: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: true });
const CodeBody = Type.Object(
  { id: Type.Optional(Type.String({ maxLength: 200 })), code: Type.Optional(Type.String({ maxLength: 200 })), next: Type.Optional(Type.String({ maxLength: 4000 })) },
  { additionalProperties: true },
);
const SignOutBody = Type.Object({ [csrfField]: Type.Optional(Type.String({ maxLength: 200 })), everywhere: Type.Optional(Type.String({ maxLength: 10 })) }, { additionalProperties: true });

/** Where a person goes once signed in (their account page, unless they were on their way elsewhere). */
export const afterSignIn = (next: string | null) => next ?? '/account';

/** Sets the new session's cookie (ending the one this browser had) and sends the person on. */
export async function finishSignIn(db: Database, req: FastifyRequest, reply: FastifyReply, signedIn: SignedIn, next: string | null): Promise<FastifyReply> {
  const previous = await citizenSessionOf(db, req);
  if (previous) await db.transaction((tx) => revokeCitizenSession(tx, previous.id));
  setCitizenSessionCookie(req, reply, signedIn.secret);
  if (signedIn.secondFactorPending) return reply.redirect(`/sign-in/second-factor${next ? `?next=${encodeURIComponent(next)}` : ''}`, 303);
  return reply.redirect(afterSignIn(next), 303);
}

/** People signing in: the identifier, then a code by SMS or a password; and signing out. */
export function signInRoutes({ db, throttle }: { db: Database; throttle: AddressThrottle }): PagesPlugin {
  return async (plain, { isDemo }) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/sign-in', { config: { access: 'public' }, schema: { hide: true, querystring: SignInQuery } }, async (req, reply) => {
      const next = safeNext(req.query.next);
      // Someone already signed in has nothing to do here.
      if (req.principal.kind === 'citizen') return reply.redirect(afterSignIn(next), 303);
      const ctx = await pageContext(req, reply, isDemo);
      const form: SignInForm = { identifierType: identifierTypeOf(req.query.type), identifier: '', method: methodOf(req.query.method), next };
      const notice = req.query.signedOut === '1' ? 'signedOut' : req.query.reset === '1' ? 'reset' : null;
      return sendPage(reply, <SignInPage ctx={ctx} form={form} notice={notice} />);
    });

    app.post('/sign-in', { config: { access: 'public' }, schema: { hide: true, body: SignInBody } }, async (req, reply) => {
      // No session yet, so no synchronizer token: the browser's word on where the post came
      // from keeps another site from signing a person in to an account of its choosing.
      if (!isSameOriginRequest(req)) return sendForged(req, reply, isDemo);
      const limited = await throttled(req, reply, isDemo, throttle);
      if (limited) return limited;
      const ctx = await pageContext(req, reply, isDemo);
      const form: SignInForm = {
        identifierType: identifierTypeOf(req.body.identifierType),
        identifier: (req.body.identifier ?? '').slice(0, 64),
        method: methodOf(req.body.method),
        next: safeNext(req.body.next),
      };
      const again = (problem: FormProblem, status: number) => sendPage(reply, <SignInPage ctx={ctx} form={form} problem={problem} />, problemStatus(reply, problem, status));
      const identifier = parseIdentifier(form.identifierType, req.body.identifier ?? '');
      if (!identifier) return again({ code: 'SIGN_IN_IDENTIFIER_INVALID', fieldId: 'identifier' }, 422);
      const client = clientOf(req);
      if (form.method === 'code') {
        const started = await startCodeSignIn(db, { identifierType: form.identifierType, identifier, text: (code) => ctx.i18n.t('signIn.sms', { code }), client, throttle });
        if (!started.ok) return again(asProblem(started, 'identifier'), 429);
        req.server.outbox.nudge();
        const q = new URLSearchParams({ id: started.codeId, ...(form.next ? { next: form.next } : {}) });
        return reply.redirect(`/sign-in/code?${q.toString()}`, 303);
      }
      if (form.method === 'device') {
        const { waiterSecret } = await startApproval(db, { identifierType: form.identifierType, identifier, client });
        setApprovalCookie(req, reply, waiterSecret);
        return reply.redirect(`/sign-in/device${form.next ? `?next=${encodeURIComponent(form.next)}` : ''}`, 303);
      }
      const password = req.body.password ?? '';
      if (!password) return again({ code: 'VALIDATION_FAILED', fieldId: 'password' }, 422);
      const result = await passwordSignIn(db, { identifierType: form.identifierType, identifier, password: password.slice(0, maxPasswordLength + 1), client });
      if (!result.ok) return again(asProblem(result, 'password'), result.code === 'SIGN_IN_LOCKED' ? 429 : 401);
      return finishSignIn(db, req, reply, result, form.next);
    });

    app.get('/sign-in/code', { config: { access: 'public' }, schema: { hide: true, querystring: CodeQuery } }, async (req, reply) => {
      const ctx = await pageContext(req, reply, isDemo);
      const id = req.query.id ?? '';
      if (!/^[0-9a-f-]{36}$/i.test(id)) return reply.redirect(signInHref({ next: safeNext(req.query.next) }), 303);
      return sendPage(reply, <CodePage ctx={ctx} codeId={id} next={safeNext(req.query.next)} />);
    });

    app.post('/sign-in/code', { config: { access: 'public' }, schema: { hide: true, body: CodeBody } }, async (req, reply) => {
      if (!isSameOriginRequest(req)) return sendForged(req, reply, isDemo);
      const limited = await throttled(req, reply, isDemo, throttle);
      if (limited) return limited;
      const ctx = await pageContext(req, reply, isDemo);
      const next = safeNext(req.body.next);
      const codeId = req.body.id ?? '';
      const code = (req.body.code ?? '').replace(/[\s\u200b-\u200f]/g, '');
      const again = (problem: FormProblem, status: number) => sendPage(reply, <CodePage ctx={ctx} codeId={codeId} next={next} problem={problem} />, problemStatus(reply, problem, status));
      if (!code) return again({ code: 'VALIDATION_FAILED', fieldId: 'code' }, 422);
      const result = await finishCodeSignIn(db, { codeId, code: asciiDigits(code).slice(0, 20), client: clientOf(req) });
      if (!result.ok) return again(asProblem(result, 'code'), 422);
      return finishSignIn(db, req, reply, result, next);
    });

    app.post('/sign-out', { config: { access: 'citizen' }, schema: { hide: true, body: SignOutBody } }, async (req, reply) => {
      if (!isGenuinePost(req, req.body[csrfField])) return sendForged(req, reply, isDemo);
      const principal = req.principal;
      if (principal.kind !== 'citizen' || !req.citizenSession) throw new AppError('UNAUTHENTICATED');
      await signOut(db, { sessionId: req.citizenSession.id, accountId: principal.accountId, everywhere: req.body.everywhere === '1', client: clientOf(req) });
      clearCitizenSessionCookie(req, reply);
      return reply.redirect('/sign-in?signedOut=1', 303);
    });
  };
}

