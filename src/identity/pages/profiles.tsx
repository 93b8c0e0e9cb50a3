/**
 * "Whom I act for" (`/account/profiles`): the person themself, the companies they added (and
 * those the business registry lists for them), the children the civil registry lists in their
 * guardianship, and the mandates given to them; a button per profile switches the session to
 * it (confirmed with the registries at that moment). No script: every action is a form post
 * with the session's token, answered by a redirect or the page again with the problem.
 */
import Type from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errorCatalog, isAppError, type ErrorCode } from '../../core/errors.ts';
import type { ActingFor } from '../../core/profiles.ts';
import { pageContext, sendPage, type PageContext, type PagesPlugin } from '../../web/index.ts';
import { TextInput } from '../../web/components/form-fields.tsx';
import { csrfField, CsrfInput, FormBody, isGenuinePost, one } from '../../web/forms/index.ts';
import { findAccountById } from '../accounts/index.ts';
import { actingForRequest, addLegalEntity, listProfiles, switchProfile, type ActingForDeps, type ProfileList, type RequestActingFor } from '../profiles/index.ts';
import { clientOf, sendForged } from './sign-in-kit.tsx';
import { dayText, nameIn, problemMessage, ProfilesPage, statusOf, type PageProblem } from './profiles-kit.tsx';

const Query = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })), id: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: true });

function ChooseButton({ ctx, csrfToken, profileId, label, active }: { ctx: PageContext; csrfToken: string; profileId: string | null; label: string; active: boolean }) {
  if (active) return <strong class="tag">{ctx.i18n.t('profiles.active')}</strong>;
  return (
    <form method="post" action="/account/profiles/active" class="inline-form">
      <CsrfInput token={csrfToken} />
      <input type="hidden" name="profile" value={profileId ?? ''} />
      <button type="submit" class="button-secondary">
        {label}
      </button>
    </form>
  );
}

function ProfilesView({ ctx, csrfToken, current, list, legalId, problem, done }: { ctx: PageContext; csrfToken: string; current: RequestActingFor; list: ProfileList; legalId: string; problem?: PageProblem | null; done?: string | null }) {
  const { t } = ctx.i18n;
  const activeId = current.actingFor.profileId;
  const choose = (profileId: string | null, name: string) => (
    <ChooseButton ctx={ctx} csrfToken={csrfToken} profileId={profileId} active={activeId === profileId} label={profileId === null ? t('profiles.chooseSelf') : t('profiles.choose', { name })} />
  );
  return (
    <ProfilesPage ctx={ctx} title={t('profiles.title')} acting={current.actingFor} notice={current.notice} done={done ?? null} problem={problem ?? null}>
      <p>{t('profiles.intro')}</p>
      {list.registryUnavailable ? (
        <p class="notice" role="status">
          {t('profiles.registryUnavailable')}
        </p>
      ) : null}

      <h2>{t('profiles.kind.self')}</h2>
      <ul class="profile-list">
        <li>
          {nameIn(ctx, list.self.subject)} {choose(null, nameIn(ctx, list.self.subject))}
        </li>
      </ul>

      <h2>{t('profiles.kind.legalEntity')}</h2>
      {list.legalEntities.length ? (
        <ul class="profile-list">
          {list.legalEntities.map((e) => (
            <li key={e.id}>
              {nameIn(ctx, e)} <span dir="ltr">({e.legalId})</span> — {ctx.i18n.locale === 'fa' ? e.role.fa : e.role.en}
              {e.signatory ? ` (${t('profiles.signatory')})` : ''} {choose(e.id, nameIn(ctx, e))}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('profiles.none.legalEntity')}</p>
      )}
      {list.suggestions.length ? (
        <>
          <h3>{t('profiles.suggestions')}</h3>
          <ul class="profile-list">
            {list.suggestions.map((c) => (
              <li key={c.legalId}>
                {nameIn(ctx, c)} <span dir="ltr">({c.legalId})</span> — {ctx.i18n.locale === 'fa' ? c.role.fa : c.role.en}{' '}
                <form method="post" action="/account/profiles/legal-entities" class="inline-form">
                  <CsrfInput token={csrfToken} />
                  <input type="hidden" name="legalId" value={c.legalId} />
                  <button type="submit" class="button-secondary" aria-label={`${t('profiles.add')}: ${nameIn(ctx, c)}`}>
                    {t('profiles.add')}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <form method="post" action="/account/profiles/legal-entities" noValidate>
        <CsrfInput token={csrfToken} />
        <TextInput
          i18n={ctx.i18n}
          id="legal-id"
          name="legalId"
          value={legalId}
          dir="ltr"
          inputMode="numeric"
          spellCheck={false}
          size={14}
          label={t('profiles.legalId')}
          hint={t('profiles.legalIdHint')}
          error={problem?.fieldId === 'legal-id' ? problemMessage(ctx, problem.code) : undefined}
        />
        <button type="submit">{t('profiles.addCompany')}</button>
      </form>

      <h2>{t('profiles.kind.ward')}</h2>
      {list.wards.length ? (
        <ul class="profile-list">
          {list.wards.map((w) => (
            <li key={w.id}>
              {nameIn(ctx, w)} — {ctx.i18n.locale === 'fa' ? w.role.fa : w.role.en}, {t('profiles.until', { date: dayText(ctx, w.until) })} {choose(w.id, nameIn(ctx, w))}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('profiles.none.ward')}</p>
      )}

      <h2>{t('profiles.kind.mandate')}</h2>
      {list.mandates.length ? (
        <ul class="profile-list">
          {list.mandates.map((m) => (
            <li key={m.id}>
              {ctx.i18n.locale === 'fa' ? m.grantorNameFa : m.grantorNameEn} — {t('profiles.services', { services: m.services.join('، ') })},{' '}
              {m.live ? t('profiles.until', { date: dayText(ctx, m.endsOn) }) : t('profiles.notStarted', { date: dayText(ctx, m.startsOn) })}{' '}
              {m.live ? choose(m.id, ctx.i18n.locale === 'fa' ? m.grantorNameFa : m.grantorNameEn) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('profiles.none.mandate')}</p>
      )}
      <ul>
        <li>
          <a href="/account/mandates">{t('profiles.mandatesLink')}</a>
        </li>
        <li>
          <a href="/account">{t('profiles.back')}</a>
        </li>
      </ul>
    </ProfilesPage>
  );
}

/** A refusal the page shows on its form; anything else (signed out, a fault) goes to the error page. */
const shownCodes: readonly ErrorCode[] = ['PROFILE_NOT_AVAILABLE', 'REGISTRY_UNAVAILABLE', 'LEGAL_ID_INVALID', 'LEGAL_ENTITY_NOT_REPRESENTED', 'RATE_LIMITED'];
const problemFrom = (error: unknown, fieldId: string): PageProblem => {
  if (isAppError(error) && shownCodes.includes(error.code)) return { code: error.code, fieldId };
  throw error;
};

export function profilesPages({ profiles }: { profiles: ActingForDeps }): PagesPlugin {
  return async (plain, { isDemo }) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();

    const show = async (req: FastifyRequest, reply: FastifyReply, extra: { problem: PageProblem; legalId?: string }) => {
      const current = await actingForRequest(profiles, req);
      const account = await profiles.db.run((q) => findAccountById(q, current.session.accountId));
      if (!account) throw new AppError('UNAUTHENTICATED');
      const list = await listProfiles(profiles, account);
      const ctx = await pageContext(req, reply, isDemo);
      const status = statusOf(reply, extra.problem.code, errorCatalog[extra.problem.code].status);
      return sendPage(reply, <ProfilesView ctx={ctx} csrfToken={current.session.csrfToken} current={current} list={list} legalId={extra.legalId ?? ''} problem={extra.problem} />, status);
    };

    const doneText = (ctx: PageContext, kind: string | undefined, acting: ActingFor, list: ProfileList | null, id: string | undefined): string | null => {
      if (kind === 'switched') return ctx.i18n.t('profiles.done.switched', { name: nameIn(ctx, acting.subject) });
      const added = kind === 'added' && list ? list.legalEntities.find((e) => e.id === id) : undefined;
      return added ? ctx.i18n.t('profiles.done.added', { name: nameIn(ctx, added) }) : null;
    };

    app.get('/account/profiles', { config: { access: 'citizen' }, schema: { hide: true, querystring: Query } }, async (req, reply) => {
      const current = await actingForRequest(profiles, req);
      const account = await profiles.db.run((q) => findAccountById(q, current.session.accountId));
      if (!account) throw new AppError('UNAUTHENTICATED');
      const list = await listProfiles(profiles, account);
      const ctx = await pageContext(req, reply, isDemo);
      const done = doneText(ctx, req.query.done, current.actingFor, list, req.query.id);
      return sendPage(reply, <ProfilesView ctx={ctx} csrfToken={current.session.csrfToken} current={current} list={list} legalId="" done={done} />);
    });

    app.post('/account/profiles/active', { config: { access: 'citizen' }, schema: { hide: true, body: FormBody } }, async (req, reply) => {
      if (!isGenuinePost(req, one(req.body, csrfField))) return sendForged(req, reply, isDemo);
      const { session } = await actingForRequest(profiles, req);
      const wanted = one(req.body, 'profile').trim().slice(0, 64);
      try {
        await switchProfile(profiles, session, wanted === '' ? null : wanted, clientOf(req));
      } catch (error) {
        return show(req, reply, { problem: problemFrom(error, 'main') });
      }
      return reply.redirect('/account/profiles?done=switched', 303);
    });

    app.post('/account/profiles/legal-entities', { config: { access: 'citizen' }, schema: { hide: true, body: FormBody } }, async (req, reply) => {
      if (!isGenuinePost(req, one(req.body, csrfField))) return sendForged(req, reply, isDemo);
      const { session } = await actingForRequest(profiles, req);
      const account = await profiles.db.run((q) => findAccountById(q, session.accountId));
      if (!account) throw new AppError('UNAUTHENTICATED');
      const typed = one(req.body, 'legalId').slice(0, 64);
      try {
        const row = await addLegalEntity(profiles, account, typed, clientOf(req));
        return reply.redirect(`/account/profiles?done=added&id=${row.id}`, 303);
      } catch (error) {
        const problem = problemFrom(error, 'legal-id');
        return show(req, reply, { problem, legalId: typed.length <= 20 ? typed : '' });
      }
    });
  };
}

