import type { ComponentChildren } from 'preact';
import type { FastifyReply } from 'fastify';
import type { ActingFor } from '../../core/profiles.ts';
import type { ErrorCode } from '../../core/errors.ts';
import type { MessageKey } from '../../web/i18n/messages.ts';
import type { PageContext } from '../../web/index.ts';
import { Layout } from '../../web/components/layout.tsx';
import { ErrorSummary, errorTitle } from '../../web/components/error-summary.tsx';
import type { ActingNotice } from '../profiles/index.ts';
import './profiles-messages.ts';

/** What a person reads for each refusal of the profiles and mandates pages. */
const errorKeys: Partial<Record<ErrorCode, MessageKey>> = {
  LEGAL_ID_INVALID: 'profiles.error.LEGAL_ID_INVALID',
  LEGAL_ENTITY_NOT_REPRESENTED: 'profiles.error.LEGAL_ENTITY_NOT_REPRESENTED',
  PROFILE_NOT_AVAILABLE: 'profiles.error.PROFILE_NOT_AVAILABLE',
  REGISTRY_UNAVAILABLE: 'profiles.error.REGISTRY_UNAVAILABLE',
  MANDATE_GRANTEE_INVALID: 'profiles.error.MANDATE_GRANTEE_INVALID',
  MANDATE_TO_SELF: 'profiles.error.MANDATE_TO_SELF',
  MANDATE_GRANTEE_UNKNOWN: 'profiles.error.MANDATE_GRANTEE_UNKNOWN',
  MANDATE_DATES_INVALID: 'profiles.error.MANDATE_DATES_INVALID',
  MANDATE_TOO_LONG: 'profiles.error.MANDATE_TOO_LONG',
  MANDATE_TOO_MANY: 'profiles.error.MANDATE_TOO_MANY',
  MANDATE_SERVICES_REQUIRED: 'profiles.error.MANDATE_SERVICES_REQUIRED',
  MANDATE_SERVICE_NOT_FOUND: 'profiles.error.MANDATE_SERVICE_NOT_FOUND',
  MANDATE_NOT_FOUND: 'profiles.error.MANDATE_NOT_FOUND',
  RATE_LIMITED: 'profiles.error.RATE_LIMITED',
};

/** A refusal shown on a page: its field (the id the summary links to) and its stable code. */
export interface PageProblem {
  code: ErrorCode;
  fieldId: string;
}

export function problemMessage(ctx: PageContext, code: ErrorCode, maxDays = 0): string {
  return ctx.i18n.t(errorKeys[code] ?? 'profiles.error.PROFILE_NOT_AVAILABLE', { days: ctx.i18n.n(maxDays) });
}

/** The catalog's status of the code, and the code in `X-Error-Code`, so a program sees what the API would say. */
export function statusOf(reply: FastifyReply, code: ErrorCode, status: number): number {
  reply.header('x-error-code', code);
  return status;
}

export const nameIn = (ctx: PageContext, names: { nameFa: string; nameEn: string }) => (ctx.i18n.locale === 'fa' ? names.nameFa : names.nameEn);

/** A day (`YYYY-MM-DD`, or an instant) in the page's calendar, in the country's time zone. */
export function dayText(ctx: PageContext, day: string): string {
  const instant = day.length === 10 ? new Date(`${day}T12:00:00Z`) : new Date(day);
  return new Intl.DateTimeFormat(ctx.i18n.locale === 'fa' ? 'fa-IR-u-ca-persian' : 'en-GB', { dateStyle: 'long', timeZone: day.length === 10 ? 'UTC' : 'Asia/Tehran' }).format(instant);
}

const noticeKeys: Record<ActingNotice, MessageKey> = {
  profile_ended: 'profiles.notice.profileEnded',
  registry_unavailable: 'profiles.notice.registryUnavailable',
};

/**
 * The small line under the title of the account pages: whom this session acts for, and where
 * to change it, and once the notice that a profile ended. One component, so every account page
 * says it the same way.
 */
export function ActingForLine({ ctx, acting, notice = null }: { ctx: PageContext; acting: ActingFor; notice?: ActingNotice | null }) {
  const { t } = ctx.i18n;
  return (
    <>
      <p class="hint acting-for">
        {acting.kind === 'self' ? t('profiles.actingForSelf') : t('profiles.actingFor', { name: nameIn(ctx, acting.subject) })}
        {' · '}
        <a href="/account/profiles">{t('profiles.change')}</a>
      </p>
      {notice ? (
        <p class="notice" role="status">
          {t(noticeKeys[notice])}
        </p>
      ) : null}
    </>
  );
}

/** A profiles or mandates page: the problem summary with its code, the title, whom the session acts for, any notice. */
export function ProfilesPage({
  ctx,
  title,
  acting,
  notice,
  done,
  problem,
  maxDays,
  children,
}: {
  ctx: PageContext;
  title: string;
  acting: ActingFor;
  notice: ActingNotice | null;
  done?: string | null;
  problem?: PageProblem | null;
  maxDays?: number;
  children: ComponentChildren;
}) {
  const { t } = ctx.i18n;
  return (
    <Layout i18n={ctx.i18n} title={errorTitle(ctx.i18n, title, !!problem)} url={ctx.url} demo={ctx.demo} staffName={ctx.staffName}>
      {problem ? (
        <>
          <ErrorSummary i18n={ctx.i18n} errors={[{ fieldId: problem.fieldId, text: problemMessage(ctx, problem.code, maxDays) }]} />
          <p class="hint error-code">{t('profiles.errorCode', { code: problem.code })}</p>
        </>
      ) : null}
      <h1>{title}</h1>
      <ActingForLine ctx={ctx} acting={acting} notice={notice} />
      {done ? (
        <p class="notice" role="status">
          {done}
        </p>
      ) : null}
      {children}
    </Layout>
  );
}
