import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load.ts';
import { fixedNow, openTestApp, type TestApp } from '../support/app.ts';
import { testEngines } from '../support/database.ts';
import { seedAgencies, servicePayload } from '../support/fixtures.ts';

for (const engine of testEngines()) {
  describe(`catalog search (${engine})`, () => {
    let t: TestApp;
    let operator: { authorization: string };
    const ids: Record<string, string> = {};
    const search = async (query: string) => (await t.app.inject({ url: `/api/v1/catalog/search?${query}` })).json();

    before(async () => {
      t = await openTestApp(engine, { SEARCH_REFRESH_MS: '0' });
      operator = await t.as('operator');
      await seedAgencies(t, operator, ['LITERACY', 'HEALTH']);
      const services = {
        literacy: servicePayload('LITERACY', { annualUsers: 9_000_000, externalCode: '11122233344' }),
        insurance: servicePayload('HEALTH', { nameFa: 'استعلام اعتبار دفترچه بیمه سلامت', nameEn: 'Health insurance booklet validity inquiry', topic: 'health', annualUsers: 5_000_000, lifeEvents: ['illness'] }),
        card: servicePayload('HEALTH', { nameFa: 'صدور کارت بیمه', nameEn: 'Insurance card issuance', topic: 'health', maturity: 1, deliveryStatus: 'listed', audiences: ['businesses'] }),
      };
      for (const [key, payload] of Object.entries(services)) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/services', payload, headers: operator });
        ids[key] = res.json().id;
      }
    });
    after(() => t.close());

    test('Persian text typed with Arabic letters finds Persian names, with highlights', async () => {
      const r = await search(`q=${encodeURIComponent('استعلام سطح سواد'.replaceAll('ی', 'ي'))}`);
      assert.equal(r.items[0].id, ids.literacy);
      const h = r.items[0].highlights.find((x: { field: string }) => x.field === 'nameFa');
      assert.ok(h, 'highlighted in the Persian name');
      assert.equal(r.items[0].nameFa.slice(h.ranges[0][0], h.ranges[0][1]), 'استعلام');
    });

    test('English with a typo and a prefix, identifiers and earlier codes', async () => {
      assert.equal((await search('q=litracy')).items[0].id, ids.literacy);
      assert.equal((await search('q=insur')).total, 2);
      assert.equal((await search(`q=${ids.card!.toLowerCase()}`)).items[0].id, ids.card);
      assert.equal((await search('q=11122233344')).items[0].id, ids.literacy);
      assert.equal((await search('q=zzzzqqqq')).total, 0);
    });

    test('facets are counted with their own filter excluded, and labelled in both languages', async () => {
      const r = await search('q=insurance&topic=health&maturity=1');
      assert.equal(r.total, 1);
      const maturity = Object.fromEntries(r.facets.maturity.map((f: { value: string; count: number }) => [f.value, f.count]));
      assert.deepEqual(maturity, { '1': 1, '3': 1 });
      assert.deepEqual(r.facets.topic.find((f: { value: string }) => f.value === 'health').label, { fa: 'سلامت و بیمه', en: 'Health and insurance' });
      const byLifeEvent = await search('lifeEvent=illness');
      assert.deepEqual(byLifeEvent.items.map((s: { id: string }) => s.id), [ids.insurance]);
      assert.deepEqual(byLifeEvent.facets.lifeEvent.find((f: { value: string }) => f.value === 'illness').label, { fa: 'بیماری و درمان', en: 'Illness and treatment' });
      const two = await search('agency=LITERACY&agency=HEALTH&limit=1');
      assert.equal(two.total, 3);
      assert.equal(two.items.length, 1);
      assert.equal(two.items[0].id, ids.literacy, 'browsing ranks the most used first');
    });

    test('bad queries are refused or handled safely', async () => {
      for (const query of [`q=${'a'.repeat(500)}`, 'limit=100000', 'offset=-1', 'topic=unknown', 'colour=red', 'maturity=9', 'lifeEvent=wedding-cake']) {
        const res = await t.app.inject({ url: `/api/v1/catalog/search?${query}` });
        assert.equal(res.statusCode, 400, query);
        assert.equal(res.json().code, 'VALIDATION_FAILED');
      }
      const script = await search(`q=${encodeURIComponent('<script>alert(1)</script>')}`);
      assert.equal(script.total, 0);
    });

    test('another node sees a change within its refresh interval', async () => {
      const otherNode = await buildApp({ config: loadConfig({ NODE_ENV: 'test', SEARCH_REFRESH_MS: '0' }), db: t.db, now: () => fixedNow, logger: false });
      try {
        assert.equal((await otherNode.inject({ url: '/api/v1/catalog/search?q=passport' })).json().total, 0);
        await t.app.inject({ method: 'POST', url: '/api/v1/services', payload: servicePayload('HEALTH', { nameEn: 'Passport renewal', nameFa: 'تمدید گذرنامه', topic: 'travel' }), headers: operator });
        assert.equal((await otherNode.inject({ url: '/api/v1/catalog/search?q=passport' })).json().total, 1);
        await t.app.inject({ method: 'POST', url: `/api/v1/services/${ids.card}/retire`, headers: operator });
        assert.equal((await otherNode.inject({ url: '/api/v1/catalog/search?q=card' })).json().total, 0, 'retired services leave the catalog');
      } finally {
        await otherNode.close();
      }
    });
  });
}
