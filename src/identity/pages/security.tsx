import Type from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import qrcode from 'qrcode-generator';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../core/errors.ts';
import type { MessageKey } from '../../web/i18n/messages.ts';
import { pageContext, sendPage, type PageContext, type PagesPlugin } from '../../web/index.ts';
import { TextInput } from '../../web/components/form-fields.tsx';
import { CodeInput, NewPasswordFields } from './person-fields.tsx';
import { asciiDigits, csrfField, CsrfInput, isGenuinePost } from '../../web/forms/index.ts';
import { findAccountById } from '../accounts/index.ts';
import { citizenSessionOf, type CitizenSession } from '../citizen-sessions/index.ts';
import {
  changePassword,
  confirmTotpEnrolment,
  otpauthUri,
  pendingTotpSecret,
  readSignInState,
  recentEvents,
  startTotpEnrolment,
  turnOffTotp,
  unusedRecoveryCodes,
  type AccountEvent,
  type EventKind,
} from '../sign-in/index.ts';
import type { ProfileEventKind } from '../profiles/index.ts';
import { asProblem, clientOf, problemText, PersonPage, problemStatus, sendForged, type FormProblem } from './sign-in-kit.tsx';

// What the profiles record in the same list (src/identity/profiles) is shown with the rest.
const eventLabels: Record<EventKind | ProfileEventKind, MessageKey> = {
  sign_in: 'security.event.signIn',
  second_factor: 'security.event.secondFactor',
  code_sent: 'security.event.codeSent',
  sign_out: 'security.event.signOut',
  password_set: 'security.event.passwordSet',
  password_changed: 'security.event.passwordChanged',
  password_reset: 'security.event.passwordReset',
  totp_enabled: 'security.event.totpEnabled',
  totp_disabled: 'security.event.totpDisabled',
  recovery_code_used: 'security.event.recoveryCodeUsed',
  approval_requested: 'security.event.approvalRequested',
  approval: 'security.event.approval',
  profile_switched: 'security.event.profileSwitched',
  legal_entity_added: 'security.event.legalEntityAdded',
  mandate_granted: 'security.event.mandateGranted',
  mandate_revoked: 'security.event.mandateRevoked',
};

const doneNotices: Record<string, MessageKey> = {
  password_set: 'security.done.passwordSet',
  password_changed: 'security.done.passwordChanged',
  totp_disabled: 'security.done.totpDisabled',
};

interface SecurityView {
  hasPassword: boolean;
  totpEnabled: boolean;
  recoveryLeft: number;
  events: AccountEvent[];
}

function SecurityPage({ ctx, csrfToken, view, done, problem }: { ctx: PageContext; csrfToken: string; view: SecurityView; done?: MessageKey | null; problem?: FormProblem | null }) {
  const { t } = ctx.i18n;
  const fieldError = (id: string) => (problem?.fieldId === id ? problemText(ctx, problem) : undefined);
  const when = (at: string) => new Intl.DateTimeFormat(ctx.i18n.locale === 'fa' ? 'fa-IR-u-ca-persian' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tehran' }).format(new Date(at));
  return (
    <PersonPage ctx={ctx} title={t('security.title')} problem={problem ?? null}>
      {done ? (
        <p class="notice" role="status">
          {t(done)}
        </p>
      ) : null}
      <h2>{t('security.password.heading')}</h2>
      <p>{t(view.hasPassword ? 'security.password.has' : 'security.password.none')}</p>
      <form method="post" action="/account/security/password" noValidate>
        <CsrfInput token={csrfToken} />
        {view.hasPassword ? (
          <TextInput i18n={ctx.i18n} id="current" name="current" type="password" value="" autoComplete="current-password" spellCheck={false} label={t('security.password.current')} error={fieldError('current')} />
        ) : null}
        <NewPasswordFields i18n={ctx.i18n} fieldError={fieldError} />
        <button type="submit">{t(view.hasPassword ? 'security.password.change' : 'security.password.set')}</button>
      </form>

      <h2>{t('security.totp.heading')}</h2>
      {view.totpEnabled ? (
        <>
          <p>{t('security.totp.on', { left: ctx.i18n.n(view.recoveryLeft) })}</p>
          <form method="post" action="/account/security/totp/disable" noValidate>
            <CsrfInput token={csrfToken} />
            <CodeInput i18n={ctx.i18n} id="totp-off" digitsOnly={false} label={t('security.totp.offCode')} error={fieldError('totp-off')} />
            <button type="submit" class="button-secondary">
              {t('security.totp.off')}
            </button>
          </form>
        </>
      ) : (
        <>
          <p>{t('security.totp.offNow')}</p>
          <form method="post" action="/account/security/totp" noValidate>
            <CsrfInput token={csrfToken} />
            <button type="submit">{t('security.totp.start')}</button>
          </form>
        </>
      )}

      <h2>{t('security.sessions.heading')}</h2>
      <p>
        <a href="/account/approvals">{t('approval.approveLink')}</a>
      </p>
      <p>{t('security.sessions.intro')}</p>
      <form method="post" action="/sign-out" noValidate>
        <CsrfInput token={csrfToken} />
        <button type="submit" class="button-secondary">
          {t('security.sessions.signOut')}
        </button>
      </form>
      <form method="post" action="/sign-out" noValidate>
        <CsrfInput token={csrfToken} />
        <input type="hidden" name="everywhere" value="1" />
        <button type="submit" class="button-secondary">
          {t('security.sessions.everywhere')}
        </button>
      </form>

      <h2>{t('security.events.heading')}</h2>
      {view.events.length ? (
        <table>
          <caption class="visually-hidden">{t('security.events.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('security.events.when')}</th>
              <th scope="col">{t('security.events.what')}</th>
              <th scope="col">{t('security.events.outcome')}</th>
              <th scope="col">{t('security.events.address')}</th>
            </tr>
          </thead>
          <tbody>
            {view.events.map((e, i) => (
              <tr key={i}>
                <td>{when(e.at)}</td>
                <td>{t(eventLabels[e.kind] ?? 'security.event.signIn')}</td>
                <td>{t(e.outcome === 'success' ? 'security.events.success' : 'security.events.failure')}</td>
                <td dir="ltr">{e.address ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('security.events.none')}</p>
      )}
    </PersonPage>
  );
}

/** The QR code of the otpauth URI, drawn as inline SVG (no script; the CSP allows it), described for screen readers. */
export function QrCode({ uri, label }: { uri: string; label: string }) {
  const qr = qrcode(0, 'M');
  qr.addData(uri);
  qr.make();
  const svg = qr.createSvgTag({ cellSize: 4, margin: 4, scalable: true }).replace('<svg ', '<svg aria-hidden="true" focusable="false" ');
  return <div class="qr-code" role="img" aria-label={label} style="max-inline-size: 14rem" dangerouslySetInnerHTML={{ __html: svg }} />;
}

function EnrolPage({ ctx, csrfToken, secret, label, problem }: { ctx: PageContext; csrfToken: string; secret: string; label: string; problem?: FormProblem | null }) {
  const { t } = ctx.i18n;
  const uri = otpauthUri(secret, label, 'OneWindow');
  return (
    <PersonPage ctx={ctx} title={t('security.enrol.title')} problem={problem ?? null}>
      <p>{t('security.enrol.scan')}</p>
      <QrCode uri={uri} label={t('security.enrol.qrLabel')} />
      <p>{t('security.enrol.typeInstead')}</p>
      <p dir="ltr">
        <code class="totp-secret">{secret.replace(/(.{4})/g, '$1 ').trim()}</code>
      </p>
      <p class="hint" dir="ltr">
        <a href={uri}>{t('security.enrol.openApp')}</a>
      </p>
      <form method="post" action="/account/security/totp/confirm" noValidate>
        <CsrfInput token={csrfToken} />
        <CodeInput i18n={ctx.i18n} label={t('security.enrol.code')} hint={t('security.enrol.codeHint')} error={problem ? problemText(ctx, problem) : undefined} />
        <button type="submit">{t('security.enrol.confirm')}</button>
      </form>
      <p>
        <a href="/account/security">{t('security.back')}</a>
      </p>
    </PersonPage>
  );
}

function RecoveryCodesPage({ ctx, codes }: { ctx: PageContext; codes: string[] }) {
  const { t } = ctx.i18n;
  return (
    <PersonPage ctx={ctx} title={t('security.recovery.title')}>
      <p class="notice" role="status">
        {t('security.recovery.enabled')}
      </p>
      <p>{t('security.recovery.intro')}</p>
      <ol class="recovery-codes" dir="ltr">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <p>
        <a href="/account/security">{t('security.back')}</a>
      </p>
    </PersonPage>
  );
}

const Query = Type.Object({ done: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: true });
const CsrfOnly = Type.Object({ [csrfField]: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: true });
const PasswordBody = Type.Object(
  {
    [csrfField]: Type.Optional(Type.String({ maxLength: 200 })),
    current: Type.Optional(Type.String({ maxLength: 4000 })),
    password: Type.Optional(Type.String({ maxLength: 4000 })),
    repeated: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: true },
);
const CodeBody = Type.Object({ [csrfField]: Type.Optional(Type.String({ maxLength: 200 })), code: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: true });

/** The signed-in person's session; route access has already refused everyone else. */
async function sessionOf(db: Database, req: FastifyRequest): Promise<CitizenSession> {
  const session = await citizenSessionOf(db, req);
  if (!session || session.secondFactorPending || req.principal.kind !== 'citizen' || req.principal.accountId !== session.accountId) throw new AppError('UNAUTHENTICATED');
  return session;
}

/** A person's own credentials: password, authenticator app, sessions, and the record of sign-ins. */
export function securityRoutes({ db }: { db: Database }): PagesPlugin {
  return async (plain, { isDemo }) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    const nowSeconds = () => Math.floor(Date.now() / 1000);

    const view = async (accountId: string): Promise<SecurityView> => {
      const state = await db.run((q) => readSignInState(q, accountId));
      if (!state) throw new AppError('UNAUTHENTICATED');
      return {
        hasPassword: !!state.passwordHash,
        totpEnabled: state.totpEnabled,
        recoveryLeft: state.totpEnabled ? await db.run((q) => unusedRecoveryCodes(q, accountId)) : 0,
        events: await db.run((q) => recentEvents(q, accountId, 10)),
      };
    };

    app.get('/account/security', { config: { access: 'citizen' }, schema: { hide: true, querystring: Query } }, async (req, reply) => {
      const session = await sessionOf(db, req);
      const ctx = await pageContext(req, reply, isDemo);
      const done = req.query.done ? (doneNotices[req.query.done] ?? null) : null;
      return sendPage(reply, <SecurityPage ctx={ctx} csrfToken={session.csrfToken} view={await view(session.accountId)} done={done} />);
    });

    app.post('/account/security/password', { config: { access: 'citizen' }, schema: { hide: true, body: PasswordBody } }, async (req, reply) => {
      if (!isGenuinePost(req, req.body[csrfField])) return sendForged(req, reply, isDemo);
      const session = await sessionOf(db, req);
      const result = await changePassword(db, { session, current: req.body.current ?? '', password: req.body.password ?? '', repeated: req.body.repeated ?? '', client: clientOf(req), nowMs: Date.now() });
      if (result.ok) return reply.redirect(`/account/security?done=${result.kind}`, 303);
      const field = result.code === 'PASSWORD_CURRENT_WRONG' || result.code === 'SIGN_IN_LOCKED' ? 'current' : result.code === 'PASSWORD_MISMATCH' ? 'repeated' : 'password';
      const problem = asProblem(result, field);
      const ctx = await pageContext(req, reply, isDemo);
      const v = await view(session.accountId);
      // A refusal of the whole change (sign in again) has no field on a page without a current-password field.
      const shown = problem.fieldId === 'current' && !v.hasPassword ? { ...problem, fieldId: '' } : result.code === 'REAUTHENTICATION_REQUIRED' ? { ...problem, fieldId: '' } : problem;
      return sendPage(reply, <SecurityPage ctx={ctx} csrfToken={session.csrfToken} view={v} problem={shown} />, problemStatus(reply, problem, result.code === 'SIGN_IN_LOCKED' ? 429 : result.code === 'REAUTHENTICATION_REQUIRED' ? 403 : 422));
    });

    app.post('/account/security/totp', { config: { access: 'citizen' }, schema: { hide: true, body: CsrfOnly } }, async (req, reply) => {
      if (!isGenuinePost(req, req.body[csrfField])) return sendForged(req, reply, isDemo);
      const session = await sessionOf(db, req);
      const { secret } = await startTotpEnrolment(db, session.accountId);
      const account = await db.run((q) => findAccountById(q, session.accountId));
      return sendPage(reply, <EnrolPage ctx={await pageContext(req, reply, isDemo)} csrfToken={session.csrfToken} secret={secret} label={account?.identifier ?? ''} />);
    });

    app.post('/account/security/totp/confirm', { config: { access: 'citizen' }, schema: { hide: true, body: CodeBody } }, async (req, reply) => {
      if (!isGenuinePost(req, req.body[csrfField])) return sendForged(req, reply, isDemo);
      const session = await sessionOf(db, req);
      const ctx = await pageContext(req, reply, isDemo);
      const result = await confirmTotpEnrolment(db, { accountId: session.accountId, code: asciiDigits(req.body.code ?? '').slice(0, 20), nowSeconds: nowSeconds(), client: clientOf(req) });
      if (result.ok) return sendPage(reply, <RecoveryCodesPage ctx={ctx} codes={result.recoveryCodes} />);
      const secret = await pendingTotpSecret(db, session.accountId);
      if (!secret) return reply.redirect('/account/security', 303);
      const account = await db.run((q) => findAccountById(q, session.accountId));
      const problem = asProblem(result, 'code');
      return sendPage(reply, <EnrolPage ctx={ctx} csrfToken={session.csrfToken} secret={secret} label={account?.identifier ?? ''} problem={problem} />, problemStatus(reply, problem, 422));
    });

    app.post('/account/security/totp/disable', { config: { access: 'citizen' }, schema: { hide: true, body: CodeBody } }, async (req, reply) => {
      if (!isGenuinePost(req, req.body[csrfField])) return sendForged(req, reply, isDemo);
      const session = await sessionOf(db, req);
      const result = await turnOffTotp(db, { accountId: session.accountId, code: asciiDigits(req.body.code ?? '').slice(0, 40), nowSeconds: nowSeconds(), client: clientOf(req) });
      if (result.ok) return reply.redirect('/account/security?done=totp_disabled', 303);
      const problem = asProblem(result, 'totp-off');
      const ctx = await pageContext(req, reply, isDemo);
      return sendPage(reply, <SecurityPage ctx={ctx} csrfToken={session.csrfToken} view={await view(session.accountId)} problem={problem} />, problemStatus(reply, problem, result.code === 'SIGN_IN_LOCKED' ? 429 : 422));
    });
  };
}
