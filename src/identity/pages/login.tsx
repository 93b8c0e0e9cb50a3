import Type from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/database.ts';
import { pageContext, sendPage, type PageContext, type PagesPlugin } from '../../web/index.ts';
import { Layout } from '../../web/components/layout.tsx';
import { ErrorSummary, errorTitle } from '../../web/components/error-summary.tsx';
import { TextInput } from '../../web/components/form-fields.tsx';
import { createSession, revokeSession } from '../sessions.ts';
import { clearCitizenSessionCookie, revokeCitizenSession } from '../citizen-sessions/index.ts';
import { staffAccountWithoutSecondFactor } from '../staff-sign-on.ts';
import { ForgedPage, csrfField, isGenuinePost } from '../../web/forms/index.ts';
import { clearSessionCookie, safeNext, setSessionCookie } from './session-cookie.ts';
import { isSameOriginRequest } from '../../web/csrf.ts';

type LoginError = 'missing' | 'invalid' | null;

function LoginPage({ ctx, next, error, signedOut, needsSecondFactor }: { ctx: PageContext; next: string | null; error: LoginError; signedOut?: boolean; needsSecondFactor?: boolean }) {
  const { t } = ctx.i18n;
  const message = error === 'missing' ? t('staff.login.missing') : error === 'invalid' ? t('staff.login.invalid') : undefined;
  const title = t('staff.login.title');
  return (
    <Layout i18n={ctx.i18n} title={errorTitle(ctx.i18n, title, !!message)} url={ctx.url} demo={ctx.demo} staffName={ctx.staffName}>
      {message ? <ErrorSummary i18n={ctx.i18n} errors={[{ fieldId: 'token', text: message }]} /> : null}
      {signedOut ? (
        <p class="notice" role="status">
          {t('staff.login.signedOut')}
        </p>
      ) : null}
      <h1>{title}</h1>
      <p>{t('staff.login.intro')}</p>
      <h2>{t('staff.login.account')}</h2>
      <p>{t('staff.login.accountIntro')}</p>
      {needsSecondFactor ? (
        <p class="notice" role="status">
          {t('staff.login.needsSecondFactor')} <a href="/account/security">{t('staff.login.securityLink')}</a>
        </p>
      ) : (
        <p>
          <a href={`/sign-in?next=${encodeURIComponent(next ?? '/staff')}`}>{t('staff.login.accountLink')}</a>
        </p>
      )}
      <h2>{t('staff.login.tokenSection')}</h2>
      <form method="post" action="/staff/login" noValidate>
        {next ? <input type="hidden" name="next" value={next} /> : null}
        {/* A password field: the token is a secret, so it is neither shown nor offered back by autofill. */}
        <TextInput i18n={ctx.i18n} id="token" name="token" type="password" dir="ltr" autoComplete="off" spellCheck={false} label={t('staff.login.token')} hint={t('staff.login.tokenHint')} error={message} value="" />
        <button type="submit">{t('staff.login.submit')}</button>
      </form>
    </Layout>
  );
}

const LoginQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })), signedOut: Type.Optional(Type.String({ maxLength: 10 })) }, { additionalProperties: true });
// The token is not limited here: an over-long one is simply not valid, and gets the form again.
const LoginBody = Type.Object({ token: Type.Optional(Type.String({ maxLength: 8000 })), next: Type.Optional(Type.String({ maxLength: 8000 })) }, { additionalProperties: true });
const LogoutBody = Type.Object({ [csrfField]: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: true });

/** Signing in with an API token (kept in a session cookie from then on) and signing out. */
export function sessionPages({ db }: { db: Database }): PagesPlugin {
  return async (plain, { isDemo }) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/staff/login', { config: { access: 'public' }, schema: { hide: true, querystring: LoginQuery } }, async (req, reply) => {
      const ctx = await pageContext(req, reply, isDemo);
      const needsSecondFactor = await staffAccountWithoutSecondFactor(db, req);
      return sendPage(reply, <LoginPage ctx={ctx} next={safeNext(req.query.next)} error={null} signedOut={req.query.signedOut === '1'} needsSecondFactor={needsSecondFactor} />);
    });

    app.post('/staff/login', { config: { access: 'public' }, schema: { hide: true, body: LoginBody } }, async (req, reply) => {
      const ctx = await pageContext(req, reply, isDemo);
      // Without a session there is no synchronizer token yet; the browser's own word on where
      // the post came from keeps another site from signing a person in as someone else.
      if (!isSameOriginRequest(req)) return sendPage(reply, <ForgedPage ctx={ctx} />, 403);
      const next = safeNext(req.body.next);
      const token = (req.body.token ?? '').trim();
      if (!token) return sendPage(reply, <LoginPage ctx={ctx} next={next} error="missing" />, 422);
      const session = token.length <= 200 ? await createSession(db, token) : null;
      if (!session) return sendPage(reply, <LoginPage ctx={ctx} next={next} error="invalid" />, 401);
      if (req.staffSession) await revokeSession(db, req.staffSession.id);
      setSessionCookie(req, reply, session.secret);
      return reply.redirect(next ?? '/staff', 303);
    });

    app.post('/staff/logout', { config: { access: ['operator', 'agency_admin', 'auditor'] }, schema: { hide: true, body: LogoutBody } }, async (req, reply) => {
      if (!isGenuinePost(req, req.body[csrfField])) return sendPage(reply, <ForgedPage ctx={await pageContext(req, reply, isDemo)} />, 403);
      // Signed in as a person: signing out of the staff area ends that person's portal session too.
      if (req.principal.kind === 'staff' && req.principal.authenticatedBy === 'single_sign_on') {
        await db.transaction((tx) => revokeCitizenSession(tx, req.staffSession!.id));
        clearCitizenSessionCookie(req, reply);
      } else {
        await revokeSession(db, req.staffSession!.id);
        clearSessionCookie(req, reply);
      }
      return reply.redirect('/staff/login?signedOut=1', 303);
    });
  };
}
