import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { chromium, type Browser } from 'playwright-core';
import { rows } from '../../src/db/database.ts';
import { lastCodeSentTo } from '../support/people.ts';
import { livingPeople, openRegistrationWorld, type RegistrationWorld } from '../identity/registration-support.ts';
import { signedInPerson, type SignedIn } from '../identity/citizen-data-support.ts';
import { assertAccessible, chromiumPath, formatProblems, htmlLangDir, noBrowser, screenshot, submit } from './support.ts';

const persianDigits = (s: string) => s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);

describe('my inquiries and who accessed my data in a real browser, in Persian: sign in, ask, see the call', { skip: noBrowser }, () => {
  let w: RegistrationWorld;
  let browser: Browser;
  let person: SignedIn;
  before(async () => {
    const launching = chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'] });
    launching.catch(() => {});
    w = await openRegistrationWorld('embedded', {}, { listen: true });
    // Messages stay queued, so the test reads the sign-in code from the outbox as a phone would receive it.
    await w.app.outbox.stop();
    person = await signedInPerson(w.db, livingPeople(1, '')[0]!.nationalCode);
    browser = await launching;
  });
  after(async () => {
    await browser?.close().catch(() => {});
    await w?.close();
  });

  test('sign in, run the literacy inquiry, find the call under “who accessed my data”', async () => {
    const context = await browser.newContext({ baseURL: w.url, viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`script error on ${page.url()}: ${error.message}`));
    try {
      await page.goto('/account/inquiries');
      assert.equal(new URL(page.url()).pathname, '/sign-in', 'a stranger is sent to sign in');
      await page.locator('#identifier').fill(persianDigits(person.account.identifier));
      assert.equal(await submit(page, page.locator('form[action="/sign-in"] button[type=submit]')), 303);
      await page.locator('#code').fill(persianDigits((await lastCodeSentTo(w.db, person.account.mobile))!));
      assert.equal(await submit(page, page.locator('form[action="/sign-in/code"] button[type=submit]')), 303);
      assert.equal(new URL(page.url()).pathname, '/account/inquiries', 'back where they were going');
      assert.deepEqual(await htmlLangDir(page), { lang: 'fa', dir: 'rtl' });
      await assertAccessible(page, 'my inquiries (fa)');
      await screenshot(page, 'inquiries-fa');

      assert.equal(await submit(page, page.locator('form.inquiry:has(input[value="literacy-level"]) button[type=submit]')), 200);
      const answer = page.locator('.inquiry-answer');
      assert.match((await answer.locator('h2').textContent()) ?? '', /سطح سواد/);
      assert.match((await answer.textContent()) ?? '', /[۰-۹]/, 'dates and numbers in Persian digits');
      await assertAccessible(page, 'an inquiry’s answer (fa)');
      await screenshot(page, 'inquiry-answer-fa');

      await answer.locator('a[href="/account/accesses"]').click();
      await page.waitForURL(/\/account\/accesses$/);
      const rows = page.locator('table.accesses tbody tr');
      assert.equal(await rows.count(), 1);
      const row = (await rows.first().textContent()) ?? '';
      assert.match(row, /سازمان نهضت سوادآموزی/, 'the agency that answered, by name');
      assert.match(row, /استعلام‌های من در این درگاه: سطح سواد/, 'the purpose, in the page’s language');
      assert.match(row, /پاسخ داده شد/, 'the outcome');
      assert.match((await rows.first().locator('time').textContent()) ?? '', /[۰-۹]{4}/, 'the date in the Persian calendar');
      await assertAccessible(page, 'who accessed my data (fa)');
      await screenshot(page, 'accesses-fa');

      await page.locator('#from').fill('۱۴۰۰/۰۱/۰۱');
      await page.locator('form.filters button[type=submit]').click();
      await page.waitForURL(/from=/);
      assert.equal(await page.locator('table.accesses tbody tr').count(), 1, 'the period keeps the call');
      await page.goto('/account/accesses?lang=en&from=1405-13-01');
      assert.deepEqual(await htmlLangDir(page), { lang: 'en', dir: 'ltr' });
      assert.equal(await page.locator('.error-summary a[href="#from"]').count(), 1);
      await assertAccessible(page, 'who accessed my data with a bad date (en)');
      assert.deepEqual(problems, [], formatProblems('page problems', problems));
    } finally {
      await context.close();
    }
  });
  test('choose a profile (a mandate), run an inquiry for it, see it in the other person’s access view', async () => {
    const [grantorCode, granteeCode] = livingPeople(3, '').slice(1).map((p) => p.nationalCode);
    const grantor = await signedInPerson(w.db, grantorCode!);
    const grantee = await signedInPerson(w.db, granteeCode!);
    // The mandate as the grant form stores it (the form itself: test/identity/profiles.test.ts), covering the literacy inquiry's catalog service.
    const [literacy] = await w.db.run((q) => rows<{ id: string }>(q, sql`select registry_service_id as id from exchange_services where code = 'literacy-level' and registry_service_id is not null`));
    const mandateId = randomUUID();
    await w.db.run((q) =>
      q.execute(sql`insert into mandates (id, grantor_account_id, grantee_identifier_type, grantee_identifier, grantee_name_fa, grantee_name_en, services, starts_on, ends_on)
                    values (${mandateId}, ${grantor.account.id}, 'national_code', ${granteeCode}, ${grantee.account.givenNameFa}, ${grantee.account.givenNameEn}, ${`{${literacy!.id}}`}::text[], current_date - 1, current_date + 30)`),
    );
    const as = async (who: SignedIn) => {
      const context = await browser.newContext({ baseURL: w.url, viewport: { width: 1280, height: 900 } });
      context.setDefaultTimeout(60_000);
      await context.addCookies([{ name: 'ow_session', value: who.cookie.slice('ow_session='.length), url: w.url }]);
      return context;
    };
    const granteeContext = await as(grantee);
    const grantorContext = await as(grantor);
    try {
      const page = await granteeContext.newPage();
      await page.goto('/account/profiles');
      const grantorName = `${grantor.account.givenNameFa} ${grantor.account.familyNameFa}`;
      assert.equal(await submit(page, page.locator(`form[action="/account/profiles/active"]:has(input[name=profile][value="${mandateId}"]) button[type=submit]`)), 303);
      await page.goto('/account/inquiries');
      assert.match((await page.locator('main').textContent()) ?? '', new RegExp(grantorName), 'the page says whom the person acts for');
      assert.equal(await submit(page, page.locator('form.inquiry:has(input[value="literacy-level"]) button[type=submit]')), 200);
      assert.match((await page.locator('.inquiry-answer h2').textContent()) ?? '', /سطح سواد/);
      await assertAccessible(page, 'an inquiry for the person one acts for (fa)');

      const theirs = await grantorContext.newPage();
      await theirs.goto('/account/accesses');
      const row = (await theirs.locator('table.accesses tbody tr').first().textContent()) ?? '';
      assert.match(row, /سازمان نهضت سوادآموزی/);
      assert.match(row, new RegExp(`انجام‌شده به دست ${grantee.account.givenNameFa} ${grantee.account.familyNameFa} از طرف شما`), 'who acted for them, by name');
      await assertAccessible(theirs, 'who accessed my data, a call made for me (fa)');
      await screenshot(theirs, 'accesses-acted-for-fa');
      // The one who acted does not find it in their own view: the call was not about them (the
      // registry's look-ups about them when their profiles were listed are, and show there).
      await page.goto('/account/accesses');
      assert.doesNotMatch((await page.locator('main').textContent()) ?? '', /سازمان نهضت سوادآموزی/);
    } finally {
      await granteeContext.close();
      await grantorContext.close();
    }
  });
});
