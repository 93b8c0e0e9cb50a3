import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { base32Decode, hotp, totpStep } from '../../src/identity/sign-in/index.ts';
import type { AccountRow } from '../../src/identity/index.ts';
import { insertPerson, lastCodeSentTo } from '../support/people.ts';
import { assertAccessible, formatProblems, htmlLangDir, noBrowser, openSite, screenshot, submit, type Site } from './support.ts';

const persianDigits = (s: string) => s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);

describe("people's sign-in in a real browser: a code by SMS in Persian, the second factor, axe in fa and en", { skip: noBrowser }, () => {
  let site: Site;
  let person: AccountRow;
  before(async () => {
    site = await openSite({ demo: false });
    // Messages stay queued, so the test reads the codes from the outbox as a phone would receive them.
    await site.app.outbox.stop();
    person = await insertPerson(site.db);
  });
  after(async () => {
    await site?.close();
  });

  test('sign in with a code typed in Persian digits, set up an authenticator app, sign out, sign in again with both', async () => {
    const { page, context, problems } = await site.open();
    try {
      await page.goto('/account/security');
      assert.equal(new URL(page.url()).pathname, '/sign-in', 'a stranger is sent to sign in');
      assert.deepEqual(await htmlLangDir(page), { lang: 'fa', dir: 'rtl' });
      await screenshot(page, 'sign-in-fa');
      await assertAccessible(page, 'the sign-in page (fa)');

      const send = page.locator('form[action="/sign-in"] button[type=submit]');
      await page.locator('#identifier').fill('۰۰۱۲۳۴۵۶۷۰');
      assert.equal(await submit(page, send), 422);
      assert.equal(await page.locator('.error-summary a[href="#identifier"]').count(), 1);
      await assertAccessible(page, 'the sign-in page with an error (fa)');

      await page.locator('#identifier').fill(persianDigits(person.identifier));
      assert.equal(await submit(page, send), 303);
      assert.equal(new URL(page.url()).pathname, '/sign-in/code');
      await screenshot(page, 'sign-in-code-fa');
      await assertAccessible(page, 'the code page (fa)');

      const go = page.locator('form[action="/sign-in/code"] button[type=submit]');
      await page.locator('#code').fill('۱۲۳');
      assert.equal(await submit(page, go), 422);
      await assertAccessible(page, 'the code page with an error (fa)');
      const code = (await lastCodeSentTo(site.db, person.mobile))!;
      await page.locator('#code').fill(persianDigits(code));
      assert.equal(await submit(page, go), 303);
      assert.equal(new URL(page.url()).pathname, '/account/security', 'back where they were going');
      await screenshot(page, 'security-fa');
      await assertAccessible(page, 'sign-in and security (fa)');

      // An authenticator app: the QR code page, then the recovery codes.
      assert.equal(await submit(page, page.locator('form[action="/account/security/totp"] button[type=submit]')), 200);
      const secret = ((await page.locator('.totp-secret').textContent()) ?? '').replace(/\s/g, '');
      assert.equal(await page.locator('.qr-code svg').count(), 1);
      await screenshot(page, 'totp-enrol-fa');
      await assertAccessible(page, 'the authenticator set-up page (fa)');
      const key = base32Decode(secret)!;
      const now = totpStep(Date.now() / 1000);
      await page.locator('#code').fill(hotp(key, now));
      assert.equal(await submit(page, page.locator('form[action="/account/security/totp/confirm"] button[type=submit]')), 200);
      assert.equal(await page.locator('.recovery-codes li').count(), 10);
      await screenshot(page, 'recovery-codes-fa');
      await assertAccessible(page, 'the recovery codes (fa)');

      // Sign out, in English now, and sign in again: the code, then the authenticator.
      await page.goto('/account/security?lang=en');
      assert.deepEqual(await htmlLangDir(page), { lang: 'en', dir: 'ltr' });
      await assertAccessible(page, 'sign-in and security (en)');
      assert.equal(await submit(page, page.locator('header form[action="/sign-out"] button[type=submit]')), 303);
      assert.equal(new URL(page.url()).pathname, '/sign-in');
      assert.equal(await page.locator('.notice[role=status]').count(), 1);
      await assertAccessible(page, 'the sign-in page after signing out (en)');
      await page.locator('#identifier').fill(person.identifier);
      assert.equal(await submit(page, send), 303);
      await page.locator('#code').fill((await lastCodeSentTo(site.db, person.mobile))!);
      assert.equal(await submit(page, go), 303);
      assert.equal(new URL(page.url()).pathname, '/sign-in/second-factor');
      await screenshot(page, 'second-factor-en');
      await assertAccessible(page, 'the second-factor page (en)');
      const confirm = page.locator('form[action="/sign-in/second-factor"] button[type=submit]');
      await page.locator('#code').fill('abc');
      assert.equal(await submit(page, confirm), 422);
      await assertAccessible(page, 'the second-factor page with an error (en)');
      await page.goto('/sign-in/second-factor?lang=fa');
      await assertAccessible(page, 'the second-factor page (fa)');
      await page.locator('#code').fill(hotp(key, now + 1));
      assert.equal(await submit(page, confirm), 303);
      assert.equal(new URL(page.url()).pathname, '/account');
      assert.deepEqual(problems, [], formatProblems('page problems', problems));
    } finally {
      await context.close();
    }
  });

  test('a new device signed in by approval from one already signed in (number matching), axe in fa and en', async () => {
    const phone = await site.open();
    const laptop = await site.open();
    // Someone without an authenticator app (the first test gave the other person one).
    const person = await insertPerson(site.db);
    try {
      // The phone is signed in with a code.
      await phone.page.goto('/sign-in');
      await phone.page.locator('#identifier').fill(person.identifier);
      assert.equal(await submit(phone.page, phone.page.locator('form[action="/sign-in"] button[type=submit]')), 303);
      await phone.page.locator('#code').fill((await lastCodeSentTo(site.db, person.mobile))!);
      assert.equal(await submit(phone.page, phone.page.locator('form[action="/sign-in/code"] button[type=submit]')), 303);
      await laptop.page.goto('/sign-in?method=device&lang=en');
      await assertAccessible(laptop.page, 'the approval sign-in page (en)');
      await laptop.page.locator('#identifier').fill(person.identifier);
      assert.equal(await submit(laptop.page, laptop.page.locator('form[action="/sign-in"] button[type=submit]')), 303);
      assert.equal(new URL(laptop.page.url()).pathname, '/sign-in/device');
      const number = ((await laptop.page.locator('.approval-number strong').textContent()) ?? '').trim();
      assert.match(number, /^\d{2}$/);
      await screenshot(laptop.page, 'approval-wait-en');
      await assertAccessible(laptop.page, 'the waiting page (en)');
      await laptop.page.goto('/sign-in/device?lang=fa');
      await assertAccessible(laptop.page, 'the waiting page (fa)');

      await phone.page.goto('/account/approvals?lang=fa');
      await screenshot(phone.page, 'approval-choose-fa');
      await assertAccessible(phone.page, 'the approval page (fa)');
      assert.equal(await submit(phone.page, phone.page.locator(`button[name=number][value="${number}"]`)), 200);
      await assertAccessible(phone.page, 'the approved page (fa)');
      await phone.page.goto('/account/approvals?lang=en');
      await assertAccessible(phone.page, 'the approval page with nothing waiting (en)');

      // The waiting page never reloads by itself: the person presses "Check again" (a GET form, no script).
      await laptop.page.locator('form[action="/sign-in/device"] button[type=submit]').click();
      await laptop.page.waitForURL((u) => u.pathname === '/account');
      assert.deepEqual([...phone.problems, ...laptop.problems], [], formatProblems('page problems', [...phone.problems, ...laptop.problems]));
    } finally {
      await phone.context.close();
      await laptop.context.close();
    }
  });

  test('the other sign-in pages are axe-clean in both directions', async () => {
    const { page, context, problems } = await site.open();
    try {
      const id = '00000000-0000-4000-8000-000000000000';
      for (const lang of ['fa', 'en']) {
        for (const path of ['/sign-in?method=password', '/sign-in?type=foreign_national', `/sign-in/code?id=${id}`, '/sign-in/reset', `/sign-in/reset/code?id=${id}`]) {
          await page.goto(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
          assert.equal(new URL(page.url()).pathname, path.split('?')[0]);
          await assertAccessible(page, `${path} (${lang})`);
        }
        await page.goto(`/sign-in?method=password&lang=${lang}`);
        await page.locator('#identifier').fill(person.identifier);
        await page.locator('#password').fill('not the password at all');
        assert.equal(await submit(page, page.locator('form[action="/sign-in"] button[type=submit]')), 401);
        await screenshot(page, `sign-in-password-error-${lang}`);
        await assertAccessible(page, `a wrong password (${lang})`);
        await page.goto(`/sign-in/reset/code?id=${id}&lang=${lang}`);
        await page.locator('#code').fill('123456');
        await page.locator('#password').fill('short');
        assert.equal(await submit(page, page.locator('form[action="/sign-in/reset/code"] button[type=submit]')), 422);
        await assertAccessible(page, `a new password refused (${lang})`);
      }
      assert.deepEqual(problems, [], formatProblems('page problems', problems));
    } finally {
      await context.close();
    }
  });
});
