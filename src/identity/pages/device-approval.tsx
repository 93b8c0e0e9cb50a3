import Type from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../core/errors.ts';
import { pageContext, sendPage, type PageContext, type PagesPlugin } from '../../web/index.ts';
import { csrfField, CsrfInput, isGenuinePost } from '../../web/forms/index.ts';
import { approvalByLink, approvalsAwaiting, decideApproval, linkTokenOf, waitForApproval, type ApprovalRow } from '../sign-in/index.ts';
import { safeNext } from './session-cookie.ts';
import { finishSignIn } from './sign-in.tsx';
import { QrCode } from './security.tsx';
import { approvalCookie, approvalCookieOptions, clientOf, PersonPage, problemStatus, sendForged, type FormProblem } from './sign-in-kit.tsx';


/**
 * The waiting page does not reload itself (WCAG 2.2.1, 3.2.5): a page that changes under a
 * screen reader or a slow reader every few seconds is not theirs to control. The person presses
 * "Check again" once they have picked the number on their other device; a plain GET form, so it
 * works without JavaScript.
 */
function WaitingPage({ ctx, number, secondsLeft, link, next }: { ctx: PageContext; number: number; secondsLeft: number; link: string; next: string | null }) {
  const { t } = ctx.i18n;
  return (
    <PersonPage ctx={ctx} title={t('approval.wait.title')}>
      <p>{t('approval.wait.intro')}</p>
      <p class="approval-number">
        <strong style="font-size: 3rem">{ctx.i18n.n(number)}</strong>
      </p>
      <p>{t('approval.wait.scan')}</p>
      <QrCode uri={link} label={t('approval.wait.qrLabel')} />
      <p>{t('approval.wait.checkHint', { minutes: ctx.i18n.n(Math.max(1, Math.ceil(secondsLeft / 60))) })}</p>
      <form method="get" action="/sign-in/device">
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <button type="submit">{t('approval.wait.check')}</button>
      </form>
      <p>
        <a href="/sign-in">{t('approval.wait.cancel')}</a>
      </p>
    </PersonPage>
  );
}

function EndPage({ ctx, problem }: { ctx: PageContext; problem: FormProblem }) {
  const { t } = ctx.i18n;
  return (
    <PersonPage ctx={ctx} title={t('approval.wait.title')} problem={problem}>
      <p>
        <a href="/sign-in">{t('secondFactor.startAgain')}</a>
      </p>
    </PersonPage>
  );
}

function ChoiceForm({ ctx, csrfToken, row }: { ctx: PageContext; csrfToken: string; row: ApprovalRow }) {
  const { t } = ctx.i18n;
  return (
    <form method="post" action={`/account/approvals/${row.id}`} class="approval-choice">
      <CsrfInput token={csrfToken} />
      <fieldset>
        <legend>{t('approval.choose.legend')}</legend>
        {row.choices.map((n) => (
          <button type="submit" name="number" value={String(n)} key={n} class="button-secondary" style="font-size: 1.5rem; margin-inline-end: 1rem">
            {ctx.i18n.n(n)}
          </button>
        ))}
      </fieldset>
      <p>
        <button type="submit" name="number" value="deny" class="button-secondary">
          {t('approval.choose.deny')}
        </button>
      </p>
    </form>
  );
}

function ApprovalsPage({ ctx, csrfToken, rows, fromLink }: { ctx: PageContext; csrfToken: string; rows: ApprovalRow[]; fromLink?: boolean }) {
  const { t } = ctx.i18n;
  return (
    <PersonPage ctx={ctx} title={t('approval.list.title')}>
      <p>{t('approval.list.intro')}</p>
      {rows.length ? (
        rows.map((row) => <ChoiceForm ctx={ctx} csrfToken={csrfToken} row={row} key={row.id} />)
      ) : (
        <p>{t(fromLink ? 'approval.error.expired' : 'approval.list.none')}</p>
      )}
      <p>
        <a href="/account/security">{t('security.back')}</a>
      </p>
    </PersonPage>
  );
}

function DecidedPage({ ctx, approved }: { ctx: PageContext; approved: boolean }) {
  const { t } = ctx.i18n;
  return (
    <PersonPage ctx={ctx} title={t('approval.list.title')}>
      <p class="notice" role="status">
        {t(approved ? 'approval.decided.approved' : 'approval.decided.denied')}
      </p>
      <p>
        <a href="/account/security">{t('security.back')}</a>
      </p>
    </PersonPage>
  );
}

const NextQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: true });
const TokenParams = Type.Object({ token: Type.String({ maxLength: 100 }) });
const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const DecideBody = Type.Object({ [csrfField]: Type.Optional(Type.String({ maxLength: 200 })), number: Type.Optional(Type.String({ maxLength: 10 })) }, { additionalProperties: true });

const citizenOf = (req: FastifyRequest) => {
  if (req.principal.kind !== 'citizen' || !req.citizenSession) throw new AppError('UNAUTHENTICATED');
  return { accountId: req.principal.accountId, csrfToken: req.citizenSession.csrfToken };
};

/** Sign-in approved from a device already signed in (sign-in/approvals.ts). */
export function deviceApprovalRoutes({ db }: { db: Database }): PagesPlugin {
  return async (plain, { isDemo }) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/sign-in/device', { config: { access: 'public' }, schema: { hide: true, querystring: NextQuery } }, async (req, reply) => {
      const next = safeNext(req.query.next);
      const secret = req.cookies?.[approvalCookie] ?? '';
      const ctx = await pageContext(req, reply, isDemo);
      const wait = await waitForApproval(db, { waiterSecret: secret, client: clientOf(req) });
      if (wait.state === 'approved') {
        reply.clearCookie(approvalCookie, approvalCookieOptions(req));
        return finishSignIn(db, req, reply, wait.signedIn, next);
      }
      if (wait.state === 'pending') {
        const link = `${req.protocol}://${req.host}/approve/${linkTokenOf(secret)}`;
        return sendPage(reply, <WaitingPage ctx={ctx} number={wait.number} secondsLeft={wait.secondsLeft} link={link} next={next} />);
      }
      reply.clearCookie(approvalCookie, approvalCookieOptions(req));
      const problem: FormProblem = { code: wait.state === 'denied' ? 'SIGN_IN_APPROVAL_DENIED' : 'SIGN_IN_APPROVAL_EXPIRED', fieldId: '' };
      return sendPage(reply, <EndPage ctx={ctx} problem={problem} />, problemStatus(reply, problem, wait.state === 'denied' ? 403 : 410));
    });

    app.get('/account/approvals', { config: { access: 'citizen' }, schema: { hide: true } }, async (req, reply) => {
      const me = citizenOf(req);
      const rows = await approvalsAwaiting(db, me.accountId);
      return sendPage(reply, <ApprovalsPage ctx={await pageContext(req, reply, isDemo)} csrfToken={me.csrfToken} rows={rows} />);
    });

    // The QR code's link: opened on the signed-in device (a stranger is sent to sign in first).
    app.get('/approve/:token', { config: { access: 'citizen' }, schema: { hide: true, params: TokenParams } }, async (req, reply) => {
      const me = citizenOf(req);
      const row = await approvalByLink(db, { linkToken: req.params.token, accountId: me.accountId });
      const ctx = await pageContext(req, reply, isDemo);
      if (!row) reply.header('x-error-code', 'SIGN_IN_APPROVAL_EXPIRED');
      return sendPage(reply, <ApprovalsPage ctx={ctx} csrfToken={me.csrfToken} rows={row ? [row] : []} fromLink />, row ? 200 : 410);
    });

    app.post('/account/approvals/:id', { config: { access: 'citizen' }, schema: { hide: true, params: IdParams, body: DecideBody } }, async (req, reply) => {
      if (!isGenuinePost(req, req.body[csrfField])) return sendForged(req, reply, isDemo);
      const me = citizenOf(req);
      const raw = req.body.number ?? '';
      const picked = raw === 'deny' ? 'deny' : /^\d{2}$/.test(raw) ? Number(raw) : 'deny';
      const decided = await decideApproval(db, { id: req.params.id, accountId: me.accountId, picked, client: clientOf(req) });
      const ctx = await pageContext(req, reply, isDemo);
      if (decided === 'gone') {
        reply.header('x-error-code', 'SIGN_IN_APPROVAL_EXPIRED');
        return sendPage(reply, <ApprovalsPage ctx={ctx} csrfToken={me.csrfToken} rows={[]} fromLink />, 410);
      }
      return sendPage(reply, <DecidedPage ctx={ctx} approved={decided === 'approved'} />);
    });
  };
}
