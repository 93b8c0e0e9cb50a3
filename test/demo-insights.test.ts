import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedNow, openTestApp, type TestApp } from './support/app.ts';
import { testEngines } from './support/database.ts';
import { loadDemoDataset } from '../demo/load.ts';

type Entry = { rank: number | null; code: string; rate: number | null };

/** The insights computed from the demo dataset reproduce the figures published for Iran's national window. */
for (const engine of testEngines()) {
  describe(`demo dataset → insights (${engine})`, () => {
    let t: TestApp;
    let insights: {
      demo: boolean;
      connection: { eligible: number; connected: number; notConnected: number; timeline: { year: number; cumulative: number }[] };
      completion: { identified: number; delivered: number; coverage: number };
      rankings: { byKind: Record<string, Entry[]> };
      maturity: { targets: { id: string; met: boolean; status: string }[] };
      compliance: { targetId: string; lagging: { code: string }[] }[];
    };
    before(async () => {
      t = await openTestApp(engine);
      await loadDemoDataset(t.db, { seed: 1402, pack: 'ir', now: () => fixedNow });
      insights = (await t.app.inject({ url: '/api/v1/insights' })).json();
    });
    after(() => t.close());

    const ranking = (kind: string) => insights.rankings.byKind[kind]!;
    const entry = (kind: string, code: string) => ranking(kind).find((e) => e.code === code)!;

    test('it is labelled as demo data', () => {
      assert.equal(insights.demo, true);
    });

    test('142 eligible agencies, 137 connected: 10 in 2021, 129 by the end of 2022', () => {
      assert.equal(insights.connection.eligible, 142);
      assert.equal(insights.connection.connected, 137);
      assert.equal(insights.connection.notConnected, 5);
      const byYear = Object.fromEntries(insights.connection.timeline.map((y) => [y.year, y.cumulative]));
      assert.equal(byYear[2021], 10);
      assert.equal(byYear[2022], 129);
      assert.equal(byYear[2023], 137);
    });

    test('about 8,250 service identifiers, about 5,200 delivered through the window (63%)', () => {
      assert.ok(Math.abs(insights.completion.identified - 8250) <= 83, String(insights.completion.identified));
      assert.ok(Math.abs(insights.completion.delivered - 5200) <= 52, String(insights.completion.delivered));
      assert.equal(Math.round(insights.completion.coverage * 100), 63);
    });

    test('ministries: Energy, Labour, Education on top; Foreign Affairs, Cultural Heritage, Defence at the bottom', () => {
      const codes = ranking('ministry').map((e) => e.code);
      assert.deepEqual(codes.slice(0, 3), ['MIN-ENERGY', 'MIN-LABOUR', 'MIN-EDUCATION']);
      assert.deepEqual(codes.slice(-3), ['MIN-FOREIGN', 'MIN-HERITAGE', 'MIN-DEFENCE']);
    });

    test('independent institutions: Faraja and the AEOI at 100%, Martyrs Foundation and the Central Bank among the best, the S&T Vice-Presidency at 11%', () => {
      assert.equal(entry('independent_institution', 'FARAJA').rate, 1);
      assert.equal(entry('independent_institution', 'AEOI').rate, 1);
      assert.ok(entry('independent_institution', 'BONYAD-SHAHID').rank! <= 5);
      assert.ok(entry('independent_institution', 'CBI').rank! <= 5);
      const vp = entry('independent_institution', 'VP-SCIENCE');
      assert.equal(Math.round(vp.rate! * 100), 11);
      assert.ok(vp.rank! > ranking('independent_institution').length / 2, 'in the bottom half');
    });

    test('Tax Affairs and Social Security are among the better organisations', () => {
      const orgs = ranking('subordinate_organisation');
      for (const code of ['INTA', 'SSO']) assert.ok(entry('subordinate_organisation', code).rank! <= Math.ceil(orgs.length / 4), `${code} in the top quarter`);
    });

    test('the announced targets are tracked: 20% fully electronic is not yet met, and laggards are listed', () => {
      const l3 = insights.maturity.targets.find((x) => x.id === 'fully-electronic-20')!;
      assert.equal(l3.met, false);
      assert.ok(insights.compliance.find((c) => c.targetId === 'fully-electronic-20')!.lagging.length > 0);
    });

    test('every KPI table downloads as CSV', async () => {
      const names = (await t.app.inject({ url: '/api/v1/insights/tables' })).json().tables as string[];
      assert.ok(names.includes('ranking_ministry'));
      for (const name of names) {
        const res = await t.app.inject({ url: `/api/v1/insights/tables/${name}` });
        assert.equal(res.statusCode, 200, name);
        assert.match(res.headers['content-type'] as string, /^text\/csv/);
        assert.match(res.headers['content-disposition'] as string, /onewindow-demo-/);
      }
      assert.equal((await t.app.inject({ url: '/api/v1/insights/tables/nope' })).statusCode, 404);
    });
  });
}
