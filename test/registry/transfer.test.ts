import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp, type TestApp } from '../support/app.ts';
import { testEngines } from '../support/database.ts';
import { seedAgencies } from '../support/fixtures.ts';

type Headers = { authorization: string };
const csv = (lines: string[]) => lines.join('\r\n') + '\r\n';
const serviceHeader = 'key,parent_key,agency_code,name_fa,name_en,topic,audiences,maturity,delivery_status,channels,service_type,nature,service_level,trigger,external_code,required_evidence';
const serviceRow = (key: string, agency: string, extra: Partial<Record<'parent' | 'maturity' | 'delivery' | 'name', string>> = {}) =>
  `${key},${extra.parent ?? ''},${agency},"${extra.name ?? 'صدور پروانه کسب'}","Business licence, issuance",business,citizens;businesses,${extra.maturity ?? '3'},${extra.delivery ?? 'delivered'},web;mobile,G2B,sovereign,national,on_request,12345678901-2,"[{""fa"":""کارت ملی"",""en"":""National ID card""}]"`;

for (const engine of testEngines()) {
  describe(`registry import and export (${engine})`, () => {
    let t: TestApp;
    let operator: Headers;
    const post = (entity: string, body: string | Buffer, headers: object, type = 'text/csv') =>
      t.app.inject({ method: 'POST', url: `/api/v1/registry/import/${entity}`, body, headers: { ...headers, 'content-type': type } });
    const count = async () => (await t.app.inject({ url: '/api/v1/services?limit=1' })).json().total as number;

    before(async () => {
      t = await openTestApp(engine);
      operator = await t.as('operator');
      await seedAgencies(t, operator, ['AG-A', 'AG-B']);
    });
    after(() => t.close());

    test('refuses import without a token, from an auditor, and agencies from an agency admin', async () => {
      const body = csv(['code,name_fa,name_en,kind', 'NEW-1,الف,A,other']);
      assert.equal((await post('agencies', body, {})).statusCode, 401);
      assert.equal((await post('agencies', body, await t.as('auditor'))).statusCode, 403);
      assert.equal((await post('agencies', body, await t.as('agency_admin', 'AG-A'))).statusCode, 403);
      assert.equal((await t.app.inject({ url: '/api/v1/agencies/NEW-1' })).statusCode, 404);
    });

    test("an agency admin's file with another agency's row changes nothing", async () => {
      const res = await post('services', csv([serviceHeader, serviceRow('a', 'AG-A'), serviceRow('b', 'AG-B')]), await t.as('agency_admin', 'AG-A'));
      assert.equal(res.statusCode, 422);
      assert.deepEqual(res.json().errors.map((e: { line: number; code: string }) => [e.line, e.code]), [[3, 'FORBIDDEN_OTHER_AGENCY']]);
      assert.equal(await count(), 0);
    });

    test('imports a CSV with a BOM and CRLF, sub-services by key, and issues identifiers', async () => {
      const body = '\uFEFF' + csv([serviceHeader, serviceRow('lic', 'AG-A'), serviceRow('lic-renew', 'AG-A', { parent: 'lic' }), serviceRow('x', 'AG-B', { maturity: '1', delivery: 'listed' })]);
      const res = await post('services', body, operator);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().created, 3);
      const child = await t.app.inject({ url: `/api/v1/services/${res.json().issued['lic-renew']}` });
      assert.equal(child.json().parentId, res.json().issued.lic);
      assert.deepEqual(child.json().audiences, ['citizens', 'businesses']);
      assert.equal(child.json().nameEn, 'Business licence, issuance');
      assert.deepEqual(child.json().requiredEvidence, [{ fa: 'کارت ملی', en: 'National ID card' }]);
    });

    test('a file with any error changes nothing and reports every error with its line and code', async () => {
      const before = await count();
      const body = csv([
        serviceHeader,
        serviceRow('ok', 'AG-A'),
        serviceRow('bad-maturity', 'AG-A', { maturity: '7' }),
        serviceRow('no-agency', 'NOPE'),
        serviceRow('inconsistent', 'AG-A', { maturity: '0' }),
        serviceRow('ok', 'AG-A'),
        serviceRow('orphan', 'AG-A', { parent: 'missing' }),
        serviceRow('cross', 'AG-B', { parent: 'ok' }),
      ]);
      const res = await post('services', body, operator);
      assert.equal(res.statusCode, 422);
      assert.equal(res.json().code, 'IMPORT_INVALID');
      assert.deepEqual(
        res.json().errors.map((e: { line: number; code: string }) => `${e.line}:${e.code}`),
        ['3:INVALID_VALUE', '4:AGENCY_NOT_FOUND', '5:SERVICE_MATURITY_INCONSISTENT', '6:DUPLICATE_KEY', '7:SERVICE_PARENT_NOT_FOUND', '8:SERVICE_PARENT_OTHER_AGENCY'],
      );
      assert.equal(await count(), before);
    });

    test('malformed files: unknown columns, bad encoding, broken quoting, bad JSON', async () => {
      const cases: [string | Buffer, string, string][] = [
        [csv(['code,name_fa,name_en,kind,colour', 'X1,الف,A,other,red']), 'agencies', 'UNKNOWN_COLUMN'],
        [Buffer.from([0x63, 0x6f, 0x64, 0x65, 0x0a, 0xff, 0xfe, 0x0a]), 'agencies', 'BAD_ENCODING'],
        [csv(['code,name_fa,name_en,kind', '"X1,الف,A,other']), 'agencies', 'MALFORMED_CSV'],
        [csv(['code,name_fa,name_en,kind', 'X1,الف,A']), 'agencies', 'MALFORMED_CSV'],
        [csv(['code,name_fa,name_en,kind', 'X1,الف,A,other', 'X2,ب,B,ministry,extra']), 'agencies', 'MALFORMED_CSV'],
        [csv(['code,name_fa', 'X1,الف']), 'agencies', 'MISSING_FIELD'],
        ['', 'agencies', 'EMPTY_FILE'],
      ];
      for (const [body, entity, code] of cases) {
        const res = await post(entity, body, operator);
        assert.equal(res.statusCode, 422, `${code}: ${res.body}`);
        assert.ok(res.json().errors.some((e: { code: string }) => e.code === code), `${code}: ${res.body}`);
      }
      const json = await post('agencies', '{"items": [', operator, 'application/json');
      assert.equal(json.json().errors[0].code, 'MALFORMED_JSON');
      const unknownField = await post('agencies', JSON.stringify([{ code: 'X1', nameFa: 'الف', nameEn: 'A', kind: 'other', colour: 'red' }]), operator, 'application/json');
      assert.equal(unknownField.json().errors[0].code, 'UNKNOWN_FIELD');
      assert.equal((await t.app.inject({ url: '/api/v1/agencies/X1' })).statusCode, 404);
    });

    test('text the database cannot store (NUL, a lone surrogate) is refused by line and field, CSV and JSON, and nothing is written', async () => {
      const before = await count();
      const nulCsv = await post('services', csv([serviceHeader, serviceRow('ok', 'AG-A'), serviceRow('nul', 'AG-A', { name: 'پروانه\u0000' })]), operator);
      assert.equal(nulCsv.statusCode, 422, nulCsv.body);
      assert.equal(nulCsv.json().code, 'IMPORT_INVALID');
      assert.deepEqual(nulCsv.json().errors.map((e: { line: number; field: string; code: string }) => [e.line, e.field, e.code]), [[3, 'name_fa', 'INVALID_CHARACTER']]);
      // A lone surrogate cannot be written as UTF-8 bytes, only as a JSON escape; it may sit deep in a value.
      const rows = `[{"code":"SUR-1","nameFa":"\\ud800","nameEn":"A","kind":"other"},{"code":"SUR-2","nameFa":"ب","nameEn":"B\\u0000","kind":"other"}]`;
      const json = await post('agencies', rows, operator, 'application/json');
      assert.equal(json.statusCode, 422, json.body);
      assert.deepEqual(json.json().errors.map((e: { line: number; field: string; code: string }) => [e.line, e.field, e.code]), [[1, 'nameFa', 'INVALID_CHARACTER'], [2, 'nameEn', 'INVALID_CHARACTER']]);
      const evidence = JSON.stringify([{ key: 'ev', agencyCode: 'AG-A', nameFa: 'الف', nameEn: 'A', topic: 'business', maturity: 0, deliveryStatus: 'listed', serviceType: 'G2B', nature: 'sovereign', serviceLevel: 'national', trigger: 'on_request', requiredEvidence: [{ fa: 'x\uDFFF', en: 'y' }] }]);
      const deep = await post('services', evidence, operator, 'application/json');
      assert.equal(deep.statusCode, 422, deep.body);
      assert.deepEqual(deep.json().errors.map((e: { field: string; code: string }) => [e.field, e.code]), [['requiredEvidence', 'INVALID_CHARACTER']]);
      assert.equal(await count(), before);
      assert.equal((await t.app.inject({ url: '/api/v1/agencies/SUR-1' })).statusCode, 404);
    });

    test('agency imports check the tree, including cycles made by the file', async () => {
      const cyclic = csv(['code,name_fa,name_en,kind,parent_code', 'C-1,الف,A,other,C-2', 'C-2,ب,B,other,C-1']);
      const res = await post('agencies', cyclic, operator);
      assert.equal(res.statusCode, 422);
      assert.deepEqual(res.json().errors.map((e: { code: string }) => e.code), ['AGENCY_TREE_CYCLE', 'AGENCY_TREE_CYCLE']);
      const tree = csv(['code,name_fa,name_en,kind,parent_code,eligible', 'T-CHILD,فرزند,Child,subordinate_organisation,T-ROOT,no', 'T-ROOT,ریشه,Root,ministry,,yes']);
      const ok = await post('agencies', tree, operator);
      assert.equal(ok.statusCode, 200, ok.body);
      const child = (await t.app.inject({ url: '/api/v1/agencies/T-CHILD' })).json();
      assert.equal(child.parentCode, 'T-ROOT');
      assert.equal(child.eligible, false);
    });

    test('export round-trips: CSV and JSON exports import back with no change', async () => {
      for (const entity of ['agencies', 'services']) {
        for (const format of ['csv', 'json'] as const) {
          const exported = await t.app.inject({ url: `/api/v1/registry/export/${entity}?format=${format}` });
          assert.equal(exported.statusCode, 200);
          const res = await post(entity, exported.rawPayload, operator, format === 'csv' ? 'text/csv' : 'application/json');
          assert.equal(res.statusCode, 200, `${entity} ${format}: ${res.body.slice(0, 500)}`);
          assert.equal(res.json().created, 0);
          const history = await t.app.inject({ url: `/api/v1/registry/export/${entity}?format=${format}` });
          assert.equal(history.body, exported.body, `${entity} ${format} unchanged`);
        }
      }
      const services = (await t.app.inject({ url: '/api/v1/services?limit=200' })).json().items;
      for (const s of services) {
        const h = (await t.app.inject({ url: `/api/v1/services/${s.id}/history`, headers: operator })).json().items;
        assert.equal(h.length, 1, `no empty history rows for ${s.id}`);
      }
    });
  });
}
