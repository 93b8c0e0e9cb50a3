import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createStaff, issueToken } from '../../src/identity/index.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { Principal } from '../../src/core/access.ts';
import { emptySnapshot } from '../../src/exchange/snapshot/index.ts';
import { exchangeAdminDeps } from '../../src/exchange/admin/deps.ts';
import { createMember } from '../../src/exchange/admin/members.ts';
import { createSubsystem } from '../../src/exchange/admin/subsystems.ts';
import { registerUpstream } from '../../src/exchange/admin/upstream-registrations.ts';
import { registerCredential } from '../../src/exchange/admin/credentials.ts';
import { createExchangeService } from '../../src/exchange/admin/exchange-services.ts';
import { fileAccessRequest } from '../../src/exchange/admin/access-requests.ts';
import { testCertificatePem } from '../../src/exchange/admin/certificate.test-support.ts';
import { agencyPayload, servicePayload } from '../support/fixtures.ts';
import { assertAccessible, formatProblems, htmlLangDir, noBrowser, openSite, screenshot, submit, type Site } from './support.ts';

const system: Principal = { kind: 'system', name: 'browser test' };

describe('exchange console in a real browser: every page in fa and en, axe clean, forms with errors', { skip: noBrowser }, () => {
  let site: Site;
  let operatorToken: string;
  let ids: { provider: number; consumer: number; service: number; request: number; bulk: number };
  before(async () => {
    site = await openSite({ demo: false });
    const operator = await createStaff(site.db, { name: 'Operator One', role: 'operator' });
    operatorToken = (await issueToken(site.db, operator.id)).token;
    const bearer = { authorization: `Bearer ${operatorToken}` };
    // TAX stays outside the exchange: the operator's form for a new member offers it.
    for (const code of ['LITERACY', 'HEALTH', 'TAX']) assert.equal((await site.app.inject({ method: 'POST', url: '/api/v1/agencies', payload: agencyPayload(code), headers: bearer })).statusCode, 201);
    const admin = exchangeAdminDeps({ db: site.db, now: () => new Date() }, loadConfig({ NODE_ENV: 'test', EXCHANGE_BOARD_APPROVAL: 'true' }), { current: () => emptySnapshot, refreshNow: async () => {} });
    await createMember(admin, system, { agencyCode: 'LITERACY', memberClass: 'GOV', memberCode: 'LIT' });
    await createMember(admin, system, { agencyCode: 'HEALTH', memberClass: 'GOV', memberCode: 'HLT' });
    for (const url of ['https://literacy.example/', 'https://bulk.example/']) await registerUpstream(admin, system, 'LITERACY', { url });
    const provider = await createSubsystem(admin, system, 'LITERACY', { code: 'REGISTRY', nameFa: 'سامانه سوادآموزی', nameEn: 'Literacy registry' });
    const consumer = await createSubsystem(admin, system, 'HEALTH', { code: 'INSURANCE', nameFa: 'سامانه بیمه', nameEn: 'Insurance system' });
    await registerCredential(admin, system, consumer.id, { kind: 'certificate', certificatePem: testCertificatePem, label: 'server 1' });
    const service = await createExchangeService(admin, system, provider.id, {
      code: 'literacy-level',
      nameFa: 'استعلام سطح سواد',
      nameEn: 'Literacy level inquiry',
      upstreamUrl: 'https://literacy.example/api',
      endpoints: [{ method: 'GET', path: '/literacy/{nationalCode}' }],
      dataSubject: { in: 'path', name: 'nationalCode' },
    });
    const request = await fileAccessRequest(admin, system, { consumerSubsystemId: consumer.id, serviceId: service.id, purpose: 'Insurance eligibility', legalBasis: 'Act 12' });
    // A catalog service to link to, and one system with more services than fit on a page.
    assert.equal((await site.app.inject({ method: 'POST', url: '/api/v1/services', payload: servicePayload('LITERACY'), headers: bearer })).statusCode, 201);
    const bulk = await createSubsystem(admin, system, 'LITERACY', { code: 'BULK', nameFa: 'سامانه پرخدمت', nameEn: 'Many services' });
    for (let i = 1; i <= 51; i++) {
      await createExchangeService(admin, system, bulk.id, { code: `bulk-${String(i).padStart(2, '0')}`, nameFa: `خدمت ${i}`, nameEn: `Service ${i}`, upstreamUrl: 'https://bulk.example', endpoints: [{ method: 'GET', path: '/x' }] });
    }
    ids = { provider: provider.id, consumer: consumer.id, service: service.id, request: request.id, bulk: bulk.id };
  });
  after(async () => {
    await site?.close();
  });

  const pages = () => [
    { name: 'exchange-members', path: '/staff/exchange' },
    { name: 'exchange-agency', path: '/staff/exchange/agencies/LITERACY' },
    { name: 'exchange-agency-page-2', path: '/staff/exchange/agencies/LITERACY?page=2' },
    { name: 'exchange-subsystem-pages', path: `/staff/exchange/subsystems/${ids.bulk}?services=2` },
    { name: 'exchange-subsystem', path: `/staff/exchange/subsystems/${ids.consumer}` },
    { name: 'exchange-service', path: `/staff/exchange/services/${ids.service}` },
    { name: 'exchange-service-edit', path: `/staff/exchange/services/${ids.service}/edit` },
    { name: 'exchange-service-new', path: `/staff/exchange/subsystems/${ids.provider}/services/new` },
    { name: 'exchange-requests', path: '/staff/exchange/agencies/HEALTH/requests' },
    { name: 'exchange-request-new', path: '/staff/exchange/agencies/HEALTH/requests/new' },
    { name: 'exchange-request-search', path: '/staff/exchange/agencies/HEALTH/requests/new?q=bulk&page=2' },
    { name: 'exchange-request-form', path: `/staff/exchange/agencies/HEALTH/requests/new?service=${ids.service}` },
    { name: 'exchange-request', path: `/staff/exchange/requests/${ids.request}` },
    { name: 'exchange-board', path: '/staff/exchange/board' },
  ];

  test('the operator signs in and every console page is rtl in fa, ltr in en, with one h1 and no axe violations', async () => {
    const { page, context, problems } = await site.open();
    try {
      await page.goto('/staff/login');
      await page.locator('#token').fill(operatorToken);
      assert.equal(await submit(page, page.locator('form[action="/staff/login"] button[type=submit]')), 303);
      for (const lang of ['fa', 'en'] as const) {
        for (const { name, path } of pages()) {
          const response = await page.goto(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
          assert.equal(response?.status(), 200, path);
          assert.deepEqual(await htmlLangDir(page), { lang, dir: lang === 'fa' ? 'rtl' : 'ltr' });
          assert.equal(await page.locator('h1').count(), 1, `${path}: one h1`);
          await screenshot(page, `${name}-${lang}`);
          await assertAccessible(page, `${path} (${lang})`);
        }
      }
      // Long lists have numbered page links, named when a page holds two lists.
      await page.goto(`/staff/exchange/subsystems/${ids.bulk}?lang=en`);
      assert.equal(await page.locator('nav[aria-label="Pages: Services this system provides"] a[aria-current="page"]').textContent(), '1');
      await page.locator('nav[aria-label="Pages: Services this system provides"] a[rel="next"]').click();
      await page.waitForURL(/services=2/);
      assert.equal(await page.getByRole('link', { name: 'bulk-51', exact: true }).count(), 1);
      assert.deepEqual(problems, [], formatProblems('page problems', problems));
    } finally {
      await context.close();
    }
  });

  test('forms with mistakes: the error summary links to the field, values are kept, axe clean', async () => {
    const { page, context, problems } = await site.open();
    try {
      await page.goto('/staff/login?lang=en');
      await page.locator('#token').fill(operatorToken);
      assert.equal(await submit(page, page.locator('form[action="/staff/login"] button[type=submit]')), 303);
      for (const lang of ['en', 'fa'] as const) {
        await page.goto(`/staff/exchange/subsystems/${ids.provider}/services/new?lang=${lang}`);
        await page.locator('#service-code').fill('bad code!');
        await page.locator('#service-upstreamUrl').fill('ftp://nowhere');
        await page.locator('#service-openapi').fill('{ not json');
        await page.locator('#service-rateLimitBurst').fill('40');
        assert.equal(await page.locator('#service-registryServiceId option').count(), 2, 'no link, or the catalog service of the agency');
        assert.equal(await submit(page, page.locator('form.staff-form button[type=submit]')), 422);
        for (const id of ['service-code', 'service-upstreamUrl', 'service-rateLimitBurst', 'service-openapi', 'service-nameFa']) assert.equal(await page.locator(`.error-summary a[href="#${id}"]`).count(), 1, id);
        assert.equal(await page.locator('#service-openapi').inputValue(), '{ not json');
        assert.equal(await page.locator('#service-rateLimitBurst').inputValue(), '40');
        await screenshot(page, `exchange-service-errors-${lang}`);
        await assertAccessible(page, `the service form with errors (${lang})`);

        await page.goto(`/staff/exchange?lang=${lang}`);
        await page.locator('#member-memberCode').fill('bad code!');
        assert.equal(await submit(page, page.locator('form[action="/staff/exchange/members"] button[type=submit]')), 422);
        for (const id of ['member-agencyCode', 'member-memberCode']) assert.equal(await page.locator(`.error-summary a[href="#${id}"]`).count(), 1, id);
        assert.equal(await page.locator('#member-memberCode').inputValue(), 'bad code!');
        assert.deepEqual(await page.locator('#member-agencyCode option').allTextContents(), [lang === 'en' ? 'Choose…' : 'انتخاب کنید…', lang === 'en' ? 'Agency TAX (TAX)' : 'دستگاه TAX (TAX)']);
        await screenshot(page, `exchange-member-errors-${lang}`);
        await assertAccessible(page, `the new-member form with errors (${lang})`);

        await page.goto(`/staff/exchange/requests/${ids.request}?lang=${lang}`);
        assert.equal(await submit(page, page.locator('form[action$="/refuse"] button[type=submit]')), 422);
        assert.equal(await page.locator('.error-summary a[href="#message-refuse"]').count(), 1);
        await screenshot(page, `exchange-request-error-${lang}`);
        await assertAccessible(page, `the request page with an error (${lang})`);
      }
      assert.deepEqual(problems, [], formatProblems('page problems', problems));
    } finally {
      await context.close();
    }
  });
});
