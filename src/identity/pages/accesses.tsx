import Type from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { isAppError } from '../../core/errors.ts';
import type { MessageKey } from '../../web/i18n/messages.ts';
import { pageContext, sendPage, type PageContext, type PagesPlugin } from '../../web/index.ts';
import { TextInput } from '../../web/components/form-fields.tsx';
import { dayStart, formatDay, inquiryKinds, inquiryPurpose, myAccesses, parseDay, type AccessesDeps, type Calendar, type InquiryKind, type MyAccess, type MyAccessPage } from '../citizen-data/index.ts';
import { inquiryTitles } from './inquiries.tsx';
import { DataPage, dateTime, personSession, type PageProblem } from './citizen-data-kit.tsx';

/** Calls per page: a screenful on a phone. */
const PER_PAGE = 20;

const outcomeKeys: Record<MyAccess['outcome'], MessageKey> = {
  delivered: 'myData.accesses.outcome.delivered',
  refused: 'myData.accesses.outcome.refused',
  failed: 'myData.accesses.outcome.failed',
  unknown: 'myData.accesses.outcome.unknown',
};

/** The window's own inquiries say their purpose in English in the log (header values are ASCII); the page says it in the reader's language. */
const portalPurposes = new Map<string, InquiryKind>(inquiryKinds.map((k) => [inquiryPurpose(k), k]));

function Purpose({ ctx, purpose }: { ctx: PageContext; purpose: string | null }) {
  const { t } = ctx.i18n;
  if (purpose === null) return <>{t('myData.accesses.noPurpose')}</>;
  const kind = portalPurposes.get(purpose);
  return kind ? <>{t('myData.accesses.portalPurpose', { inquiry: t(inquiryTitles[kind].title) })}</> : <span dir="auto">{purpose}</span>;
}

interface Filter {
  from: string;
  to: string;
}

function Who({ ctx, item }: { ctx: PageContext; item: MyAccess }) {
  const { t, locale } = ctx.i18n;
  const pick = (fa: string | null | undefined, en: string | null | undefined) => (locale === 'fa' ? (fa ?? en) : (en ?? fa)) ?? null;
  const agency = item.consumer?.agency ? pick(item.consumer.agency.nameFa, item.consumer.agency.nameEn) : null;
  const system = item.consumer?.subsystem ? (pick(item.consumer.subsystem.nameFa, item.consumer.subsystem.nameEn) ?? item.consumer.subsystem.code) : null;
  const by = item.actedBy;
  const byName = by ? pick(by.nameFa, by.nameEn) : null;
  return (
    <>
      {agency ?? item.consumer?.key ?? t('myData.accesses.unknownCaller')}
      {system ? (
        <>
          <br />
          <span class="hint">{system}</span>
        </>
      ) : null}
      {by ? (
        <p class="acted-by">
          {byName ? t('myData.accesses.actedBy', { name: byName }) : t('myData.accesses.actedByUnknown', { id: by.maskedId })}
          {by.representedParty ? ` ${t('myData.accesses.representing', { party: by.representedParty })}` : null}
        </p>
      ) : null}
    </>
  );
}

function AccessesPage({ ctx, calendar, filter, page, cursor, problem }: { ctx: PageContext; calendar: Calendar; filter: Filter; page: MyAccessPage | null; cursor: string | undefined; problem?: PageProblem | null }) {
  const { t, locale } = ctx.i18n;
  const pick = (fa: string | null, en: string | null) => (locale === 'fa' ? (fa ?? en) : (en ?? fa)) ?? '';
  const hint = t(calendar === 'persian' ? 'myData.accesses.dateHintPersian' : 'myData.accesses.dateHintGregorian');
  const query = (extra: Record<string, string>) => {
    const q = new URLSearchParams({ ...(filter.from ? { from: filter.from } : {}), ...(filter.to ? { to: filter.to } : {}), ...(locale === 'en' ? { lang: 'en' } : {}), ...extra });
    const s = q.toString();
    return `/account/accesses${s ? `?${s}` : ''}`;
  };
  return (
    <DataPage ctx={ctx} title={t('myData.accesses.title')} problem={problem ?? null}>
      <p>{t('myData.accesses.intro')}</p>
      {page && !page.recorded ? (
        <p class="notice">{t('myData.accesses.notRecorded')}</p>
      ) : (
        <>
          <form method="get" action="/account/accesses" class="filters" noValidate>
            <fieldset>
              <legend>{t('myData.accesses.filter')}</legend>
              {locale === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
              <TextInput i18n={ctx.i18n} id="from" name="from" value={filter.from} label={t('myData.accesses.from')} hint={hint} dir="ltr" size={12} error={problem?.fieldId === 'from' ? problem.text : undefined} />
              <TextInput i18n={ctx.i18n} id="to" name="to" value={filter.to} label={t('myData.accesses.to')} hint={hint} dir="ltr" size={12} error={problem?.fieldId === 'to' ? problem.text : undefined} />
              <button type="submit">{t('myData.accesses.show')}</button> <a href={locale === 'en' ? '/account/accesses?lang=en' : '/account/accesses'}>{t('myData.accesses.clear')}</a>
            </fieldset>
          </form>
          {page ? (
            page.items.length ? (
              <table class="data-table accesses">
                <caption>{t('myData.accesses.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('myData.accesses.when')}</th>
                    <th scope="col">{t('myData.accesses.who')}</th>
                    <th scope="col">{t('myData.accesses.service')}</th>
                    <th scope="col">{t('myData.accesses.purpose')}</th>
                    <th scope="col">{t('myData.accesses.outcome')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((item) => (
                    <tr key={item.messageId + item.at}>
                      <td>
                        <time dateTime={item.at}>{dateTime(ctx, item.at)}</time>
                      </td>
                      <td>
                        <Who ctx={ctx} item={item} />
                      </td>
                      <td>
                        {item.service ? (item.service.catalog ? pick(item.service.catalog.nameFa, item.service.catalog.nameEn) : pick(item.service.nameFa, item.service.nameEn) || item.service.code) : '—'}
                        {item.service?.provider ? (
                          <>
                            <br />
                            <span class="hint">{pick(item.service.provider.nameFa, item.service.provider.nameEn)}</span>
                          </>
                        ) : null}
                      </td>
                      <td>
                        <Purpose ctx={ctx} purpose={item.purpose} />
                      </td>
                      <td>{t(outcomeKeys[item.outcome])}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p>{t('myData.accesses.empty')}</p>
            )
          ) : null}
          {page && (page.nextCursor || cursor) ? (
            <nav aria-label={t('myData.accesses.pages')}>
              <ul class="pagination">
                {cursor ? (
                  <li>
                    <a href={query({})}>{t('myData.accesses.newest')}</a>
                  </li>
                ) : null}
                {page.nextCursor ? (
                  <li>
                    <a href={query({ cursor: page.nextCursor })} rel="next">
                      {t('myData.accesses.older')}
                    </a>
                  </li>
                ) : null}
              </ul>
            </nav>
          ) : null}
        </>
      )}
    </DataPage>
  );
}

const Query = Type.Object(
  {
    from: Type.Optional(Type.String({ maxLength: 40 })),
    to: Type.Optional(Type.String({ maxLength: 40 })),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
  },
  { additionalProperties: true },
);

/**
 * "Who accessed my data": the calls about the signed-in person, newest first, a page at a time
 * ("older calls" carries the keyset cursor), optionally within a period typed in the page's
 * calendar. A bad date or cursor shows the form again with the problem (400), never a 500.
 */
export function accessesPages(deps: AccessesDeps & { timeZone: string }): PagesPlugin {
  return async (plain, { isDemo }) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    app.get('/account/accesses', { config: { access: 'citizen' }, schema: { hide: true, querystring: Query } }, async (req, reply) => {
      const session = await personSession(deps.db, req);
      const ctx = await pageContext(req, reply, isDemo);
      const calendar: Calendar = ctx.i18n.locale === 'fa' ? 'persian' : 'gregorian';
      const filter: Filter = { from: (req.query.from ?? '').trim(), to: (req.query.to ?? '').trim() };
      const cursor = req.query.cursor || undefined;
      const example = calendar === 'persian' ? formatDay('persian', '2026-11-22') : '2026-11-22';
      const from = filter.from ? parseDay(calendar, filter.from) : null;
      const to = filter.to ? parseDay(calendar, filter.to) : null;
      let problem: PageProblem | null = null;
      if (filter.from && !from) problem = { code: 'VALIDATION_FAILED', fieldId: 'from', text: ctx.i18n.t('myData.error.date', { example: ctx.i18n.locale === 'fa' ? example.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!) : example }) };
      else if (filter.to && !to) problem = { code: 'VALIDATION_FAILED', fieldId: 'to', text: ctx.i18n.t('myData.error.date', { example: ctx.i18n.locale === 'fa' ? example.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!) : example }) };
      else if (from && to && from > to) problem = { code: 'VALIDATION_FAILED', fieldId: 'from', text: ctx.i18n.t('myData.error.period') };
      if (problem) {
        reply.header('x-error-code', problem.code);
        return sendPage(reply, <AccessesPage ctx={ctx} calendar={calendar} filter={filter} page={null} cursor={undefined} problem={problem} />, 400);
      }
      try {
        const page = await myAccesses(deps, session.accountId, {
          ...(from ? { from: dayStart(from, deps.timeZone) } : {}),
          ...(to ? { to: dayStart(to, deps.timeZone, 1) } : {}),
          ...(cursor ? { cursor } : {}),
          limit: PER_PAGE,
        });
        return sendPage(reply, <AccessesPage ctx={ctx} calendar={calendar} filter={filter} page={page} cursor={cursor} />);
      } catch (error) {
        // Only a cursor that is not one of ours can be refused here: start again from the newest.
        if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
        reply.header('x-error-code', error.code);
        const page = await myAccesses(deps, session.accountId, { ...(from ? { from: dayStart(from, deps.timeZone) } : {}), ...(to ? { to: dayStart(to, deps.timeZone, 1) } : {}), limit: PER_PAGE });
        return sendPage(reply, <AccessesPage ctx={ctx} calendar={calendar} filter={filter} page={page} cursor={undefined} />, 400);
      }
    });
  };
}
