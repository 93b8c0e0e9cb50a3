import type { ComponentChildren } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, isAppError } from '../../core/errors.ts';
import { toAppError } from '../../http/problem.ts';
import { mayReadAgency, type Principal } from '../../core/access.ts';
import { pageContext, sendErrorPage, sendPage, type DemoFlag, type PageContext } from '../../web/index.ts';
import { Layout } from '../../web/components/layout.tsx';
import type { I18n, MessageKey } from '../../web/i18n/translate.ts';
import { MessagePage } from '../../web/forms/index.ts';
export { CsrfInput, csrfField } from '../../web/forms/index.ts';
import type { AccessRequestStatus } from '../model.ts';
import type { ExchangeAdminDeps } from '../admin/deps.ts';
import type { StaffNames } from '../admin/actor-names.ts';


/** What the exchange console pages need: the management deps, the country's time zone, and staff names for histories. */
export interface ExchangePagesDeps {
  admin: ExchangeAdminDeps;
  timeZone: string;
  staffNames: StaffNames;
}

export const readers = ['operator', 'agency_admin', 'auditor'] as const;
export const editors = ['operator', 'agency_admin'] as const;

export const nameOf = (i18n: I18n, x: { nameFa: string | null; nameEn: string | null }) => (i18n.locale === 'fa' ? x.nameFa : x.nameEn) ?? '';

export const agencyPath = (code: string) => `/staff/exchange/agencies/${encodeURIComponent(code)}`;
export const subsystemPath = (id: number) => `/staff/exchange/subsystems/${id}`;
export const servicePath = (id: number) => `/staff/exchange/services/${id}`;
export const requestPath = (id: number) => `/staff/exchange/requests/${id}`;

/** An agency admin sees the console of their own agency only; operator and auditors every agency. */
export function assertSees(p: Principal, agencyCode: string): void {
  if (!mayReadAgency(p, agencyCode)) throw new AppError('FORBIDDEN_OTHER_AGENCY');
}

export const isOperatorStaff = (p: Principal) => p.kind === 'staff' && p.role === 'operator';

/** A page of the exchange console: the layout (with sign-out in its header) and a way back to the agency. */
export function ConsolePage({ ctx, title, csrfToken, back, children }: { ctx: PageContext; title: string; csrfToken: string | undefined; back?: { href: string; label: string }; children: ComponentChildren }) {
  const { i18n } = ctx;
  return (
    <Layout i18n={i18n} title={title} url={ctx.url} demo={ctx.demo} staffName={ctx.staffName} csrfToken={csrfToken}>
      {back ? (
        <p>
          <a href={back.href}>{back.label}</a>
        </p>
      ) : null}
      {children}
    </Layout>
  );
}

export function Notice({ text }: { text: string }) {
  return (
    <p class="notice" role="status">
      {text}
    </p>
  );
}

const statusKeys: Record<AccessRequestStatus, MessageKey> = {
  pending: 'exchange.status.pending',
  provider_approved: 'exchange.status.provider_approved',
  approved: 'exchange.status.approved',
  refused: 'exchange.status.refused',
  withdrawn: 'exchange.status.withdrawn',
  revoked: 'exchange.status.revoked',
};

/** A request's status in words (never colour alone). */
export function RequestStatusTag({ i18n, status }: { i18n: I18n; status: AccessRequestStatus }) {
  return <span class={`tag tag-request-${status}`}>{i18n.t(statusKeys[status])}</span>;
}

export function ActiveTag({ i18n, status }: { i18n: I18n; status: 'active' | 'disabled' }) {
  return <span class={`tag tag-${status === 'active' ? 'delivered' : 'not_in_window'}`}>{i18n.t(status === 'active' ? 'exchange.active' : 'exchange.disabled')}</span>;
}

/** A date and time in the reader's calendar. */
export const when = (i18n: I18n, iso: string) => `${i18n.date(iso)} ${new Intl.DateTimeFormat(i18n.locale === 'fa' ? 'fa-IR' : 'en-GB', { timeZone: 'Asia/Tehran', hour: '2-digit', minute: '2-digit' }).format(new Date(iso))}`;

/**
 * Refusals of the management layer as pages: another agency's things get a plain-words 403,
 * everything else the site's error page with its status (a 4xx for bad input; never a stack).
 */
export function consoleErrorHandler(isDemo: DemoFlag) {
  return async (error: Error, request: FastifyRequest, reply: FastifyReply) => {
    const appError = isAppError(error) ? error : toAppError(error);
    if (appError.code === 'INTERNAL') request.log.error({ err: error }, 'unhandled error on an exchange console page');
    if (appError.code === 'FORBIDDEN_OTHER_AGENCY') {
      const ctx = await pageContext(request, reply, isDemo);
      const { t } = ctx.i18n;
      return sendPage(
        reply,
        <MessagePage ctx={ctx} title={t('exchange.otherAgency.title')}>
          <p>{t('exchange.otherAgency.body')}</p>
          <p>
            <a href="/staff/exchange">{t('exchange.backToExchange')}</a>
          </p>
        </MessagePage>,
        403,
      );
    }
    if (appError.status === 409) {
      // The record moved on (someone else acted, or the state does not allow this): say so plainly.
      const ctx = await pageContext(request, reply, isDemo);
      const { t } = ctx.i18n;
      return sendPage(
        reply,
        <MessagePage ctx={ctx} title={t('exchange.conflict.title')}>
          <p>{t('exchange.conflict.body')}</p>
          <p class="error-reference">{t('error.reference', { code: appError.code, requestId: request.id })}</p>
          <p>
            <a href="/staff/exchange">{t('exchange.backToExchange')}</a>
          </p>
        </MessagePage>,
        409,
      );
    }
    return sendErrorPage(request, reply, appError, isDemo);
  };
}
