import type { ComponentChildren } from 'preact';
import type { FastifyRequest } from 'fastify';
import type { ErrorCode } from '../../core/errors.ts';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../core/errors.ts';
import type { MessageKey } from '../../web/i18n/messages.ts';
import type { PageContext } from '../../web/index.ts';
import { Layout } from '../../web/components/layout.tsx';
import { ErrorSummary, errorTitle } from '../../web/components/error-summary.tsx';
import { citizenSessionOf, type CitizenSession } from '../citizen-sessions/index.ts';
import './citizen-data-messages.ts';

/** What a person reads for each refusal of "my inquiries" and "who accessed my data". */
export const refusalText: Partial<Record<ErrorCode, MessageKey>> = {
  INQUIRY_UNAVAILABLE: 'myData.error.unavailable',
  INQUIRY_NOT_FOR_LEGAL_ENTITY: 'myData.error.legalEntity',
  INQUIRY_NEEDS_NATIONAL_CODE: 'myData.error.nationalCode',
  INQUIRY_NOT_IN_MANDATE: 'myData.error.mandate',
  PROFILE_NOT_AVAILABLE: 'myData.error.profile',
  VALIDATION_FAILED: 'myData.error.kind',
};

export interface PageProblem {
  code: ErrorCode;
  text: string;
  fieldId?: string;
}

/** A people's page of these two, with the problem summary (and its stable code) at the top. */
export function DataPage({ ctx, title, problem, children }: { ctx: PageContext; title: string; problem?: PageProblem | null; children: ComponentChildren }) {
  return (
    <Layout i18n={ctx.i18n} title={errorTitle(ctx.i18n, title, !!problem)} url={ctx.url} demo={ctx.demo} staffName={ctx.staffName}>
      {problem ? (
        <>
          <ErrorSummary i18n={ctx.i18n} errors={[{ text: problem.text, ...(problem.fieldId ? { fieldId: problem.fieldId } : {}) }]} />
          <p class="hint error-code">{ctx.i18n.t('myData.error.code', { code: problem.code })}</p>
        </>
      ) : null}
      <h1>{title}</h1>
      {children}
    </Layout>
  );
}

/** The signed-in person's session; route access has already refused everyone else. */
export async function personSession(db: Database, req: FastifyRequest): Promise<CitizenSession> {
  const session = await citizenSessionOf(db, req);
  if (!session || session.secondFactorPending || req.principal.kind !== 'citizen' || req.principal.accountId !== session.accountId) throw new AppError('UNAUTHENTICATED');
  return session;
}

/** A moment in the page's calendar and Tehran's clock. */
export function dateTime(ctx: PageContext, at: string): string {
  return new Intl.DateTimeFormat(ctx.i18n.locale === 'fa' ? 'fa-IR-u-ca-persian' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tehran' }).format(new Date(at));
}
