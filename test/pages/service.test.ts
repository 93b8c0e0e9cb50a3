import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp, type TestApp } from '../support/app.ts';
import { testEngines } from '../support/database.ts';
import { agencyPayload, servicePayload } from '../support/fixtures.ts';
import { formatServiceId } from '../../src/core/service-id.ts';
import { countryPacks } from '../../src/core/country-packs/index.ts';

const html = { accept: 'text/html' };

for (const engine of testEngines()) {
  describe(`service page (${engine})`, () => {
    let t: TestApp;
    const ids: Record<string, string> = {};
    const page = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers: { ...html, ...headers } });

    before(async () => {
      t = await openTestApp(engine, { SEARCH_REFRESH_MS: '0' });
      const operator = await t.as('operator');
      const agencies = [
        agencyPayload('HEALTH', { nameFa: 'سازمان بیمه سلامت', nameEn: 'Health Insurance Organisation', contactPhone: '+98 21 1690', website: 'https://health.example' }),
        agencyPayload('REGISTRY', { nameFa: 'سازمان ثبت احوال', nameEn: 'Civil Registration Organisation' }),
      ];
      for (const payload of agencies) assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/agencies', payload, headers: operator })).statusCode, 201);
      const services = {
        delivered: servicePayload('HEALTH', {
          nameFa: 'صدور دفترچه بیمه سلامت',
          nameEn: 'Health insurance booklet issuance',
          descriptionFa: 'دفترچه بیمه برای اعضای خانواده.',
          descriptionEn: 'An insurance booklet for family members.',
          topic: 'health',
          maturity: 3,
          feeAmount: 0,
          slaDays: 5,
          accessUrl: 'https://my.onewindow.example/service/booklet',
          complaintChannel: 'https://health.example/complaints',
          requiredEvidence: [{ fa: 'عکس پرسنلی', en: 'A passport photo' }],
          inquiries: [{ agencyCode: 'REGISTRY', fa: 'استعلام هویت', en: 'Identity inquiry' }],
        }),
        listed: servicePayload('HEALTH', { nameFa: 'صدور کارت بیمه', nameEn: 'Insurance card issuance', topic: 'health', maturity: 1, deliveryStatus: 'listed', channels: ['counter'], feeAmount: 150000 }),
        proactive: servicePayload('HEALTH', { nameFa: 'بیمه خودکار نوزاد', nameEn: 'Automatic newborn insurance', topic: 'health', maturity: 5, trigger: 'on_life_event', accessUrl: 'https://my.onewindow.example/service/newborn' }),
        elsewhere: servicePayload('HEALTH', { nameFa: 'تمدید بیمه تکمیلی', nameEn: 'Supplementary insurance renewal', topic: 'health', maturity: 3, deliveryStatus: 'not_in_window', accessUrl: 'https://health.example/renew' }),
        informational: servicePayload('HEALTH', { nameFa: 'ثبت شکایت بیمه', nameEn: 'Insurance complaint', topic: 'health', maturity: 1, deliveryStatus: 'listed', channels: ['counter'], accessUrl: 'https://health.example/how' }),
        noAddress: servicePayload('HEALTH', { nameFa: 'صدور گواهی بیمه', nameEn: 'Insurance certificate issuance', topic: 'health', maturity: 3 }),
      };
      for (const [key, payload] of Object.entries(services)) ids[key] = (await t.app.inject({ method: 'POST', url: '/api/v1/services', payload, headers: operator })).json().id;
      const child = servicePayload('HEALTH', { nameFa: 'المثنی دفترچه بیمه', nameEn: 'Replacement insurance booklet', topic: 'health', parentId: ids.delivered });
      ids.child = (await t.app.inject({ method: 'POST', url: '/api/v1/services', payload: child, headers: operator })).json().id;
      const retired = servicePayload('HEALTH', { nameFa: 'خدمت قدیمی', nameEn: 'An old service', topic: 'health' });
      ids.retired = (await t.app.inject({ method: 'POST', url: '/api/v1/services', payload: retired, headers: operator })).json().id;
      await t.app.inject({ method: 'POST', url: `/api/v1/services/${ids.retired}/retire`, headers: operator });
    });
    after(() => t.close());

    test('in Persian by default: what it is, who provides it, fee, evidence, inquiries, maturity, start', async () => {
      const res = await page(`/services/${ids.delivered}`);
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /^text\/html/);
      assert.match(res.body, /<html lang="fa" dir="rtl">/);
      assert.match(res.body, /<h1>صدور دفترچه بیمه سلامت<\/h1>/);
      assert.match(res.body, /دفترچه بیمه برای اعضای خانواده\./);
      assert.match(res.body, /<a href="\/agencies\/HEALTH">سازمان بیمه سلامت<\/a>/);
      assert.match(res.body, /رایگان/, 'a fee of 0 is free');
      assert.match(res.body, /حداکثر ۵ روز کاری/);
      assert.match(res.body, /عکس پرسنلی/);
      assert.match(res.body, /استعلام هویت \(از سازمان ثبت احوال\)/);
      assert.match(res.body, /همه مراحل، از درخواست تا گرفتن نتیجه، برخط/, 'L3 explained in plain words');
      assert.match(res.body, /<span class="tag tag-maturity">سطح بلوغ ۳: تمام‌الکترونیکی<\/span>/, 'the badge in Persian digits and words');
      assert.doesNotMatch(res.body, /L3/, 'never the stored code on a Persian page');
      assert.match(res.body, /<a class="button start-button" href="https:\/\/my\.onewindow\.example\/service\/booklet">شروع کنید<\/a>/);
      assert.match(res.body, new RegExp(`<a href="/services/${ids.child}">المثنی دفترچه بیمه</a>`), 'sub-services are listed');
      assert.match(res.body, /href="https:\/\/health\.example\/complaints"/);
    });

    test('in English with ?lang=en, and a sub-service links to its parent', async () => {
      const res = await page(`/services/${ids.delivered}?lang=en`);
      assert.match(res.body, /<html lang="en" dir="ltr">/);
      assert.match(res.body, /<dd>Free<\/dd>/);
      assert.match(res.body, /Up to 5 working days/);
      assert.match(res.body, />Start now</);
      assert.match(res.body, /You can do everything online/);
      assert.match(res.body, /<span class="tag tag-maturity">Maturity level 3: Fully electronic<\/span>/);
      const child = await page(`/services/${ids.child}`, { cookie: 'ow_lang=en' });
      assert.match(child.body, /lang="en"/, 'the cookie keeps the language');
      assert.match(child.body, new RegExp(`This service is part of: <a href="/services/${ids.delivered}">Health insurance booklet issuance</a>`));
    });

    test('a service not delivered through the window says where to go instead', async () => {
      const res = await page(`/services/${ids.listed}?lang=en`);
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(res.body, /start-button/);
      assert.match(res.body, /You cannot apply for this service online yet\. You apply for it with Health Insurance Organisation/);
      assert.doesNotMatch(res.body, /Apply on the website/, 'nothing to apply for online');
      assert.match(res.body, /Apply in person at an office of Health Insurance Organisation/);
      assert.match(res.body, /\+98 21 1690/);
      assert.match(res.body, /150,000 Iranian rials/);
      assert.match(res.body, /<dd>Not stated<\/dd>/, 'an unknown SLA is said plainly');
      assert.match(res.body, /You can read online how to get the service, but you apply in person/);
    });

    test('a proactive service (L5) offers no "Start now": it is provided without an application', async () => {
      for (const lang of ['fa', 'en']) {
        const res = await page(`/services/${ids.proactive}?lang=${lang}`);
        assert.equal(res.statusCode, 200);
        assert.doesNotMatch(res.body, /start-button|Start now|شروع کنید/, lang);
        assert.doesNotMatch(res.body, /service\/newborn/, `${lang}: no link to apply`);
        assert.match(res.body, lang === 'en' ? /You do not need to apply: Health Insurance Organisation provides this service/ : /لازم نیست درخواست بدهید/);
      }
    });

    test('one call to action: an online application elsewhere is one link, an informational service links its explanation, without an address there is none', async () => {
      const elsewhere = await page(`/services/${ids.elsewhere}?lang=en`);
      assert.doesNotMatch(elsewhere.body, /start-button/);
      assert.match(elsewhere.body, /<a href="https:\/\/health\.example\/renew">Apply on the website of Health Insurance Organisation<\/a>/);
      assert.doesNotMatch(elsewhere.body, /Website of Health Insurance Organisation/, 'no second link competing with it');
      const noAddress = await page(`/services/${ids.noAddress}?lang=en`);
      assert.doesNotMatch(noAddress.body, /start-button|Apply on the website/);
      assert.match(noAddress.body, /you apply for it with Health Insurance Organisation/);
      assert.match(noAddress.body, /\+98 21 1690/, 'and how to reach the agency');
      const informational = await page(`/services/${ids.informational}?lang=en`);
      assert.doesNotMatch(informational.body, /start-button|Apply on the website/);
      assert.match(informational.body, /<a href="https:\/\/health\.example\/how">How to apply, on the website of Health Insurance Organisation<\/a>/, 'an informational service links its explanation');
      assert.doesNotMatch(informational.body, />Website of Health Insurance Organisation</, 'and nothing competing with it');
      assert.match(informational.body, /Apply in person at an office of Health Insurance Organisation/);
    });

    test('a retired service says so and offers no start', async () => {
      const res = await page(`/services/${ids.retired}?lang=en`);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /has been retired/);
      assert.doesNotMatch(res.body, /start-button/);
    });

    test('any spelling of the identifier redirects to the canonical address', async () => {
      const typed = ` ${ids.delivered!.toLowerCase().replaceAll('-', '')}`.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
      const res = await page(`/services/${encodeURIComponent(typed)}?lang=en`);
      assert.equal(res.statusCode, 301);
      assert.equal(res.headers.location, `/services/${ids.delivered}?lang=en`);
    });

    test('a wrong check digit, an unknown identifier and garbage each give a helpful 404 page', async () => {
      const id = ids.delivered!;
      const wrongCheck = `${id.slice(0, -2)}${id.endsWith('00') ? '01' : '00'}`;
      const bad = await page(`/services/${wrongCheck}`);
      assert.equal(bad.statusCode, 404);
      assert.match(bad.headers['content-type'] as string, /^text\/html/);
      assert.match(bad.body, /<html lang="fa" dir="rtl">/);
      assert.match(bad.body, /دو رقم آخر آن با رقم‌های دیگر جور نیست/);
      assert.match(bad.body, /IR-01000001-\d\d/, 'shows what an identifier looks like');
      assert.match(bad.body, /<form class="search-box"/, 'and offers a search');

      const unknown = await page(`/services/${formatServiceId(countryPacks.ir, 99_999_999)}?lang=en`);
      assert.equal(unknown.statusCode, 404);
      assert.match(unknown.body, /No service has the identifier/);

      const garbage = await page(`/services/${encodeURIComponent('<script>alert(1)</script>')}?lang=en`);
      assert.equal(garbage.statusCode, 404);
      assert.match(garbage.body, /is not a service identifier/);
      assert.doesNotMatch(garbage.body, /<script>alert/);
      assert.match(garbage.body, /&lt;script>alert\(1\)&lt;\/script>/);

      const long = await page(`/services/${'9'.repeat(180)}`);
      assert.equal(long.statusCode, 404);
    });
  });
}
