import Type from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/database.ts';
import { pageContext, sendPage, type PageContext, type PagesPlugin } from '../../web/index.ts';
import { CodeInput } from './person-fields.tsx';
import { asciiDigits, csrfField, CsrfInput } from '../../web/forms/index.ts';
import { csrfTokenMatches, isSameOriginRequest } from '../../web/csrf.ts';
import { citizenSessionOf, clearCitizenSessionCookie } from '../citizen-sessions/index.ts';
import { passSecondFactor, type AddressThrottle } from '../sign-in/index.ts';
import { safeNext } from './session-cookie.ts';
import { afterSignIn } from './sign-in.tsx';
import { asProblem, clientOf, problemText, PersonPage, problemStatus, sendForged, throttled, type FormProblem } from './sign-in-kit.tsx';

function SecondFactorPage({ ctx, csrfToken, next, problem }: { ctx: PageContext; csrfToken: string; next: string | null; problem?: FormProblem | null }) {
  const { t } = ctx.i18n;
  return (
    <PersonPage ctx={ctx} title={t('secondFactor.title')} problem={problem ?? null}>
      <p>{t('secondFactor.intro')}</p>
      <form method="post" action="/sign-in/second-factor" noValidate>
        <CsrfInput token={csrfToken} />
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <CodeInput i18n={ctx.i18n} digitsOnly={false} label={t('secondFactor.label')} hint={t('secondFactor.hint')} error={problem ? problemText(ctx, problem) : undefined} />
        <button type="submit">{t('secondFactor.submit')}</button>
      </form>
    </PersonPage>
  );
}

/** A page whose session was ended by the lockout: what happened, and the way back. */
function LockedPage({ ctx, problem }: { ctx: PageContext; problem: FormProblem }) {
  const { t } = ctx.i18n;
  return (
    <PersonPage ctx={ctx} title={t('secondFactor.title')} problem={problem}>
      <p>
        <a href="/sign-in">{t('secondFactor.startAgain')}</a>
      </p>
    </PersonPage>
  );
}

const Query = Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: true });
const Body = Type.Object(
  { [csrfField]: Type.Optional(Type.String({ maxLength: 200 })), code: Type.Optional(Type.String({ maxLength: 200 })), next: Type.Optional(Type.String({ maxLength: 4000 })) },
  { additionalProperties: true },
);

/**
 * The second factor owed after the first: TOTP or a recovery code. The session exists but
 * signs nobody in, so these routes are public and read it themselves; its own token guards the post.
 */
export function secondFactorRoutes({ db, throttle }: { db: Database; throttle: AddressThrottle }): PagesPlugin {
  return async (plain, { isDemo }) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/sign-in/second-factor', { config: { access: 'public' }, schema: { hide: true, querystring: Query } }, async (req, reply) => {
      const next = safeNext(req.query.next);
      const session = await citizenSessionOf(db, req);
      if (!session) return reply.redirect('/sign-in', 303);
      if (!session.secondFactorPending) return reply.redirect(afterSignIn(next), 303);
      const ctx = await pageContext(req, reply, isDemo);
      return sendPage(reply, <SecondFactorPage ctx={ctx} csrfToken={session.csrfToken} next={next} />);
    });

    app.post('/sign-in/second-factor', { config: { access: 'public' }, schema: { hide: true, body: Body } }, async (req, reply) => {
      const session = await citizenSessionOf(db, req);
      if (!session || !session.secondFactorPending) return reply.redirect('/sign-in', 303);
      if (!isSameOriginRequest(req) || !csrfTokenMatches(session.csrfToken, req.body[csrfField])) return sendForged(req, reply, isDemo);
      const limited = await throttled(req, reply, isDemo, throttle);
      if (limited) return limited;
      const ctx = await pageContext(req, reply, isDemo);
      const next = safeNext(req.body.next);
      const code = asciiDigits(req.body.code ?? '').trim();
      if (!code) {
        const problem: FormProblem = { code: 'VALIDATION_FAILED', fieldId: 'code' };
        return sendPage(reply, <SecondFactorPage ctx={ctx} csrfToken={session.csrfToken} next={next} problem={problem} />, problemStatus(reply, problem, 422));
      }
      const result = await passSecondFactor(db, { session, code: code.slice(0, 40), client: clientOf(req), nowSeconds: Math.floor(Date.now() / 1000) });
      if (result.ok) return reply.redirect(afterSignIn(next), 303);
      const problem = asProblem(result, 'code');
      if (result.code === 'SIGN_IN_LOCKED') {
        clearCitizenSessionCookie(req, reply);
        return sendPage(reply, <LockedPage ctx={ctx} problem={{ ...problem, fieldId: '' }} />, problemStatus(reply, problem, 429));
      }
      return sendPage(reply, <SecondFactorPage ctx={ctx} csrfToken={session.csrfToken} next={next} problem={problem} />, problemStatus(reply, problem, 422));
    });
  };
}
