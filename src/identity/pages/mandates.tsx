/**
 * Mandates (`/account/mandates`): those the person gave (with a revoke button each), those
 * given to them, and the form to give one — the grantee's national code, the services (ticked
 * from a search of the catalog, or typed by identifier), and the first and last day in the
 * page's calendar (Solar Hijri day, month and year in fa, Gregorian in en), like registration's
 * birth date. The search is a GET form of its own, so it works without script.
 */
import Type from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errorCatalog } from '../../core/errors.ts';
import type { Calendar } from '../../core/person-input.ts';
import { isoToSolarHijri } from '../../core/solar-hijri.ts';
import { pageContext, sendPage, type PageContext, type PagesPlugin } from '../../web/index.ts';
import { CheckboxGroup, Select, TextInput } from '../../web/components/form-fields.tsx';
import { csrfField, CsrfInput, FormBody, isGenuinePost, many, one } from '../../web/forms/index.ts';
import { readServiceNames, type Names } from '../../registry/index.ts';
import { findAccountById, type AccountRow } from '../accounts/index.ts';
import {
  actingForRequest,
  dayFromParts,
  grantMandate,
  MAX_MANDATE_SERVICES,
  mandatesGiven,
  mandatesReceived,
  mandateStatus,
  revokeMandate,
  type ActingForDeps,
  type MandateField,
  type MandateRow,
  type MandateRules,
  type RequestActingFor,
} from '../profiles/index.ts';
import { isoDateIn } from '../../core/dates.ts';
import { gregorianMonths, persianMonths } from './register-messages.ts';
import { clientOf, sendForged } from './sign-in-kit.tsx';
import { dayText, nameIn, problemMessage, ProfilesPage, statusOf, type PageProblem } from './profiles-kit.tsx';

/** Catalog services matching what the person searched for (by name or identifier), at most a few dozen. */
export type ServiceFinder = (q: string) => Promise<{ id: string; nameFa: string; nameEn: string }[]>;

const Query = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), done: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: true });
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

interface DayValue {
  day: string;
  month: string;
  year: string;
}
interface GrantValues {
  grantee: string;
  services: string[];
  serviceIds: string;
  starts: DayValue;
  ends: DayValue;
}

const fieldIds: Record<MandateField, string> = { grantee: 'grantee', services: 'services', starts: 'starts-day', ends: 'ends-day' };
const statusKeys = { upcoming: 'mandates.status.upcoming', active: 'mandates.status.active', ended: 'mandates.status.ended', revoked: 'mandates.status.revoked' } as const;
const doneKeys = { granted: 'mandates.done.granted', revoked: 'mandates.done.revoked' } as const;

function DayFields({ ctx, prefix, legend, value, error }: { ctx: PageContext; prefix: 'starts' | 'ends'; legend: string; value: DayValue; error: string | undefined }) {
  const { t, locale } = ctx.i18n;
  const months = (locale === 'fa' ? persianMonths : gregorianMonths).map((name, i) => ({ value: String(i + 1), label: name }));
  const hintId = `${prefix}-hint`;
  return (
    <fieldset class={error ? 'field field-error' : 'field'} aria-describedby={error ? `${prefix}-error` : hintId}>
      <legend>{legend}</legend>
      <p id={hintId} class="hint">
        {t(locale === 'fa' ? 'mandates.dayHintPersian' : 'mandates.dayHintGregorian')}
      </p>
      {error ? (
        <p id={`${prefix}-error`} class="field-error-message">
          {error}
        </p>
      ) : null}
      <TextInput i18n={ctx.i18n} id={`${prefix}-day`} name={`${prefix}Day`} dir="ltr" inputMode="numeric" size={3} label={t('identity.register.day')} value={value.day} />
      <Select i18n={ctx.i18n} id={`${prefix}-month`} name={`${prefix}Month`} label={t('identity.register.month')} value={value.month} options={months} emptyLabel={t('identity.register.chooseMonth')} />
      <TextInput i18n={ctx.i18n} id={`${prefix}-year`} name={`${prefix}Year`} dir="ltr" inputMode="numeric" size={5} label={t('identity.register.year')} value={value.year} />
    </fieldset>
  );
}

function MandateTable({ ctx, csrfToken, rows, today, given }: { ctx: PageContext; csrfToken: string; rows: MandateRow[]; today: string; given: boolean }) {
  const { t } = ctx.i18n;
  const caption = t(given ? 'mandates.given' : 'mandates.received');
  return (
    <table>
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t(given ? 'mandates.person' : 'mandates.grantor')}</th>
          <th scope="col">{t('mandates.servicesHeading')}</th>
          <th scope="col">{t('mandates.period')}</th>
          <th scope="col">{t('mandates.statusHeading')}</th>
          {given ? (
            <th scope="col">
              <span class="visually-hidden">{t('mandates.revoke')}</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((m) => {
          const status = mandateStatus(m, today);
          const person = given ? nameIn(ctx, { nameFa: m.granteeNameFa, nameEn: m.granteeNameEn }) : nameIn(ctx, { nameFa: m.grantorNameFa, nameEn: m.grantorNameEn });
          return (
            <tr key={m.id}>
              <td>{person}</td>
              <td dir="ltr">{m.services.join(', ')}</td>
              <td>{t('mandates.periodValue', { from: dayText(ctx, m.startsOn), to: dayText(ctx, m.endsOn) })}</td>
              <td>{t(statusKeys[status])}</td>
              {given ? (
                <td>
                  {status === 'active' || status === 'upcoming' ? (
                    <form method="post" action={`/account/mandates/${m.id}/revoke`} class="inline-form">
                      <CsrfInput token={csrfToken} />
                      <button type="submit" class="button-secondary" aria-label={t('mandates.revokeLabel', { name: person })}>
                        {t('mandates.revoke')}
                      </button>
                    </form>
                  ) : null}
                </td>
              ) : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

interface MandatesView {
  current: RequestActingFor;
  given: MandateRow[];
  received: MandateRow[];
  today: string;
  q: string;
  found: { id: string; nameFa: string; nameEn: string }[];
  values: GrantValues;
  problem: PageProblem | null;
  done: string | null;
  maxDays: number;
}

function MandatesPage({ ctx, v }: { ctx: PageContext; v: MandatesView }) {
  const { t } = ctx.i18n;
  const csrfToken = v.current.session.csrfToken;
  const fieldError = (field: MandateField) => (v.problem && v.problem.fieldId === fieldIds[field] ? problemMessage(ctx, v.problem.code, v.maxDays) : undefined);
  const options = v.found.map((s) => ({ value: s.id, label: `${nameIn(ctx, s)} (${s.id})` }));
  return (
    <ProfilesPage ctx={ctx} title={t('mandates.title')} acting={v.current.actingFor} notice={v.current.notice} done={v.done} problem={v.problem} maxDays={v.maxDays}>
      <p>{t('mandates.intro')}</p>
      <h2>{t('mandates.given')}</h2>
      {v.given.length ? <MandateTable ctx={ctx} csrfToken={csrfToken} rows={v.given} today={v.today} given={true} /> : <p>{t('mandates.noneGiven')}</p>}
      <h2>{t('mandates.received')}</h2>
      {v.received.length ? <MandateTable ctx={ctx} csrfToken={csrfToken} rows={v.received} today={v.today} given={false} /> : <p>{t('mandates.noneReceived')}</p>}

      <h2 id="grant">{t('mandates.grantHeading')}</h2>
      <p>{t('mandates.maxDays', { days: ctx.i18n.n(v.maxDays) })}</p>
      <form method="get" action="/account/mandates#grant" role="search">
        <TextInput i18n={ctx.i18n} id="q" name="q" type="search" value={v.q} label={t('mandates.search')} hint={t('mandates.searchHint')} />
        <button type="submit" class="button-secondary">
          {t('mandates.searchButton')}
        </button>
      </form>
      <form method="post" action="/account/mandates" noValidate>
        <CsrfInput token={csrfToken} />
        <input type="hidden" name="q" value={v.q} />
        <TextInput i18n={ctx.i18n} id="grantee" name="grantee" value={v.values.grantee} dir="ltr" inputMode="numeric" spellCheck={false} size={14} label={t('mandates.grantee')} hint={t('mandates.granteeHint')} error={fieldError('grantee')} />
        {options.length ? (
          <CheckboxGroup i18n={ctx.i18n} id="services" name="services" label={t('mandates.services')} hint={t('mandates.servicesHint')} values={v.values.services} options={options} error={fieldError('services')} />
        ) : (
          <p id="services" class={fieldError('services') ? 'field-error-message' : 'hint'}>
            {fieldError('services') ?? t('mandates.servicesNone')}
          </p>
        )}
        <TextInput i18n={ctx.i18n} id="service-ids" name="serviceIds" value={v.values.serviceIds} dir="ltr" spellCheck={false} label={t('mandates.serviceIds')} hint={t('mandates.serviceIdsHint')} optional={true} />
        <DayFields ctx={ctx} prefix="starts" legend={t('mandates.starts')} value={v.values.starts} error={fieldError('starts')} />
        <DayFields ctx={ctx} prefix="ends" legend={t('mandates.ends')} value={v.values.ends} error={fieldError('ends')} />
        <button type="submit">{t('mandates.submit')}</button>
      </form>
      <p>
        <a href="/account/profiles">{t('profiles.title')}</a>
      </p>
    </ProfilesPage>
  );
}

const bounded = (text: string, max: number) => (text.length <= max ? text : '');

function dayValue(body: FormBody, prefix: string): DayValue {
  return { day: bounded(one(body, `${prefix}Day`), 8), month: bounded(one(body, `${prefix}Month`), 2), year: bounded(one(body, `${prefix}Year`), 8) };
}

/** Today as the form's default first day, in the page's calendar. */
function todayParts(calendar: Calendar, today: string): DayValue {
  if (calendar === 'persian') {
    const { year, month, day } = isoToSolarHijri(today);
    return { year: String(year), month: String(month), day: String(day) };
  }
  return { year: today.slice(0, 4), month: String(Number(today.slice(5, 7))), day: String(Number(today.slice(8, 10))) };
}

export function mandatesPages({ profiles, rules, findServices }: { profiles: ActingForDeps; rules: MandateRules; findServices?: ServiceFinder }): PagesPlugin {
  return async (plain, { isDemo }) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    const today = () => isoDateIn((profiles.now ?? (() => new Date()))(), profiles.timeZone ?? 'Asia/Tehran');

    const render = async (req: FastifyRequest, reply: FastifyReply, account: AccountRow, current: RequestActingFor, extra: { q: string; values?: GrantValues; problem?: PageProblem | null; done?: string | null }) => {
      const ctx = await pageContext(req, reply, isDemo);
      const calendar: Calendar = ctx.i18n.locale === 'fa' ? 'persian' : 'gregorian';
      const q = extra.q.trim();
      const found = q && findServices ? await findServices(q) : [];
      const values = extra.values ?? { grantee: '', services: [], serviceIds: '', starts: todayParts(calendar, today()), ends: { day: '', month: '', year: '' } };
      // Ticked services stay listed (and ticked) when the page comes back, whatever was searched.
      const missing = values.services.filter((id) => !found.some((s) => s.id === id));
      const names: Map<string, Names> = missing.length ? await profiles.db.run((qh) => readServiceNames(qh, missing)) : new Map();
      const chosen = missing.flatMap((id) => {
        const n = names.get(id);
        return n ? [{ id, ...n }] : [];
      });
      const v: MandatesView = {
        current,
        given: await mandatesGiven(profiles, account),
        received: await mandatesReceived(profiles, account),
        today: today(),
        q,
        found: [...chosen, ...found],
        values,
        problem: extra.problem ?? null,
        done: extra.done ?? null,
        maxDays: rules.maxDays,
      };
      const status = v.problem ? statusOf(reply, v.problem.code, errorCatalog[v.problem.code].status) : 200;
      return sendPage(reply, <MandatesPage ctx={ctx} v={v} />, status);
    };

    const signedIn = async (req: FastifyRequest) => {
      const current = await actingForRequest(profiles, req);
      const account = await profiles.db.run((q) => findAccountById(q, current.session.accountId));
      if (!account) throw new AppError('UNAUTHENTICATED');
      return { current, account };
    };

    app.get('/account/mandates', { config: { access: 'citizen' }, schema: { hide: true, querystring: Query } }, async (req, reply) => {
      const { current, account } = await signedIn(req);
      const done = req.query.done === 'granted' || req.query.done === 'revoked' ? (await pageContext(req, reply, isDemo)).i18n.t(doneKeys[req.query.done]) : null;
      return render(req, reply, account, current, { q: req.query.q ?? '', done });
    });

    app.post('/account/mandates', { config: { access: 'citizen' }, schema: { hide: true, body: FormBody } }, async (req, reply) => {
      if (!isGenuinePost(req, one(req.body, csrfField))) return sendForged(req, reply, isDemo);
      const { current, account } = await signedIn(req);
      const ctx = await pageContext(req, reply, isDemo);
      const calendar: Calendar = ctx.i18n.locale === 'fa' ? 'persian' : 'gregorian';
      const body = req.body;
      const typedIds = bounded(one(body, 'serviceIds'), 2000);
      const values: GrantValues = {
        grantee: bounded(one(body, 'grantee'), 64),
        services: many(body, 'services').filter((s) => s.length <= 64).slice(0, MAX_MANDATE_SERVICES + 1),
        serviceIds: typedIds,
        starts: dayValue(body, 'starts'),
        ends: dayValue(body, 'ends'),
      };
      const services = [...values.services, ...typedIds.split(/[\s,،]+/).filter(Boolean)];
      const result = await grantMandate(profiles, rules, account, { grantee: values.grantee, services, startsOn: dayFromParts(calendar, values.starts), endsOn: dayFromParts(calendar, values.ends) }, clientOf(req)).catch((error: unknown) => {
        if (error instanceof AppError && (error.code === 'REGISTRY_UNAVAILABLE' || error.code === 'RATE_LIMITED')) return { ok: false as const, refusals: [{ code: error.code, field: 'grantee' as const }] };
        throw error;
      });
      if (result.ok) return reply.redirect('/account/mandates?done=granted', 303);
      const first = result.refusals[0]!;
      return render(req, reply, account, current, { q: bounded(one(body, 'q'), 200), values, problem: { code: first.code, fieldId: fieldIds[first.field] } });
    });

    app.post('/account/mandates/:id/revoke', { config: { access: 'citizen' }, schema: { hide: true, params: IdParams, body: FormBody } }, async (req, reply) => {
      if (!isGenuinePost(req, one(req.body, csrfField))) return sendForged(req, reply, isDemo);
      const { current, account } = await signedIn(req);
      try {
        await revokeMandate(profiles, account, req.params.id, clientOf(req));
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'MANDATE_NOT_FOUND')) throw error;
        return render(req, reply, account, current, { q: '', problem: { code: 'MANDATE_NOT_FOUND', fieldId: 'main' } });
      }
      return reply.redirect('/account/mandates?done=revoked', 303);
    });
  };
}
