import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp, type TestApp } from '../support/app.ts';
import { testEngines } from '../support/database.ts';
import { agencyPayload, servicePayload } from '../support/fixtures.ts';
import { createStaff, issueToken } from '../../src/identity/index.ts';

const html = { accept: 'text/html' };
/** The agency names in the table's rows, in order. */
const rowNames = (body: string) => [...body.matchAll(/<th scope="row"><a href="\/agencies\/[^"]+">([^<]+)<\/a><\/th>/g)].map((m) => m[1]);

for (const engine of testEngines()) {
  describe(`list of agencies (${engine})`, () => {
    let t: TestApp;
    const page = (query: string, headers: Record<string, string> = {}) => t.app.inject({ url: `/agencies${query}`, headers: { ...html, ...headers } });

    before(async () => {
      t = await openTestApp(engine);
      const operator = await t.as('operator');
      // Code-point order would put ح before چ and ل before گ; Persian puts چ, ح … گ, ل.
      const agencies = [
        agencyPayload('HAML', { nameFa: 'سازمان حمل و نقل', nameEn: 'Transport Organisation', kind: 'subordinate_organisation' }),
        agencyPayload('LEASING', { nameFa: 'سازمان لیزینگ', nameEn: 'Leasing Organisation', kind: 'subordinate_organisation' }),
        agencyPayload('CHAP', { nameFa: 'سازمان چاپ', nameEn: 'Printing Organisation', kind: 'independent_institution' }),
        agencyPayload('GOMROK', { nameFa: 'سازمان گمرک', nameEn: 'Customs Organisation', kind: 'ministry' }),
        ...Array.from({ length: 26 }, (_, i) => agencyPayload(`MIN-${String(i + 10)}`, { nameFa: `وزارت ${i + 10}`, nameEn: `Ministry ${i + 10}`, kind: 'ministry' })),
      ];
      for (const payload of agencies) assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/agencies', payload, headers: operator })).statusCode, 201);
      for (const code of ['HAML', 'GOMROK', 'LEASING']) assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/services', payload: servicePayload(code), headers: operator })).statusCode, 201);
      for (const delivery of ['delivered', 'listed']) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/services', payload: servicePayload('CHAP', { deliveryStatus: delivery, maturity: delivery === 'delivered' ? 3 : 1 }), headers: operator });
        assert.equal(res.statusCode, 201, res.body);
      }
    });
    after(() => t.close());

    test('in Persian: sorted by Persian collation, each with its kind, completion share and a link to its page', async () => {
      const res = await page('?q=' + encodeURIComponent('سازمان'));
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<html lang="fa" dir="rtl">/);
      assert.match(res.body, /<h1>دستگاه‌های اجرایی<\/h1>/);
      assert.deepEqual(rowNames(res.body), ['سازمان چاپ', 'سازمان حمل و نقل', 'سازمان گمرک', 'سازمان لیزینگ']);
      assert.match(res.body, /<a href="\/agencies\/CHAP">سازمان چاپ<\/a><\/th><td>نهاد مستقل<\/td><td class="num">۲<\/td><td class="num">۱<\/td><td class="num">۵۰٪<\/td>/);
      assert.match(res.body, /<a href="\/agencies\/GOMROK">سازمان گمرک<\/a><\/th><td>وزارتخانه<\/td><td class="num">۱<\/td><td class="num">۱<\/td><td class="num">۱۰۰٪<\/td>/);
      assert.match(res.body, /<a href="\/agencies" aria-current="page">دستگاه‌ها<\/a>/, 'the navigation links the list');
    });

    test('in English: sorted by the English names; search by part of a name in either language, or the code', async () => {
      const en = await page('?lang=en&q=organisation');
      assert.deepEqual(rowNames(en.body), ['Customs Organisation', 'Leasing Organisation', 'Printing Organisation', 'Transport Organisation']);
      // An Arabic kaf, as typed on an Arabic keyboard, finds the Persian name.
      assert.deepEqual(rowNames((await page('?lang=en&q=' + encodeURIComponent('گمرك'))).body), ['Customs Organisation']);
      assert.deepEqual(rowNames((await page('?lang=en&q=haml')).body), ['Transport Organisation']);
      const none = await page('?lang=en&q=zzzz');
      assert.match(none.body, /No agencies found/);
      assert.match(none.body, /<a href="\/agencies">see every agency<\/a>/);
    });

    test('the kind filter narrows the list; its select offers every kind', async () => {
      const res = await page('?lang=en&kind=subordinate_organisation');
      assert.deepEqual(rowNames(res.body), ['Leasing Organisation', 'Transport Organisation']);
      assert.match(res.body, /<option value="subordinate_organisation" selected>Subordinate organisation<\/option>/);
      assert.match(res.body, /<option value>All kinds<\/option><option value="ministry">Ministry<\/option>/, 'the kinds in their own order, ministries first');
    });

    test('paginated like the catalog: the pages link with the query kept, and a page past the end shows the last', async () => {
      const first = await page('?lang=en&kind=ministry');
      assert.match(first.body, /27 agencies found/);
      assert.match(first.body, /Showing 1 to 25 of 27/);
      assert.equal(rowNames(first.body).length, 25);
      assert.match(first.body, /href="\/agencies\?kind=ministry&amp;page=2"/);
      const past = await page('?lang=en&kind=ministry&page=9');
      assert.equal(past.statusCode, 200);
      assert.match(past.body, /There is no page 9 of this list, so the last page, page 2, is shown/);
      assert.equal(rowNames(past.body).length, 2);
    });

    test('every other list of agencies on a page sorts the same way: catalog filter, staff home, exchange console select', async () => {
      const inOrder = (body: string, names: string[]) => {
        const at = names.map((n) => body.indexOf(n));
        assert.ok(at.every((i) => i >= 0), `all of ${names.join(', ')} shown`);
        assert.deepEqual([...at].sort((a, b) => a - b), at, `${names.join(', ')} in this order`);
      };
      const persian = ['سازمان چاپ', 'سازمان حمل و نقل', 'سازمان گمرک', 'سازمان لیزینگ'];
      inOrder((await t.app.inject({ url: '/services', headers: html })).body, persian);
      inOrder((await t.app.inject({ url: '/services?lang=en', headers: html })).body, ['Customs Organisation', 'Leasing Organisation', 'Printing Organisation', 'Transport Organisation']);

      const staff = await createStaff(t.db, { name: 'List reader', role: 'operator', agencyCode: null });
      const { token } = await issueToken(t.db, staff.id);
      const login = await t.app.inject({ method: 'POST', url: '/staff/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ token }).toString() });
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const home = await t.app.inject({ url: `/staff?q=${encodeURIComponent('سازمان')}`, headers: { cookie } });
      assert.equal(home.statusCode, 200);
      inOrder(home.body, persian);
      assert.match(home.body, /دستگاه‌ها: ۴/, 'found by the normalised name search');
      const members = await t.app.inject({ url: '/staff/exchange', headers: { cookie } });
      assert.equal(members.statusCode, 200);
      inOrder(members.body, persian.map((n) => `<option value="${n === 'سازمان چاپ' ? 'CHAP' : n === 'سازمان حمل و نقل' ? 'HAML' : n === 'سازمان گمرک' ? 'GOMROK' : 'LEASING'}">${n}`));
    });

    test('values that cannot be a kind or a page, and huge or repeated queries, get the friendly 400 page', async () => {
      for (const query of ['?kind=bogus', '?page=abc', '?page=-1', `?q=${'a'.repeat(300)}`, '?q=a&q=b', '?kind=ministry&kind=other']) {
        const res = await page(query);
        assert.equal(res.statusCode, 400, query);
        assert.match(res.headers['content-type'] as string, /^text\/html/, query);
        assert.match(res.body, /<html lang="fa" dir="rtl">/, query);
      }
    });
  });
}
