import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/database.ts';
import { createCitizenSession, type AccountRow } from '../../src/identity/index.ts';
import { insertMandate } from '../../src/identity/profiles/profile-repository.ts';
import { insertPerson } from '../support/people.ts';
import { assertAccessible, htmlLangDir, noBrowser, openSite, screenshot, submit, type Site } from './support.ts';

describe('profiles and mandates in a real browser: axe in fa and en, with lists, a search and an error', { skip: noBrowser }, () => {
  let site: Site;
  let person: AccountRow;
  let secret: string;
  before(async () => {
    site = await openSite();
    person = await insertPerson(site.db);
    const giver = await insertPerson(site.db);
    const [service] = await site.db.run((q) => rows<{ id: string }>(q, sql`select id from services where status = 'active' order by id limit 1`));
    const today = new Date().toISOString().slice(0, 10);
    const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    // One given to the person and one they gave, so both tables show.
    await site.db.transaction(async (tx) => {
      await insertMandate(tx, { id: randomUUID(), grantorAccountId: giver.id, granteeIdentifierType: 'national_code', granteeIdentifier: person.identifier, granteeNameFa: 'مریم احمدی', granteeNameEn: 'Maryam Ahmadi', services: [service!.id], startsOn: today, endsOn: inAWeek });
      await insertMandate(tx, { id: randomUUID(), grantorAccountId: person.id, granteeIdentifierType: 'national_code', granteeIdentifier: giver.identifier, granteeNameFa: 'مریم احمدی', granteeNameEn: 'Maryam Ahmadi', services: [service!.id], startsOn: today, endsOn: inAWeek });
    });
    secret = (await site.db.transaction((tx) => createCitizenSession(tx, { accountId: person.id, accountAssurance: 2, amr: ['sms', 'otp'], secondFactorPending: false }))).secret;
  });
  after(async () => {
    await site?.close();
  });

  test('the profiles and mandates pages, a service search and a refused grant, in Persian and English', async () => {
    const { page, context, problems } = await site.open();
    try {
      await context.addCookies([{ name: 'ow_session', value: secret, url: site.url }]);
      for (const lang of ['fa', 'en'] as const) {
        await page.goto(`/account/profiles?lang=${lang}`);
        assert.deepEqual(await htmlLangDir(page), { lang, dir: lang === 'fa' ? 'rtl' : 'ltr' });
        await screenshot(page, `profiles-${lang}`);
        await assertAccessible(page, `the profiles page (${lang})`);

        await page.goto(`/account/mandates?q=${lang === 'fa' ? encodeURIComponent('استعلام') : 'inquiry'}`);
        await screenshot(page, `mandates-${lang}`);
        await assertAccessible(page, `the mandates page with a search (${lang})`);

        await page.locator('#grantee').fill(person.identifier);
        assert.equal(await submit(page, page.locator('form[action="/account/mandates"] button[type=submit]')), 422);
        assert.equal(await page.locator('.error-summary a[href="#grantee"]').count(), 1);
        await assertAccessible(page, `the mandates page with an error (${lang})`);
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
