import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp, type TestApp } from '../support/app.ts';
import { testEngines } from '../support/database.ts';

const ministry = { code: 'MIN-TEST', nameFa: 'وزارت آزمون', nameEn: 'Ministry of Testing', kind: 'ministry' };

for (const engine of testEngines()) {
  describe(`agencies API (${engine})`, () => {
    let t: TestApp;
    let operator: { authorization: string };
    before(async () => {
      t = await openTestApp(engine);
      operator = await t.as('operator');
    });
    after(() => t.close());

    test('refuses to create an agency without a token, with a bad token, or for a non-operator', async () => {
      const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/agencies', payload: ministry });
      assert.equal(anonymous.statusCode, 401);
      assert.equal(anonymous.json().code, 'UNAUTHENTICATED');
      assert.match(anonymous.headers['content-type'] as string, /^application\/problem\+json/);
      const forged = await t.app.inject({ method: 'POST', url: '/api/v1/agencies', payload: ministry, headers: { authorization: 'Bearer ow_' + 'x'.repeat(43) } });
      assert.equal(forged.statusCode, 401);
      assert.equal(forged.json().code, 'INVALID_TOKEN');
      for (const role of ['auditor', 'agency_admin'] as const) {
        if (role === 'agency_admin') await t.app.inject({ method: 'POST', url: '/api/v1/agencies', payload: { ...ministry, code: 'HOME' }, headers: operator });
        const headers = await t.as(role, role === 'agency_admin' ? 'HOME' : undefined);
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/agencies', payload: ministry, headers });
        assert.equal(res.statusCode, 403, role);
        assert.equal(res.json().code, 'FORBIDDEN');
      }
      const list = await t.app.inject({ url: '/api/v1/agencies?q=MIN-TEST' });
      assert.equal(list.json().total, 0, 'nothing was written');
    });

    test('refuses to change an agency without the operator role', async () => {
      const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/agencies/HOME', payload: { nameEn: 'X' }, headers: await t.as('auditor') });
      assert.equal(res.statusCode, 403);
      const anon = await t.app.inject({ method: 'GET', url: '/api/v1/agencies/HOME/history' });
      assert.equal(anon.statusCode, 401);
    });

    test('the operator registers, reads and changes an agency, with history', async () => {
      const created = await t.app.inject({ method: 'POST', url: '/api/v1/agencies', payload: { ...ministry, connectedOn: '2022-05-01' }, headers: operator });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().eligible, true);
      assert.equal(created.json().version, 1);
      const got = await t.app.inject({ url: '/api/v1/agencies/MIN-TEST' });
      assert.equal(got.json().nameFa, 'وزارت آزمون');
      const changed = await t.app.inject({ method: 'PATCH', url: '/api/v1/agencies/MIN-TEST', payload: { nameEn: 'Ministry of Tests', version: 1 }, headers: operator });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal(changed.json().version, 2);
      const stale = await t.app.inject({ method: 'PATCH', url: '/api/v1/agencies/MIN-TEST', payload: { nameEn: 'Stale', version: 1 }, headers: operator });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().code, 'VERSION_CONFLICT');
      const history = await t.app.inject({ url: '/api/v1/agencies/MIN-TEST/history', headers: operator });
      const items = history.json().items;
      assert.deepEqual(items.map((h: { action: string }) => h.action), ['create', 'update']);
      assert.deepEqual(items[1].changes, { nameEn: ['Ministry of Testing', 'Ministry of Tests'] });
      assert.match(items[1].actor, /^staff:/);
    });

    test('bad input gets a 4xx with a stable code and changes nothing', async () => {
      const cases: [unknown, number, string][] = [
        [{ ...ministry, code: 'MIN-X', extra: 1 }, 400, 'VALIDATION_FAILED'],
        [{ ...ministry, code: 'MIN-X', kind: 'empire' }, 400, 'VALIDATION_FAILED'],
        [{ ...ministry, code: 'MIN-X', nameEn: 'x'.repeat(301) }, 400, 'VALIDATION_FAILED'],
        [{ ...ministry, code: 'min x' }, 400, 'VALIDATION_FAILED'],
        [{ ...ministry, code: 'MIN-X', eligible: 'yes' }, 400, 'VALIDATION_FAILED'],
        [{ ...ministry, code: 'MIN-X', connectedOn: '2022-02-30' }, 400, 'VALIDATION_FAILED'],
        [{ ...ministry, code: 'MIN-X', connectedOn: '2099-01-01' }, 400, 'VALIDATION_FAILED'],
        [{ ...ministry, code: 'MIN-X', parentCode: 'NOPE' }, 422, 'AGENCY_PARENT_NOT_FOUND'],
        [{ ...ministry }, 409, 'AGENCY_CODE_TAKEN'],
      ];
      for (const [payload, status, code] of cases) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/agencies', payload: payload as object, headers: operator });
        assert.equal(res.statusCode, status, `${JSON.stringify(payload)} → ${res.body}`);
        assert.equal(res.json().code, code);
      }
      const malformed = await t.app.inject({ method: 'POST', url: '/api/v1/agencies', body: '{"code":', headers: { ...operator, 'content-type': 'application/json' } });
      assert.equal(malformed.statusCode, 400);
      assert.equal(malformed.json().code, 'MALFORMED_REQUEST');
      const missing = await t.app.inject({ url: '/api/v1/agencies/NOPE' });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().code, 'AGENCY_NOT_FOUND');
      const list = await t.app.inject({ url: '/api/v1/agencies?q=MIN-X' });
      assert.equal(list.json().total, 0);
    });

    test('a parent that would make a cycle in the agency tree is refused', async () => {
      await t.app.inject({ method: 'POST', url: '/api/v1/agencies', payload: { ...ministry, code: 'TREE-A' }, headers: operator });
      await t.app.inject({ method: 'POST', url: '/api/v1/agencies', payload: { ...ministry, code: 'TREE-B', parentCode: 'TREE-A', kind: 'subordinate_organisation' }, headers: operator });
      const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/agencies/TREE-A', payload: { parentCode: 'TREE-B' }, headers: operator });
      assert.equal(res.statusCode, 422);
      assert.equal(res.json().code, 'AGENCY_TREE_CYCLE');
      const self = await t.app.inject({ method: 'PATCH', url: '/api/v1/agencies/TREE-A', payload: { parentCode: 'TREE-A' }, headers: operator });
      assert.equal(self.json().code, 'AGENCY_TREE_CYCLE');
      assert.equal((await t.app.inject({ url: '/api/v1/agencies/TREE-A' })).json().parentCode, null);
    });

    test('lists with filters and pagination', async () => {
      const res = await t.app.inject({ url: '/api/v1/agencies?kind=subordinate_organisation&limit=1' });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json().items.map((a: { code: string }) => a.code), ['TREE-B']);
      const bad = await t.app.inject({ url: '/api/v1/agencies?limit=100000' });
      assert.equal(bad.statusCode, 400);
      const unknown = await t.app.inject({ url: '/api/v1/agencies?colour=red' });
      assert.equal(unknown.statusCode, 400);
    });
  });
}
