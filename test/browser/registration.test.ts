import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser } from 'playwright-core';
import { DEMO_NATIONAL_CODE } from '../../demo/exchange/registrations.ts';
import { isoToSolarHijri } from '../../src/core/solar-hijri.ts';
import { openRegistrationWorld, referencePerson, type RegistrationWorld } from '../identity/registration-support.ts';
import { assertAccessible, chromiumPath, formatProblems, htmlLangDir, noBrowser, screenshot, submit } from './support.ts';

const fa = (n: number | string) => String(n).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);

describe('registration in a real browser, in Persian: sign up, read the code on the demo page, land on my account', { skip: noBrowser }, () => {
  let world: RegistrationWorld;
  let browser: Browser;
  before(async () => {
    world = await openRegistrationWorld('embedded', {}, { listen: true });
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-quic'] });
  });
  after(async () => {
    await browser?.close().catch(() => {});
    await world?.close();
  });

  test('a person signs up and is signed in, every page axe-clean', async () => {
    const person = referencePerson(DEMO_NATIONAL_CODE);
    const birth = isoToSolarHijri(person.birthDate);
    const context = await browser.newContext({ baseURL: world.url, viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await page.goto('/register');
      assert.deepEqual(await htmlLangDir(page), { lang: 'fa', dir: 'rtl' });
      assert.equal(await page.locator('#mobile').getAttribute('dir'), 'ltr');
      await screenshot(page, 'register-fa');
      await assertAccessible(page, 'the registration page (fa)');

      // First with a wrong year: the summary names the problem, nothing else is said.
      await page.locator('#identifier').fill(fa(DEMO_NATIONAL_CODE));
      await page.locator('#birth-day').fill(fa(birth.day));
      await page.locator('#birth-month').selectOption(String(birth.month));
      await page.locator('#birth-year').fill(fa(birth.year - 1));
      await page.locator('#mobile').fill(fa(person.mobile));
      assert.equal(await submit(page, page.locator('form[action="/register"] button[type=submit]')), 422);
      assert.match((await page.locator('.error-summary').textContent()) ?? '', /ثبت احوال/);
      assert.equal(await page.locator('#identifier').inputValue(), fa(DEMO_NATIONAL_CODE), 'what was typed is kept');
      await screenshot(page, 'register-error-fa');
      await assertAccessible(page, 'the registration page with an error (fa)');

      await page.locator('#birth-year').fill(fa(birth.year));
      assert.equal(await submit(page, page.locator('form[action="/register"] button[type=submit]')), 303);
      assert.equal(new URL(page.url()).pathname, '/register/verify');
      const verifyUrl = page.url();
      await assertAccessible(page, 'the code page (fa)');

      // The demo's "phone".
      let code: string | undefined;
      while (!code) {
        await page.goto('/demo/messages');
        code = /(\d{6}) کد ثبت‌نام/.exec((await page.locator('main').textContent()) ?? '')?.[1];
      }
      await screenshot(page, 'demo-messages-fa');
      await assertAccessible(page, 'the demo messages page (fa)');

      await page.goto(verifyUrl);
      await page.locator('#code').fill(fa(code));
      assert.equal(await submit(page, page.locator('form[action^="/register/verify"] button[type=submit]').first()), 303);
      assert.equal(new URL(page.url()).pathname, '/account');
      const main = (await page.locator('main').textContent()) ?? '';
      assert.ok(main.includes(`${person.firstName.fa} ${person.lastName.fa}`), main);
      await screenshot(page, 'account-fa');
      await assertAccessible(page, 'my account (fa)');
      assert.deepEqual(problems, [], formatProblems('browser problems', problems));
    } finally {
      await context.close();
    }
  });
});
