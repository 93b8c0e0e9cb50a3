import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createStaff, issueToken } from '../../src/identity/index.ts';
import { assertAccessible, formatProblems, htmlLangDir, noBrowser, openSite, screenshot, submit, type Site } from './support.ts';

describe('staff area in a real browser: sign in, a validation error, then success', { skip: noBrowser }, () => {
  let site: Site;
  let service: { id: string; agencyCode: string };
  let adminToken: string;
  let operatorToken: string;
  before(async () => {
    site = await openSite();
    const found = await site.app.inject({ url: '/api/v1/catalog/search?q=passport&limit=1' });
    service = found.json().items[0];
    const admin = await createStaff(site.db, { name: 'Zahra Karimi', role: 'agency_admin', agencyCode: service.agencyCode });
    adminToken = (await issueToken(site.db, admin.id)).token;
    const operator = await createStaff(site.db, { name: 'Operator One', role: 'operator' });
    operatorToken = (await issueToken(site.db, operator.id)).token;
  });
  after(async () => {
    await site?.close();
  });

  test('an agency admin signs in, gets an error summary for bad input, then saves, in fa and then en', async () => {
    const { page, context, problems } = await site.open();
    try {
      const editPath = `/staff/services/${service.id}/edit`;
      await page.goto(editPath);
      assert.equal(new URL(page.url()).pathname, '/staff/login', 'a stranger is sent to sign in');
      assert.deepEqual(await htmlLangDir(page), { lang: 'fa', dir: 'rtl' });
      await screenshot(page, 'staff-login-fa');
      await assertAccessible(page, 'the sign-in page (fa)');

      await page.locator('#token').fill('ow_not-a-real-token');
      assert.equal(await submit(page, page.locator('form[action="/staff/login"] button[type=submit]')), 401);
      assert.equal(await page.locator('.error-summary a[href="#token"]').count(), 1, 'the summary links to the field');
      await screenshot(page, 'staff-login-error-fa');
      await assertAccessible(page, 'the sign-in page with an error (fa)');

      await page.locator('#token').fill(adminToken);
      assert.equal(await submit(page, page.locator('form[action="/staff/login"] button[type=submit]')), 303);
      assert.equal(new URL(page.url()).pathname, editPath, 'back where they were going');
      assert.match((await page.locator('header .staff-name').textContent()) ?? '', /Zahra Karimi/);
      await screenshot(page, 'staff-edit-fa');
      await assertAccessible(page, 'the service edit page (fa)');

      const save = page.locator('form.staff-form button[type=submit]');
      await page.locator('#field-nameFa').fill('');
      await page.locator('#field-slaDays').fill('سه روز');
      assert.equal(await submit(page, save), 422);
      assert.equal(await page.locator('.error-summary a[href="#field-nameFa"]').count(), 1);
      assert.equal(await page.locator('.error-summary a[href="#field-slaDays"]').count(), 1);
      assert.equal(await page.locator('#field-slaDays').inputValue(), 'سه روز', 'what was typed is kept');
      assert.equal(await page.locator('#field-nameFa').getAttribute('aria-invalid'), 'true');
      await screenshot(page, 'staff-edit-error-fa');
      await assertAccessible(page, 'the service edit page with errors (fa)');

      await page.locator('#field-nameFa').fill('صدور گذرنامه (ویرایش آزمون)');
      await page.locator('#field-slaDays').fill('۱۵');
      assert.equal(await submit(page, save), 303);
      assert.equal(await page.locator('.notice[role=status]').count(), 1, 'saved, and told so');
      assert.equal(await page.locator('.error-summary').count(), 0);
      assert.equal(await page.locator('#field-slaDays').inputValue(), '15');
      await screenshot(page, 'staff-edit-saved-fa');
      await assertAccessible(page, 'the service edit page after saving (fa)');

      await page.locator('header a.lang-switch').click();
      assert.deepEqual(await htmlLangDir(page), { lang: 'en', dir: 'ltr' });
      await page.locator('#field-nameEn').fill('');
      await page.locator('#field-feeAmount').fill('-5');
      assert.equal(await submit(page, save), 422);
      assert.deepEqual(await htmlLangDir(page), { lang: 'en', dir: 'ltr' }, 'the language survives the post');
      assert.equal(await page.locator('.error-summary a[href="#field-nameEn"]').count(), 1);
      await screenshot(page, 'staff-edit-error-en');
      await assertAccessible(page, 'the service edit page with errors (en)');

      await page.locator('#field-nameEn').fill('Passport issuance (test edit)');
      await page.locator('#field-feeAmount').fill('');
      assert.equal(await submit(page, save), 303);
      assert.equal(await page.locator('.notice[role=status]').count(), 1);
      await screenshot(page, 'staff-edit-saved-en');
      await assertAccessible(page, 'the service edit page after saving (en)');

      await page.goto(`/services/${service.id}`);
      assert.match((await page.locator('h1').textContent()) ?? '', /Passport issuance \(test edit\)/, 'the public page shows the change');
      await page.goto('/staff');
      await screenshot(page, 'staff-home-en');
      await assertAccessible(page, 'the staff home (en)');
      await page.goto('/staff?lang=fa');
      await screenshot(page, 'staff-home-fa');
      await assertAccessible(page, 'the staff home (fa)');
      assert.deepEqual(problems, [], formatProblems('page problems', problems));
    } finally {
      await context.close();
    }
  });

  test('the operator edits an agency: an error, then success, axe clean in both languages', async () => {
    const { page, context, problems } = await site.open();
    try {
      await page.goto('/staff/login?lang=en');
      await page.locator('#token').fill(operatorToken);
      assert.equal(await submit(page, page.locator('form[action="/staff/login"] button[type=submit]')), 303);
      assert.equal(new URL(page.url()).pathname, '/staff');
      await page.goto(`/staff/agencies/${service.agencyCode}/edit`);
      await screenshot(page, 'staff-agency-edit-en');
      await assertAccessible(page, 'the agency edit page (en)');

      const save = page.locator('form.staff-form button[type=submit]');
      await page.locator('#field-contactEmail').fill('not an address');
      assert.equal(await submit(page, save), 422);
      assert.equal(await page.locator('.error-summary a[href="#field-contactEmail"]').count(), 1);
      await assertAccessible(page, 'the agency edit page with an error (en)');
      await page.locator('header a.lang-switch').click();
      assert.deepEqual(await htmlLangDir(page), { lang: 'fa', dir: 'rtl' });
      await page.locator('#field-contactEmail').fill('x');
      assert.equal(await submit(page, save), 422);
      await screenshot(page, 'staff-agency-edit-error-fa');
      await assertAccessible(page, 'the agency edit page with an error (fa)');

      await page.locator('#field-contactEmail').fill('help@agency.example');
      assert.equal(await submit(page, save), 303);
      assert.equal(await page.locator('.notice[role=status]').count(), 1);
      await screenshot(page, 'staff-agency-edit-saved-fa');
      await assertAccessible(page, 'the agency edit page after saving (fa)');
      assert.deepEqual(problems, [], formatProblems('page problems', problems));
    } finally {
      await context.close();
    }
  });
});
