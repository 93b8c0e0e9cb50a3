import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createSubsystem } from '../admin/subsystems.ts';
import { createExchangeService } from '../admin/exchange-services.ts';
import { fileAccessRequest, getAccessRequestOrFail, listAccessRequests } from '../admin/access-requests.ts';
import { system, type ConsoleFixture } from './console-fixture.test-support.ts';

/** Access rights: finding the service, filing, deciding, granting, revoking, and the history. */
export function requestsSuite(c: ConsoleFixture) {
  describe('access request pages', () => {
    test('access rights: filed by the consumer, approved by the provider and the board, then revoked, with history', async () => {
      const { admin, providerId, consumerId, serviceId, adminA, adminB, auditor, operator, get, post } = c;
      const newUrl = '/staff/exchange/agencies/AGENCY-B/requests/new?lang=en';
      const page = await get(adminB, `${newUrl}&service=${serviceId}`);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /value="grant"/, 'only the operator grants directly');
      const base = { _csrf: adminB.csrf, consumerSubsystemId: String(consumerId), serviceId: String(serviceId), purpose: 'Checking literacy for adult education', legalBasis: 'Act 12, article 3', mode: 'file' };
      const outside = await post(adminB, newUrl, { ...base, endpoints: 'DELETE /literacy/{nationalCode}' });
      assert.equal(outside.statusCode, 422);
      assert.match(outside.body, /<a href="#request-endpoints">/);
      const notMine = await post(adminB, newUrl, { ...base, consumerSubsystemId: String(providerId) });
      assert.equal(notMine.statusCode, 422, "another agency's system cannot be the consumer");
      const granted = await post(adminB, newUrl, { ...base, mode: 'grant' });
      assert.equal(granted.statusCode, 403, 'an admin cannot grant directly');
      const filed = await post(adminB, newUrl, { ...base, endpoints: 'GET /literacy/{nationalCode}' });
      assert.equal(filed.statusCode, 303, filed.body);
      const id = Number(/requests\/(\d+)/.exec(String(filed.headers.location))![1]);
      assert.equal((await getAccessRequestOrFail(admin, system, id)).status, 'pending');

      // The provider sees it among incoming requests; a refusal needs a message.
      const incoming = await get(adminA, '/staff/exchange/agencies/AGENCY-A/requests?lang=en');
      assert.match(incoming.body, new RegExp(`/staff/exchange/requests/${id}"`));
      const detail = await get(adminA, `/staff/exchange/requests/${id}?lang=en`);
      assert.match(detail.body, /action="\/staff\/exchange\/requests\/\d+\/approve"/);
      assert.doesNotMatch(detail.body, /\/withdraw"/, 'the provider cannot withdraw');
      const refuse = await post(adminA, `/staff/exchange/requests/${id}/refuse?lang=en`, { _csrf: adminA.csrf, message: ' ' });
      assert.equal(refuse.statusCode, 422);
      assert.match(refuse.body, /<a href="#message-refuse">Write a message/);
      assert.equal((await post(adminB, `/staff/exchange/requests/${id}/approve`, { _csrf: adminB.csrf })).statusCode, 403, 'the consumer cannot approve');
      assert.equal((await post(auditor, `/staff/exchange/requests/${id}/approve`, { _csrf: auditor.csrf })).statusCode, 403);
      const approve = await post(adminA, `/staff/exchange/requests/${id}/approve`, { _csrf: adminA.csrf, message: 'Fine by us' });
      assert.equal(approve.statusCode, 303);
      assert.equal((await getAccessRequestOrFail(admin, system, id)).status, 'provider_approved');

      // The operator's board queue, then the board's approval.
      const board = await get(operator, '/staff/exchange/board?lang=en');
      assert.match(board.body, new RegExp(`/staff/exchange/requests/${id}"`));
      assert.equal((await get(adminA, '/staff/exchange/board')).statusCode, 403);
      assert.equal((await post(operator, `/staff/exchange/requests/${id}/approve`, { _csrf: operator.csrf })).statusCode, 303);
      assert.equal((await getAccessRequestOrFail(admin, system, id)).status, 'approved');
      const who = await get(adminA, `/staff/exchange/services/${serviceId}?lang=en`);
      assert.match(who.body, /AGENCY-B\/CONS/, 'who may call the service');

      // Revoking needs a message, then takes effect; the history shows every step.
      assert.equal((await post(adminA, `/staff/exchange/requests/${id}/revoke`, { _csrf: adminA.csrf })).statusCode, 422);
      assert.equal((await post(adminA, `/staff/exchange/requests/${id}/revoke`, { _csrf: adminA.csrf, message: 'Contract ended' })).statusCode, 303);
      const done = await getAccessRequestOrFail(admin, system, id);
      assert.equal(done.status, 'revoked');
      assert.deepEqual(done.events.map((e) => e.status), ['pending', 'provider_approved', 'approved', 'revoked']);
      const history = await get(adminB, `/staff/exchange/requests/${id}?lang=en`);
      assert.match(history.body, /Contract ended/);
      assert.match(history.body, /Fine by us/);
      // Who acted, by name: the consumer's admin filed, the provider's approved and revoked, the board approved.
      for (const name of ['console agency_admin AGENCY-B', 'console agency_admin AGENCY-A', 'console operator']) assert.match(history.body, new RegExp(`<td><bdi>${name}</bdi></td>`), name);
      assert.doesNotMatch(history.body, /staff:/, 'no account ids in place of names');
      assert.equal((await post(adminA, `/staff/exchange/requests/${id}/revoke`, { _csrf: adminA.csrf, message: 'again' })).statusCode, 409);
    });

    test('the consumer withdraws a pending request; the operator grants directly', async () => {
      const { admin, providerId, consumerId, serviceId, adminB, operator, get, post } = c;
      const filed = await post(adminB, '/staff/exchange/agencies/AGENCY-B/requests/new', {
        _csrf: adminB.csrf, consumerSubsystemId: String(consumerId), serviceId: String(serviceId), purpose: 'Second try', legalBasis: 'Act 12', mode: 'file',
      });
      assert.equal(filed.statusCode, 303, filed.body);
      const id = Number(/requests\/(\d+)/.exec(String(filed.headers.location))![1]);
      assert.equal((await post(adminB, `/staff/exchange/requests/${id}/withdraw`, { _csrf: adminB.csrf })).statusCode, 303);
      assert.equal((await getAccessRequestOrFail(admin, system, id)).status, 'withdrawn');

      const other = await createExchangeService(admin, system, providerId, { code: 'centres', nameFa: 'مراکز', nameEn: 'Centres', upstreamUrl: 'https://literacy.example/api', endpoints: [{ method: 'GET', path: '/centres' }] });
      const grantPage = await get(operator, `/staff/exchange/agencies/AGENCY-B/requests/new?lang=en&service=${other.id}`);
      assert.match(grantPage.body, /value="grant"/);
      const granted = await post(operator, '/staff/exchange/agencies/AGENCY-B/requests/new', {
        _csrf: operator.csrf, consumerSubsystemId: String(consumerId), serviceId: String(other.id), purpose: 'Directory of centres', legalBasis: 'Board decision 7', mode: 'grant',
      });
      assert.equal(granted.statusCode, 303, granted.body);
      const { items } = await listAccessRequests(admin, system, { serviceId: other.id }, { offset: 0, limit: 10 });
      assert.deepEqual(items.map((r) => r.status), ['approved']);
    });

    test('the history names OneWindow itself, and keeps the stored label when the account is gone', async () => {
      const { t, admin, serviceId, adminA, get } = c;
      const other = await createSubsystem(admin, system, 'AGENCY-B', { code: 'HIST', nameFa: 'تاریخچه', nameEn: 'History' });
      const filed = await fileAccessRequest(admin, system, { consumerSubsystemId: other.id, serviceId, purpose: 'History', legalBasis: 'Act 1' });
      await t.db.run((q) => q.execute(sql`insert into exchange_access_request_events (request_id, at, status, actor, message) values (${filed.id}, now(), 'pending', 'staff:gone-account', 'left')`));
      const page = await get(adminA, `/staff/exchange/requests/${filed.id}?lang=en`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<td>OneWindow itself \(test\)<\/td>/);
      assert.match(page.body, /<td><span dir="ltr">staff:gone-account<\/span><\/td>/);
      const fa = await get(adminA, `/staff/exchange/requests/${filed.id}?lang=fa`);
      assert.match(fa.body, /<td>خود پنجره واحد \(test\)<\/td>/);
    });

    test('the service to ask for is found by a search with pages, beyond the first 500, in either language, by code or provider', async () => {
      const { t, admin, consumerId, adminA, adminB, auditor, get, post } = c;
      // 600 active services of AGENCY-B sort before the ones looked for, in its system LATE (agency, system, then code).
      const bulk = await createSubsystem(admin, system, 'AGENCY-B', { code: 'BULK', nameFa: 'انبوه', nameEn: 'Bulk' });
      const late = await createSubsystem(admin, system, 'AGENCY-B', { code: 'LATE', nameFa: 'دیرتر', nameEn: 'Later' });
      await t.db.run((q) =>
        q.execute(sql`insert into exchange_services (subsystem_id, code, name_fa, name_en, upstream_url, endpoints)
          select ${bulk.id}, 'bulk-' || lpad(g::text, 3, '0'), 'خدمت پرکننده ' || g, 'Filler service ' || g, 'https://bulk.example', '[{"method":"GET","path":"/x"}]'::jsonb from generate_series(1, 600) g`),
      );
      const make = (code: string, nameFa: string, nameEn: string, status: 'active' | 'disabled' = 'active') =>
        createExchangeService(admin, system, late.id, { code, nameFa, nameEn, upstreamUrl: 'https://b.example/api', endpoints: [{ method: 'GET', path: '/x' }], status });
      const target = await make('marriage-check', 'گواهی ثبت ازدواج', 'Marriage certificate inquiry');
      const old = await make('marriage-old', 'گواهی ثبت ازدواج (کهنه)', 'Marriage certificate inquiry (old)', 'disabled');
      const percent = await make('uptime', 'گزارش دسترس‌پذیری', 'Uptime 100% report');
      const snake = await make('snake', 'جست‌وجوی مار', 'snake_case lookup');
      const newUrl = '/staff/exchange/agencies/AGENCY-B/requests/new';
      const chosen = (html: string) => [...html.matchAll(/href="\/staff\/exchange\/agencies\/AGENCY-B\/requests\/new\?service=(\d+)/g)].map((m) => Number(m[1]));
      const search = async (q: string, lang = 'en', extra = '') => {
        const res = await get(adminB, `${newUrl}?lang=${lang}&q=${encodeURIComponent(q)}${extra}`);
        assert.equal(res.statusCode, 200, `${q}: ${res.body.slice(0, 200)}`);
        return res;
      };

      // Without a query: every active service, in pages; the one looked for is far past the first 500.
      const all = await get(adminB, `${newUrl}?lang=en`);
      assert.match(all.body, /<form method="get" action="\/staff\/exchange\/agencies\/AGENCY-B\/requests\/new" role="search"/);
      assert.match(all.body, /<label for="request-service">Find the service<\/label>/, 'the search field is labelled');
      assert.match(all.body, /<p role="status">There are 6\d\d active services\. Search to narrow the list\.<\/p>/);
      assert.equal(chosen(all.body).length, 50);
      assert.ok(!chosen(all.body).includes(target.id));

      // By name in English (any case) and in Persian, whichever keyboard typed the yeh; by code; by the provider's member code and name.
      const english = await search('marriage CERTIFICATE');
      assert.deepEqual(chosen(english.body), [target.id], 'the disabled one is not offered');
      assert.match(english.body, /<p role="status">1 active service matches “\u2068marriage CERTIFICATE\u2069”\.<\/p>/);
      assert.match(english.body, /<title>[^<]*1 active service matches/, 'the count is in the title too');
      assert.match(english.body, new RegExp(`href="${newUrl}\\?service=${target.id}&amp;q=marriage\\+CERTIFICATE">Marriage certificate inquiry</a>`));
      assert.match(english.body, /<span dir="ltr">AGENCY-B\/LATE\/marriage-check<\/span>/);
      const persian = await search('ثبت ازدواج', 'fa');
      assert.deepEqual(chosen(persian.body), [target.id]);
      assert.match(persian.body, /<p role="status">۱ خدمت فعال با «\u2068ثبت ازدواج\u2069» جور است\.<\/p>/);
      assert.deepEqual(chosen((await search('گواهي', 'fa')).body), [target.id], 'an Arabic yeh finds a Persian one');
      assert.deepEqual(chosen((await search('MARRIAGE-check')).body), [target.id]);
      assert.match((await search('B1')).body, /<p role="status">603 active services match/, "AGENCY-B's member code: every service it provides");
      assert.match((await search(' دستگاه   AGENCY-B ', 'fa')).body, /<p role="status">۶۰۳ خدمت فعال با «\u2068دستگاه AGENCY-B\u2069» جور است/, "the provider agency's name");

      // The wildcards of SQL LIKE are plain characters here.
      assert.deepEqual(chosen((await search('%')).body), [percent.id]);
      assert.deepEqual(chosen((await search('100%')).body), [percent.id]);
      assert.deepEqual(chosen((await search('_')).body), [snake.id]);
      assert.deepEqual(chosen((await search('snake%case')).body), []);
      assert.deepEqual(chosen((await search('\\')).body), []);
      assert.match((await search('no such thing')).body, /<p role="status">No active service matches “\u2068no such thing\u2069”/);

      // Pages of results keep the query; odd page numbers are the first or the last page; bad input is a 4xx, never a 500.
      const fillers = await search('Filler', 'en', '&page=2');
      assert.match(fillers.body, /600 active services match/);
      assert.match(fillers.body, /<nav aria-label="Pages: Active services">/);
      assert.match(fillers.body, /href="\/staff\/exchange\/agencies\/AGENCY-B\/requests\/new\?lang=en&amp;q=Filler&amp;page=3"/);
      assert.match(fillers.body, />Filler service 51</);
      assert.match((await search('Filler', 'en', '&page=999')).body, /aria-current="page"[^>]*>12</);
      assert.match((await search('Filler', 'en', '&page=-1')).body, /aria-current="page"[^>]*>1</);
      assert.equal((await get(adminB, `${newUrl}?q=${'x'.repeat(201)}`)).statusCode, 400);
      assert.equal((await get(adminB, `${newUrl}?q=a&q=b`)).statusCode, 400);
      // A NUL is refused for every route before any handler (INVALID_CHARACTER), this search too: a 400 page, not a 500.
      const nul = await get(adminB, `${newUrl}?lang=en&q=mar%00riage`);
      assert.equal(nul.statusCode, 400);
      assert.match(nul.body, /VALIDATION_FAILED/);
      assert.equal((await get(adminB, `${newUrl}?service=abc`)).statusCode, 400);
      for (const id of [999_999, old.id]) {
        const gone = await get(adminB, `${newUrl}?lang=en&service=${id}`);
        assert.equal(gone.statusCode, 404, `service ${id}`);
        assert.match(gone.body, /<a href="#request-service">Service: search for the service and choose it from the results/);
      }

      // Choosing a service leads to the request for it; the request is filed.
      const form = await get(adminB, `${newUrl}?lang=en&service=${target.id}&q=marriage`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, new RegExp(`<input type="hidden" name="serviceId" value="${target.id}"/>`));
      assert.match(form.body, new RegExp(`<a id="request-service" href="${newUrl}\\?q=marriage">Choose another service</a>`));
      const fields = { _csrf: adminB.csrf, consumerSubsystemId: String(consumerId), purpose: 'Checking marriages', legalBasis: 'Act 9', mode: 'file' };
      const forged = await post(adminB, `${newUrl}?lang=en`, { ...fields, serviceId: String(old.id) });
      assert.equal(forged.statusCode, 422, 'a disabled service cannot be chosen by hand either');
      assert.match(forged.body, /<a href="#request-service">/);
      const filed = await post(adminB, newUrl, { ...fields, serviceId: String(target.id) });
      assert.equal(filed.statusCode, 303, filed.body);
      const duplicate = await post(adminB, `${newUrl}?lang=en`, { ...fields, serviceId: String(target.id) });
      assert.equal(duplicate.statusCode, 409);
      assert.match(duplicate.body, /<a href="#request-service">This system already has an open request/);

      // The search is the request form's first step: the same people are refused.
      assert.equal((await get(auditor, `${newUrl}?q=marriage`)).statusCode, 403);
      assert.equal((await get(adminA, `${newUrl}?q=marriage&lang=en`)).statusCode, 403);
      assert.equal((await get(adminA, `${newUrl}?service=${target.id}`)).statusCode, 403);
      assert.equal((await get(undefined, `${newUrl}?q=marriage`)).statusCode, 303);
      assert.equal((await post(auditor, newUrl, { ...fields, _csrf: auditor.csrf, serviceId: String(percent.id) })).statusCode, 403);
      assert.equal((await post(adminA, newUrl, { ...fields, _csrf: adminA.csrf, serviceId: String(percent.id) })).statusCode, 403);
      assert.equal((await listAccessRequests(admin, system, { serviceId: percent.id }, { offset: 0, limit: 10 })).total, 0);
    });
  });
}
