import Type from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, isAppError } from '../../core/errors.ts';
import type { ActingFor } from '../../core/profiles.ts';
import type { MessageKey } from '../../web/i18n/messages.ts';
import { pageContext, sendPage, type DemoFlag, type PageContext, type PagesPlugin } from '../../web/index.ts';
import { csrfField, CsrfInput, isGenuinePost } from '../../web/forms/index.ts';
import { actingFor } from '../profiles/index.ts';
import { inquiryKinds, isInquiryKind, runInquiry, type InquiryDeps, type InquiryKind, type InquiryResult } from '../citizen-data/index.ts';
import { sendForged } from './sign-in-kit.tsx';
import { DataPage, personSession, refusalText, type PageProblem } from './citizen-data-kit.tsx';

export const inquiryTitles: Record<InquiryKind, { title: MessageKey; hint: MessageKey }> = {
  'literacy-level': { title: 'myData.inquiries.literacy.title', hint: 'myData.inquiries.literacy.hint' },
  'insurance-validity': { title: 'myData.inquiries.insurance.title', hint: 'myData.inquiries.insurance.hint' },
  'id-card-status': { title: 'myData.inquiries.idCard.title', hint: 'myData.inquiries.idCard.hint' },
};

const aboutKeys: Record<ActingFor['kind'], MessageKey> = {
  self: 'myData.inquiries.aboutSelf',
  ward: 'myData.inquiries.aboutWard',
  mandate: 'myData.inquiries.aboutMandate',
  legal_entity: 'myData.inquiries.aboutLegalEntity',
};

function Answer({ ctx, result }: { ctx: PageContext; result: InquiryResult }) {
  const { t, locale } = ctx.i18n;
  const label = (l: { fa: string; en: string }) => (locale === 'fa' ? l.fa : l.en);
  const name = locale === 'fa' ? result.about.nameFa : result.about.nameEn;
  const a = result.answer;
  return (
    <section class="inquiry-answer" aria-labelledby="answer-title" role="status">
      <h2 id="answer-title">{t('myData.inquiries.answer', { inquiry: t(inquiryTitles[result.kind].title) })}</h2>
      <p>{t('myData.inquiries.askedAt', { date: ctx.i18n.date(result.askedAt), name })}</p>
      {!a ? <p>{t('myData.inquiries.notFound')}</p> : null}
      {a?.kind === 'literacy-level' ? (
        <dl class="summary-list">
          <dt>{t('myData.inquiries.level')}</dt>
          <dd>{label(a.level)}</dd>
          {a.certifiedOn ? (
            <>
              <dt>{t('myData.inquiries.certifiedOn')}</dt>
              <dd>{ctx.i18n.date(a.certifiedOn)}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {a?.kind === 'insurance-validity' ? (
        <dl class="summary-list">
          <dt>{t('myData.inquiries.valid')}</dt>
          <dd>{t(a.valid ? 'myData.inquiries.validYes' : 'myData.inquiries.validNo')}</dd>
          <dt>{t('myData.inquiries.validUntil')}</dt>
          <dd>{ctx.i18n.date(a.validUntil)}</dd>
          <dt>{t('myData.inquiries.fund')}</dt>
          <dd>{label(a.fund)}</dd>
          <dt>{t('myData.inquiries.booklet')}</dt>
          <dd dir="ltr">{a.bookletNumber}</dd>
        </dl>
      ) : null}
      {a?.kind === 'id-card-status' ? (
        <>
          <dl class="summary-list">
            <dt>{t('myData.inquiries.status')}</dt>
            <dd>{label(a.status)}</dd>
            <dt>{t('myData.inquiries.trackingNumber')}</dt>
            <dd dir="ltr">{a.trackingNumber}</dd>
          </dl>
          <h3>{t('myData.inquiries.history')}</h3>
          <ol>
            {a.history.map((h) => (
              <li key={h.status.code}>
                {label(h.status)} — {ctx.i18n.date(h.date)}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {result.messageId ? (
        <p class="hint">
          <span dir="auto">{t('myData.inquiries.messageId', { id: result.messageId })}</span>
        </p>
      ) : null}
      <p>
        <a href="/account/accesses">{t('myData.inquiries.seeAccesses')}</a>
      </p>
    </section>
  );
}

function InquiriesPage({ ctx, csrfToken, acting, result, problem }: { ctx: PageContext; csrfToken: string; acting: ActingFor | null; result?: InquiryResult | null; problem?: PageProblem | null }) {
  const { t, locale } = ctx.i18n;
  const who = acting ? (acting.kind === 'self' ? t('myData.inquiries.aboutSelf') : `${locale === 'fa' ? acting.subject.nameFa : acting.subject.nameEn} (${t(aboutKeys[acting.kind])})`) : null;
  return (
    <DataPage ctx={ctx} title={t('myData.inquiries.title')} problem={problem ?? null}>
      {result ? <Answer ctx={ctx} result={result} /> : null}
      <p>{t('myData.inquiries.intro')}</p>
      {who ? <p class="notice">{t('myData.inquiries.about', { name: who })}</p> : null}
      {inquiryKinds.map((kind) => (
        <form key={kind} method="post" action="/account/inquiries" class="inquiry" noValidate>
          <CsrfInput token={csrfToken} />
          <input type="hidden" name="kind" value={kind} />
          <h2 id={`inquiry-${kind}`}>{t(inquiryTitles[kind].title)}</h2>
          <p class="hint">{t(inquiryTitles[kind].hint)}</p>
          <button type="submit" aria-describedby={`inquiry-${kind}`}>
            {t('myData.inquiries.ask')}
          </button>
        </form>
      ))}
    </DataPage>
  );
}

const Body = Type.Object({ [csrfField]: Type.Optional(Type.String({ maxLength: 200 })), kind: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: true });

/**
 * "My inquiries": the three inquiries as buttons (a post: each asks an agency and is recorded in
 * the exchange log), and the answer on the same page. The profile is the session's active one.
 */
export function inquiriesPages(deps: InquiryDeps): PagesPlugin {
  return async (plain, { isDemo }) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();

    const currentActing = async (accountId: string, profileId: string | null): Promise<ActingFor | null> => {
      try {
        return await actingFor(deps.profiles, accountId, profileId);
      } catch (error) {
        // A profile gone stale is said when the person asks; the page itself still opens.
        if (isAppError(error) && error.code === 'PROFILE_NOT_AVAILABLE') return null;
        throw error;
      }
    };

    app.get('/account/inquiries', { config: { access: 'citizen' }, schema: { hide: true } }, async (req, reply) => {
      const session = await personSession(deps.db, req);
      const ctx = await pageContext(req, reply, isDemo);
      return sendPage(reply, <InquiriesPage ctx={ctx} csrfToken={session.csrfToken} acting={await currentActing(session.accountId, session.activeProfileId)} />);
    });

    app.post('/account/inquiries', { config: { access: 'citizen' }, schema: { hide: true, body: Body } }, async (req, reply) => {
      if (!isGenuinePost(req, req.body[csrfField])) return sendForged(req, reply, isDemo);
      const session = await personSession(deps.db, req);
      const kind = req.body.kind ?? '';
      try {
        if (!isInquiryKind(kind)) throw new AppError('VALIDATION_FAILED', { message: 'unknown inquiry' });
        const result = await runInquiry(deps, session.accountId, session.activeProfileId, kind);
        const ctx = await pageContext(req, reply, isDemo);
        return sendPage(reply, <InquiriesPage ctx={ctx} csrfToken={session.csrfToken} acting={await currentActing(session.accountId, session.activeProfileId)} result={result} />);
      } catch (error) {
        const text = isAppError(error) ? refusalText[error.code] : undefined;
        if (!isAppError(error) || !text) throw error;
        return refused(req, reply, isDemo, session, error, text);
      }
    });

    async function refused(req: FastifyRequest, reply: FastifyReply, isDemo: DemoFlag, session: { accountId: string; activeProfileId: string | null; csrfToken: string }, error: AppError, text: MessageKey) {
      if (error.detail) req.log.warn({ code: error.code, detail: error.detail }, 'my inquiries: the inquiry could not be answered');
      const ctx = await pageContext(req, reply, isDemo);
      reply.header('x-error-code', error.code);
      if (error.code === 'INQUIRY_UNAVAILABLE') reply.header('retry-after', '120');
      const problem: PageProblem = { code: error.code, text: ctx.i18n.t(text) };
      return sendPage(reply, <InquiriesPage ctx={ctx} csrfToken={session.csrfToken} acting={await currentActing(session.accountId, session.activeProfileId)} problem={problem} />, error.status);
    }
  };
}
