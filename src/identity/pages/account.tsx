import type { Database } from '../../db/database.ts';
import { AppError } from '../../core/errors.ts';
import { pageContext, sendPage, type PagesPlugin } from '../../web/index.ts';
import { Layout } from '../../web/components/layout.tsx';
import { csrfField } from '../../web/forms/index.ts';
import { findAccountById } from '../accounts/index.ts';
import { masked } from '../../core/person-input.ts';
import './citizen-data-messages.ts';
import { actingForRequest, type ActingForDeps } from '../profiles/index.ts';
import { ActingForLine } from './profiles-kit.tsx';

/**
 * "My account": who the window knows the person as — names from the civil registry in both
 * languages, the identifier and mobile shown only by their last digits (a screen may be seen
 * by others), the birth date in the page's calendar — and where to manage sign-in.
 */
export function accountPages({ db, profiles }: { db: Database; profiles?: ActingForDeps }): PagesPlugin {
  return async (app, { isDemo }) => {
    app.get('/account', { config: { access: 'citizen' }, schema: { hide: true } }, async (req, reply) => {
      const principal = req.principal;
      if (principal.kind !== 'citizen') throw new AppError('UNAUTHENTICATED');
      const account = await db.run((q) => findAccountById(q, principal.accountId));
      if (!account) throw new AppError('UNAUTHENTICATED');
      const acting = profiles ? await actingForRequest(profiles, req) : null;
      const ctx = await pageContext(req, reply, isDemo);
      const { t } = ctx.i18n;
      const title = t('identity.account.title');
      const name = ctx.i18n.locale === 'fa' ? `${account.givenNameFa} ${account.familyNameFa}` : `${account.givenNameEn} ${account.familyNameEn}`;
      const otherName = ctx.i18n.locale === 'fa' ? `${account.givenNameEn} ${account.familyNameEn}` : `${account.givenNameFa} ${account.familyNameFa}`;
      return sendPage(
        reply,
        <Layout i18n={ctx.i18n} title={title} url={ctx.url} demo={ctx.demo}>
          <h1>{title}</h1>
          {acting ? <ActingForLine ctx={ctx} acting={acting.actingFor} notice={acting.notice} /> : null}
          <dl class="summary-list">
            <dt>{t('identity.account.name')}</dt>
            <dd>
              {name}
              <br />
              <span lang={ctx.i18n.locale === 'fa' ? 'en' : 'fa'} dir="auto">
                {otherName}
              </span>
            </dd>
            <dt>{t(account.identifierType === 'national_code' ? 'identity.register.nationalCode' : 'identity.register.foreignId')}</dt>
            <dd dir="ltr">{masked(account.identifier)}</dd>
            <dt>{t('identity.register.mobile')}</dt>
            <dd dir="ltr">{masked(account.mobile)}</dd>
            <dt>{t('identity.register.birthDate')}</dt>
            <dd>{ctx.i18n.date(account.birthDate)}</dd>
          </dl>
          <p>{t('identity.account.fromRegistry')}</p>
          <ul>
            <li>
              <a href="/account/security">{t('identity.account.security')}</a>
            </li>
            <li>
              <a href="/account/profiles">{t('profiles.title')}</a>
            </li>
            <li>
              <a href="/account/mandates">{t('mandates.title')}</a>
            </li>
            {/* identity: my inquiries and who accessed my data */}
            <li>
              <a href="/account/inquiries">{t('myData.inquiries.title')}</a>
            </li>
            <li>
              <a href="/account/accesses">{t('myData.accesses.title')}</a>
            </li>
          </ul>
          {req.citizenSession ? (
            <form method="post" action="/sign-out">
              <input type="hidden" name={csrfField} value={req.citizenSession.csrfToken} />
              <button type="submit" class="secondary">
                {t('identity.account.signOut')}
              </button>
            </form>
          ) : null}
        </Layout>,
      );
    });
  };
}
