import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createSubsystem } from '../admin/subsystems.ts';
import { createExchangeService } from '../admin/exchange-services.ts';
import { listAccessRequests } from '../admin/access-requests.ts';
import { system, type ConsoleFixture } from './console-fixture.test-support.ts';

/** Every page of the console at once: both languages, and long lists in pages (needs a service and a request). */
export function acrossConsoleSuite(c: ConsoleFixture) {
  describe('across the console', () => {
    test('every console page renders in Persian (rtl) and English with one h1', async () => {
      const { admin, providerId, serviceId, operator, get } = c;
      const { items } = await listAccessRequests(admin, system, {}, { offset: 0, limit: 1 });
      for (const url of ['/staff/exchange', '/staff/exchange/agencies/AGENCY-A', `/staff/exchange/subsystems/${providerId}`, `/staff/exchange/services/${serviceId}`, `/staff/exchange/services/${serviceId}/edit`, `/staff/exchange/subsystems/${providerId}/services/new`, '/staff/exchange/agencies/AGENCY-B/requests', '/staff/exchange/agencies/AGENCY-B/requests/new', `/staff/exchange/agencies/AGENCY-B/requests/new?service=${serviceId}`, `/staff/exchange/requests/${items[0]!.id}`, '/staff/exchange/board', '/staff/exchange/agencies/AGENCY-A/upstreams']) {
        for (const lang of ['fa', 'en']) {
          const res = await get(operator, `${url}${url.includes('?') ? '&' : '?'}lang=${lang}`);
          assert.equal(res.statusCode, 200, `${url} ${lang}`);
          assert.match(res.body, lang === 'fa' ? /<html lang="fa" dir="rtl">/ : /<html lang="en" dir="ltr">/);
          assert.equal(res.body.match(/<h1[ >]/g)?.length, 1, `${url}: one h1`);
          assert.equal(res.headers['cache-control'], 'no-store');
          assert.doesNotMatch(res.body, /exchange\.[a-z]+\.[a-zA-Z]+/, `${url}: no untranslated key`);
        }
      }
    });

    test('long lists come in pages of 50 with numbered links kept in the address', async () => {
      const { t, admin, consumerId, serviceId, adminA, adminB, operator, get } = c;
      // 51 more services of one system, and 51 requests waiting for the board plus 51 rights to one service.
      const many = await createSubsystem(admin, system, 'AGENCY-A', { code: 'MANY', nameFa: 'بسیار', nameEn: 'Many' });
      for (let i = 1; i <= 51; i++) {
        await createExchangeService(admin, system, many.id, { code: `svc-${String(i).padStart(2, '0')}`, nameFa: `خدمت ${i}`, nameEn: `Service ${i}`, upstreamUrl: 'https://many.example', endpoints: [{ method: 'GET', path: '/x' }] });
      }
      await t.db.run((q) =>
        q.execute(sql`insert into exchange_access_requests (consumer_subsystem_id, service_id, purpose, legal_basis, status, board_required)
          select ${consumerId}, ${serviceId}, 'Bulk', 'Act', case when g <= 51 then 'provider_approved' else 'approved' end, true from generate_series(1, 102) g`),
      );
      const pageLinks = (html: string) => [...html.matchAll(/<a href="([^"]+)" aria-label="Page \d+"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

      // The agency's services: the second page holds what sorts last; a page past the end shows the last one.
      const first = await get(adminA, '/staff/exchange/agencies/AGENCY-A?lang=en&saved=1');
      assert.deepEqual(pageLinks(first.body), ['/staff/exchange/agencies/AGENCY-A?lang=en', '/staff/exchange/agencies/AGENCY-A?lang=en&page=2'], 'the notice is not carried along');
      assert.match(first.body, /MANY\/svc-01/);
      assert.doesNotMatch(first.body, /PROV\/literacy</);
      const second = await get(adminA, '/staff/exchange/agencies/AGENCY-A?lang=en&page=2');
      assert.match(second.body, /PROV\/literacy</);
      assert.doesNotMatch(second.body, /MANY\/svc-01</);
      assert.match(second.body, /aria-current="page"[^>]*>2</);
      assert.match((await get(adminA, '/staff/exchange/agencies/AGENCY-A?lang=en&page=999')).body, /PROV\/literacy</);
      assert.match((await get(adminA, '/staff/exchange/agencies/AGENCY-A?lang=en&page=abc')).body, /MANY\/svc-01</);

      // Two lists on one page: each has its own parameter and a named set of links that keeps the other's page.
      const sub = await get(adminA, `/staff/exchange/subsystems/${many.id}?lang=en&services=2`);
      assert.match(sub.body, />svc-51</);
      assert.doesNotMatch(sub.body, />svc-01</);
      assert.match(sub.body, /<nav aria-label="Pages: Services this system provides">/);
      const consumer = await get(adminB, `/staff/exchange/subsystems/${consumerId}?lang=en&services=4`);
      assert.match(consumer.body, /<nav aria-label="Pages: What this system may call">/);
      assert.ok(pageLinks(consumer.body).includes(`/staff/exchange/subsystems/${consumerId}?lang=en&services=4&rights=2`), 'the other list keeps its page');

      const { items: all } = await listAccessRequests(admin, system, { providerAgencyCode: 'AGENCY-A' }, { offset: 0, limit: 1000 });
      const oldest = all.at(-1)!.id;
      const requestLink = new RegExp(`/staff/exchange/requests/${oldest}"`);
      const incoming = await get(adminA, '/staff/exchange/agencies/AGENCY-A/requests?lang=en&outgoing=2');
      assert.doesNotMatch(incoming.body, requestLink);
      assert.ok(pageLinks(incoming.body).includes('/staff/exchange/agencies/AGENCY-A/requests?lang=en&outgoing=2&incoming=3'), 'the other list keeps its page');
      const last = await get(adminA, `/staff/exchange/agencies/AGENCY-A/requests?lang=en&incoming=${Math.ceil(all.length / 50)}`);
      assert.match(last.body, requestLink, 'the oldest request is on the last page');
      assert.match(last.body, /<nav aria-label="Pages: Requests to use this agency's services">/);
      const outgoing = await get(adminB, '/staff/exchange/agencies/AGENCY-B/requests?lang=en&outgoing=3');
      assert.match(outgoing.body, requestLink);

      const board = await get(operator, '/staff/exchange/board?lang=en');
      assert.ok(pageLinks(board.body).includes('/staff/exchange/board?lang=en&page=2'));
      const boardTwo = await get(operator, '/staff/exchange/board?lang=en&page=2');
      assert.equal(boardTwo.statusCode, 200);
      assert.equal([...boardTwo.body.matchAll(/<th scope="row"><a href="\/staff\/exchange\/requests\//g)].length, 1, 'one of 51 on the second page');
      const who = await get(adminA, `/staff/exchange/services/${serviceId}?lang=en&page=2`);
      assert.equal([...who.body.matchAll(/<th scope="row"><a href="\/staff\/exchange\/requests\//g)].length, 1, 'the 51st right on the second page');
      assert.ok(pageLinks(who.body).includes(`/staff/exchange/services/${serviceId}?lang=en`));
      const fa = await get(operator, '/staff/exchange/board?lang=fa');
      assert.match(fa.body, /<nav aria-label="صفحه‌های نتایج">/);
    });
  });
}
