import type { ComponentChildren } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../../core/errors.ts';
import type { MessageKey } from '../../web/i18n/messages.ts';
import { pageContext, sendPage, type DemoFlag, type PageContext } from '../../web/index.ts';
import { Layout } from '../../web/components/layout.tsx';
import { ErrorSummary, errorTitle } from '../../web/components/error-summary.tsx';
import type { AddressThrottle, Client, Refusal } from '../sign-in/index.ts';

/** Where a request came from, for the account's event record. */
export const clientOf = (req: FastifyRequest): Client => ({ address: req.ip ?? null, userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null });

/** The message a person reads for each refusal these pages can meet. */
const refusalKeys: Partial<Record<ErrorCode, MessageKey>> = {
  SIGN_IN_FAILED: 'signIn.error.failed',
  SIGN_IN_LOCKED: 'signIn.error.locked',
  SIGN_IN_THROTTLED: 'signIn.error.throttled',
  SIGN_IN_IDENTIFIER_INVALID: 'signIn.error.identifier',
  ONE_TIME_CODE_INVALID: 'signIn.error.codeInvalid',
  ONE_TIME_CODE_EXPIRED: 'signIn.error.codeExpired',
  ONE_TIME_CODE_TOO_MANY: 'signIn.error.codeTooMany',
  SECOND_FACTOR_INVALID: 'signIn.error.secondFactor',
  PASSWORD_TOO_SHORT: 'signIn.error.passwordTooShort',
  PASSWORD_TOO_LONG: 'signIn.error.passwordTooLong',
  PASSWORD_NOT_PRINTABLE: 'signIn.error.passwordNotPrintable',
  PASSWORD_COMMON: 'signIn.error.passwordCommon',
  PASSWORD_CONTEXT: 'signIn.error.passwordContext',
  PASSWORD_CURRENT_WRONG: 'signIn.error.passwordCurrentWrong',
  PASSWORD_MISMATCH: 'signIn.error.passwordMismatch',
  REAUTHENTICATION_REQUIRED: 'signIn.error.reauthenticate',
  TOTP_CODE_INVALID: 'signIn.error.totpInvalid',
  SIGN_IN_APPROVAL_DENIED: 'approval.error.denied',
  SIGN_IN_APPROVAL_EXPIRED: 'approval.error.expired',
  VALIDATION_FAILED: 'signIn.error.missing',
};

/** A refusal as shown on a form: the field it belongs to, its text (with the wait when there is one) and its stable code. */
export interface FormProblem {
  code: ErrorCode;
  fieldId: string;
  retryAfterSeconds?: number | undefined;
}

export function problemText(ctx: PageContext, p: FormProblem): string {
  const minutes = Math.max(1, Math.ceil((p.retryAfterSeconds ?? 0) / 60));
  return ctx.i18n.t(refusalKeys[p.code] ?? 'signIn.error.missing', { minutes: ctx.i18n.n(minutes) });
}

/**
 * The HTTP status of a form shown again with a problem: the catalog's, so a program reading
 * the answer sees the same status as the API would give. A wait is also said in `Retry-After`.
 */
export function problemStatus(reply: FastifyReply, p: FormProblem, status: number): number {
  if (p.retryAfterSeconds) reply.header('retry-after', String(p.retryAfterSeconds));
  reply.header('x-error-code', p.code);
  return status;
}

export const asProblem = (r: Refusal, fieldId: string): FormProblem => ({ code: r.code, fieldId, retryAfterSeconds: r.retryAfterSeconds });

/** A people's page with an optional problem summary at the top and its stable code under it. */
export function PersonPage({ ctx, title, problem, children }: { ctx: PageContext; title: string; problem?: FormProblem | null; children: ComponentChildren }) {
  const text = problem ? problemText(ctx, problem) : null;
  return (
    <Layout i18n={ctx.i18n} title={errorTitle(ctx.i18n, title, !!problem)} url={ctx.url} demo={ctx.demo} staffName={ctx.staffName}>
      {problem && text ? (
        <>
          <ErrorSummary i18n={ctx.i18n} errors={[{ fieldId: problem.fieldId, text }]} />
          <p class="hint error-code">{ctx.i18n.t('signIn.errorCode', { code: problem.code })}</p>
        </>
      ) : null}
      <h1>{title}</h1>
      {children}
    </Layout>
  );
}

/** A post without a session's token that came from another site, or with a wrong token. */
export function PersonForgedPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx.i18n;
  return (
    <PersonPage ctx={ctx} title={t('signIn.forged.title')}>
      <p>{t('signIn.forged.body')}</p>
      <p>
        <a href="/sign-in">{t('signIn.forged.back')}</a>
      </p>
    </PersonPage>
  );
}

export async function sendForged(req: FastifyRequest, reply: FastifyReply, isDemo: DemoFlag): Promise<FastifyReply> {
  reply.header('x-error-code', 'FORBIDDEN');
  return sendPage(reply, <PersonForgedPage ctx={await pageContext(req, reply, isDemo)} />, 403);
}

/** Too many attempts from this address: a page that says when to try again, with Retry-After. */
export async function throttled(req: FastifyRequest, reply: FastifyReply, isDemo: DemoFlag, throttle: AddressThrottle): Promise<FastifyReply | null> {
  const wait = await throttle.take(req.ip);
  if (wait === null) return null;
  const ctx = await pageContext(req, reply, isDemo);
  const problem: FormProblem = { code: 'SIGN_IN_THROTTLED', fieldId: 'main', retryAfterSeconds: wait };
  return sendPage(
    reply,
    <PersonPage ctx={ctx} title={ctx.i18n.t('signIn.throttled.title')} problem={problem}>
      <p>{problemText(ctx, problem)}</p>
    </PersonPage>,
    problemStatus(reply, problem, 429),
  );
}

/** The new device's cookie while it waits for an approval; only the waiting page reads it. */
export const approvalCookie = 'ow_approval';
export const approvalCookieOptions = (req: FastifyRequest) => ({ path: '/sign-in/device', httpOnly: true, sameSite: 'lax' as const, secure: req.protocol === 'https' });

export function setApprovalCookie(req: FastifyRequest, reply: FastifyReply, secret: string): void {
  reply.setCookie(approvalCookie, secret, { ...approvalCookieOptions(req), maxAge: 180 });
}
