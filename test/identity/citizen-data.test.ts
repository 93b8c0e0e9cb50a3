/**
 * "My inquiries" and "who accessed my data" end to end: the real gateway, the reference
 * agencies, the window's own client, on both engines. The refused callers come first.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/database.ts';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createStaff, issueToken } from '../../src/identity/index.ts';
import { windowExchangeClientFromConfig } from '../../src/identity/registries/index.ts';
import { verifyExchangeLog } from '../../src/exchange/log/index.ts';
import { demoWindowSettings } from '../../demo/exchange/window-client.ts';
import { testEngines } from '../support/database.ts';
import { livingPeople, openRegistrationWorld, type RegistrationWorld } from './registration-support.ts';
import { signedInPerson, type SignedIn } from './citizen-data-support.ts';

const [first, second, third] = livingPeople(3, '');
const inquiry = (kind: string) => `/api/v1/me/inquiries/${kind}`;

for (const engine of testEngines()) {
  describe(`my inquiries and who accessed my data (${engine})`, () => {
    let w: RegistrationWorld;
    let alice: SignedIn;
    let bob: SignedIn;
    let staff: Record<string, string>;
    before(async () => {
      w = await openRegistrationWorld(engine);
      alice = await signedInPerson(w.db, first!.nationalCode);
      bob = await signedInPerson(w.db, second!.nationalCode);
      const operator = await createStaff(w.db, { name: 'operator', role: 'operator' });
      staff = { authorization: `Bearer ${(await issueToken(w.db, operator.id)).token}` };
    });
    after(() => w?.close());

    test('refused first: no session, a staff token, a cookie without its token, a forged page post', async () => {
      for (const url of [inquiry('literacy-level'), '/api/v1/me/accesses']) {
        const anonymous = await w.app.inject({ url });
        assert.equal(anonymous.statusCode, 401, url);
        assert.equal(anonymous.json().code, 'UNAUTHENTICATED');
        const asStaff = await w.app.inject({ url, headers: staff });
        assert.equal(asStaff.statusCode, 403, url);
        assert.equal(asStaff.json().code, 'FORBIDDEN');
        // The cookie alone is what another site's page would send: it is not enough.
        assert.equal((await w.app.inject({ url, headers: { cookie: alice.cookie } })).statusCode, 401, url);
        assert.equal((await w.app.inject({ url, headers: { cookie: alice.cookie, 'x-csrf-token': bob.csrfToken } })).statusCode, 401, `${url}: another session's token`);
      }
      const forged = await w.app.inject({ method: 'POST', url: '/account/inquiries', headers: { cookie: alice.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'kind=literacy-level' });
      assert.equal(forged.statusCode, 403);
      const unknown = await w.app.inject({ url: inquiry('tax-debts'), headers: alice.api });
      assert.equal(unknown.statusCode, 400);
      assert.equal(unknown.json().code, 'VALIDATION_FAILED');
      const subjectParam = await w.app.inject({ url: `/api/v1/me/accesses?subject=${bob.account.identifier}`, headers: alice.api });
      assert.equal(subjectParam.statusCode, 400, 'nobody names whose accesses they read');
    });

    test('an inquiry about oneself goes through the exchange and is logged with its user, subject and purpose', async () => {
      const res = await w.app.inject({ url: inquiry('literacy-level'), headers: alice.api });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.kind, 'literacy-level');
      assert.equal(body.found, true);
      assert.equal(body.about.profileKind, 'self');
      assert.equal(body.about.nameEn, `${first!.firstName.en} ${first!.lastName.en}`);
      assert.ok(['none', 'basic', 'complementary', 'completed'].includes(body.answer.level.code));
      assert.ok(body.messageId);
      const [logged] = await w.db.run((q) =>
        rows<{ user_id: string; data_subject: string; purpose: string; consumer: string; status: number; represented_party: string | null }>(
          q,
          sql`select user_id, data_subject, purpose, consumer, status, represented_party from exchange_log where message_id = ${body.messageId} and status <> 0`,
        ),
      );
      assert.equal(logged!.user_id, `IR${alice.account.identifier}`);
      assert.equal(logged!.data_subject, alice.account.identifier);
      assert.match(logged!.purpose, /my inquiries: literacy level/);
      assert.equal(logged!.consumer, 'IR/GOV/ITO/one-window');
      assert.equal(logged!.represented_party, null);
      for (const kind of ['insurance-validity', 'id-card-status']) {
        const other = await w.app.inject({ url: inquiry(kind), headers: alice.api });
        assert.equal(other.statusCode, 200, `${kind}: ${other.body}`);
        assert.equal(other.json().found, other.json().answer !== null, kind);
      }
    });

    test('who accessed my data: one’s own calls, and those made by someone acting for one, named', async () => {
      // Bob acts for Alice (a guardian or a mandate holder would): the window calls about Alice with Bob as its user.
      const client = windowExchangeClientFromConfig(loadConfig({ NODE_ENV: 'test', ...(demoWindowSettings({}) as Record<string, string>), IDENTITY_EXCHANGE_GATEWAY_URL: w.gateway.url, GATEWAY_PORT: '0' }))!;
      const service = demoWindowSettings({}).INQUIRY_INSURANCE_SERVICE!;
      await client.get(service, `/booklets/${alice.account.identifier}/validity`, 'OneWindow portal, my inquiries: health insurance validity', { userId: `IR${bob.account.identifier}` });
      // Someone the window has no account for, acting for a company.
      await client.get(service, `/booklets/${alice.account.identifier}/validity`, 'company file', { userId: `IR${third!.nationalCode}`, representedParty: 'COM/10101010104' });

      const res = await w.app.inject({ url: '/api/v1/me/accesses', headers: alice.api });
      assert.equal(res.statusCode, 200, res.body);
      const { recorded, items, nextCursor } = res.json();
      assert.equal(recorded, true);
      assert.equal(nextCursor, null);
      assert.equal(items.length, 5, 'three of her own inquiries and two by others');
      const [byStranger, byBob, ...own] = items;
      assert.deepEqual(byStranger.actedBy, { nameFa: null, nameEn: null, maskedId: `••••••${third!.nationalCode.slice(-4)}`, representedParty: 'COM/10101010104' });
      assert.equal(byBob.actedBy.nameEn, `${second!.firstName.en} ${second!.lastName.en}`);
      assert.equal(byBob.actedBy.maskedId, `••••••${bob.account.identifier.slice(-4)}`);
      assert.equal(byBob.consumer.agency.code, 'ITO');
      assert.equal(byBob.service.provider.code, 'IHIO');
      assert.equal(byBob.outcome, 'delivered');
      for (const item of own) assert.equal(item.actedBy, null);
      assert.ok(own.every((i: { purpose: string }) => i.purpose.startsWith('OneWindow portal, my inquiries')));
      assert.ok(!JSON.stringify(items).includes(`IR${bob.account.identifier}`), 'the full identifier of whoever acted is not shown');

      // Bob sees none of it: calls about Alice are hers.
      const bobs = await w.app.inject({ url: '/api/v1/me/accesses', headers: bob.api });
      assert.equal(bobs.statusCode, 200);
      assert.deepEqual(bobs.json().items, []);
      // Operators see who acted and for whom.
      const operator = await w.app.inject({ url: `/api/v1/exchange/data-subjects/${alice.account.identifier}/accesses`, headers: staff });
      assert.equal(operator.json().items[0].userId, `IR${third!.nationalCode}`);
      assert.equal(operator.json().items[0].representedParty, 'COM/10101010104');
      // And the hash chain holds records with and without a represented party.
      const report = await verifyExchangeLog(w.db);
      assert.ok(report.nodes.every((n) => n.problem === null), JSON.stringify(report));
    });

    test('pages and the filter: one page at a time, a period, bad input a 400', async () => {
      const page1 = await w.app.inject({ url: '/api/v1/me/accesses?limit=2', headers: alice.api });
      const page2 = await w.app.inject({ url: `/api/v1/me/accesses?limit=2&cursor=${page1.json().nextCursor}`, headers: alice.api });
      const page3 = await w.app.inject({ url: `/api/v1/me/accesses?limit=2&cursor=${page2.json().nextCursor}`, headers: alice.api });
      const seen = [page1, page2, page3].flatMap((p) => p.json().items.map((i: { messageId: string }) => i.messageId));
      assert.equal(new Set(seen).size, 5);
      assert.equal(page3.json().nextCursor, null);
      const future = await w.app.inject({ url: '/api/v1/me/accesses?from=2099-01-01T00:00:00Z', headers: alice.api });
      assert.deepEqual(future.json().items, []);
      for (const bad of ['?cursor=zzz', '?from=yesterday', '?limit=0', '?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z']) {
        const res = await w.app.inject({ url: `/api/v1/me/accesses${bad}`, headers: alice.api });
        assert.equal(res.statusCode, 400, bad);
        assert.equal(res.json().code, 'VALIDATION_FAILED', bad);
      }
    });

    test('the pages: ask in Persian, see the answer, then the call on “who accessed my data”', async () => {
      const form = await w.app.inject({ url: '/account/inquiries', headers: { cookie: alice.cookie } });
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /استعلام‌های من/);
      const asked = await w.app.inject({
        method: 'POST',
        url: '/account/inquiries',
        headers: { cookie: alice.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${encodeURIComponent(alice.csrfToken)}&kind=id-card-status`,
      });
      assert.equal(asked.statusCode, 200, asked.body);
      assert.match(asked.body, /پاسخ: وضعیت کارت ملی هوشمند/);
      const listed = await w.app.inject({ url: '/account/accesses', headers: { cookie: alice.cookie } });
      assert.equal(listed.statusCode, 200);
      assert.match(listed.body, /سازمان ثبت احوال|صدور کارت ملی/);
      assert.match(listed.body, /[۰-۹]{4}/, 'Persian digits and calendar');
      assert.match(listed.body, new RegExp(`${second!.firstName.fa} ${second!.lastName.fa}`), 'who acted for her, by name');
      const english = await w.app.inject({ url: '/account/accesses?lang=en&from=2020-01-01&to=2099-12-31', headers: { cookie: alice.cookie } });
      assert.equal(english.statusCode, 200);
      assert.match(english.body, /Made by .* acting for you/);
      assert.match(english.body, /My inquiries on this portal: Smart national ID card status/);
      assert.match(english.body, /company file/, 'another purpose as it was given');
      const bad = await w.app.inject({ url: '/account/accesses?from=1405/13/40', headers: { cookie: alice.cookie } });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /href="#from"/);
      const badCursor = await w.app.inject({ url: '/account/accesses?cursor=zzz', headers: { cookie: alice.cookie } });
      assert.equal(badCursor.statusCode, 400);
      const bobsPage = await w.app.inject({ url: '/account/accesses', headers: { cookie: bob.cookie } });
      assert.doesNotMatch(bobsPage.body, /صدور کارت ملی|بیمه سلامت/, 'Bob’s page lists no call about Alice');
    });

    test('the agency unreachable or the inquiry not set up: 503 INQUIRY_UNAVAILABLE, never a 500', async () => {
      const base = { NODE_ENV: 'test', LOG_LEVEL: 'silent', GATEWAY_PORT: '0', ...(demoWindowSettings({}) as Record<string, string>), IDENTITY_EXCHANGE_GATEWAY_URL: w.gateway.url };
      for (const env of [{ INQUIRY_LITERACY_SERVICE: 'IR/GOV/LMO/literacy-movement/no-such-service' }, { IDENTITY_EXCHANGE_GATEWAY_URL: 'http://127.0.0.1:9' }]) {
        const app = await buildApp({ config: loadConfig({ ...base, ...env }), db: w.db, logger: false });
        try {
          const res = await app.inject({ url: inquiry('literacy-level'), headers: alice.api });
          assert.equal(res.statusCode, 503, res.body);
          assert.equal(res.json().code, 'INQUIRY_UNAVAILABLE');
          const page = await app.inject({ method: 'POST', url: '/account/inquiries', headers: { cookie: alice.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(alice.csrfToken)}&kind=literacy-level` });
          assert.equal(page.statusCode, 503);
          assert.equal(page.headers['x-error-code'], 'INQUIRY_UNAVAILABLE');
          assert.match(page.body, /error-summary/);
        } finally {
          await app.close();
        }
      }
      const unset = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), db: w.db, logger: false });
      try {
        const res = await unset.inject({ url: inquiry('insurance-validity'), headers: alice.api });
        assert.equal(res.statusCode, 503);
        assert.equal(res.json().code, 'INQUIRY_UNAVAILABLE');
      } finally {
        await unset.close();
      }
    });
  });
}
