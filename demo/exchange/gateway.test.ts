import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../src/config/load.ts';
import { rows, type Database } from '../../src/db/database.ts';
import { ExchangeConfig } from '../../src/exchange/snapshot/index.ts';
import { createGatewayFromConfig, type RunningGateway } from '../../src/exchange/gateway/index.ts';
import { openTestDatabase, testEngines } from '../../test/support/database.ts';
import { DEMO_NATIONAL_CODE } from './registrations.ts';
import { startDemoExchange, type DemoExchange } from './start.ts';
import { loadDemoRegistrySubset } from './test-support.ts';

const config = loadConfig({ DEMO_DATA: 'if-empty', DEMO_AGENCIES_PORT: '0', GATEWAY_PORT: '0', NODE_ENV: 'test', NODE_ID: 'demo-test', EXCHANGE_REFRESH_MS: '1000' });
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** The demo end to end: its registrations, credentials and rights through the real gateway to the reference agencies. */
for (const engine of testEngines()) {
  describe(`demo exchange through the gateway (${engine})`, () => {
    let db: Database;
    let demo: DemoExchange;
    let source: ExchangeConfig;
    let gateway: RunningGateway;
    const secret = (clientId: string) => demo.clients.find((c) => c.clientId === clientId)!.secret;
    const call = (path: string, clientId: string, secretValue = secret(clientId)) =>
      fetch(`${gateway.url}${path}`, { headers: { 'X-Road-Client': clientId, 'X-OneWindow-Client-Secret': secretValue } });

    before(async () => {
      db = await openTestDatabase(engine);
      await loadDemoRegistrySubset(db, new Date());
      demo = (await startDemoExchange(db, config))!;
      source = new ExchangeConfig(db, config.EXCHANGE_REFRESH_MS);
      await source.start();
      gateway = await createGatewayFromConfig({ config, db, source, logger: quiet });
    });
    after(async () => {
      await gateway?.close();
      source?.stop();
      await demo?.close();
      await db?.close();
    });

    test('refused callers first: a wrong secret, a refused request, a pending one, an endpoint outside the right', async () => {
      const wrong = await call(demo.example.path, demo.example.client.clientId, 'demo-not-the-secret');
      assert.ok(wrong.status === 401 || wrong.status === 403, String(wrong.status));
      assert.ok(wrong.headers.get('x-road-error'));
      const refused = await call(`/r1/IR/GOV/IHIO/health-insurance/insurance-validity/booklets/${DEMO_NATIONAL_CODE}/validity`, 'IR/GOV/INTA/taxpayer-registration');
      assert.equal(refused.status, 403);
      const pending = await call(`/r1/IR/GOV/LMO/literacy-movement/literacy-level/literacy-level/${DEMO_NATIONAL_CODE}`, 'IR/GOV/SANJESH/exam-enrolment');
      assert.equal(pending.status, 403);
      const guardianship = await call(`/r1/IR/GOV/NOCR/civil-registry/person-inquiry/persons/${DEMO_NATIONAL_CODE}/guardianship`, 'IR/GOV/CBI/bank-kyc');
      assert.equal(guardianship.status, 403);
    });

    test('the printed example answers with the reference literacy level, and the log names the data subject', async () => {
      const res = await call(demo.example.path, demo.example.client.clientId);
      assert.equal(res.status, 200);
      const body = (await res.json()) as { nationalCode: string; level: { code: string } };
      assert.equal(body.nationalCode, DEMO_NATIONAL_CODE);
      assert.equal(body.level.code, 'completed');
      const messageId = res.headers.get('x-road-id')!;
      const records = await db.run((q) => rows<{ data_subject: string; consumer: string; status: number }>(q, sql`select data_subject, consumer, status from exchange_log where message_id = ${messageId} order by seq`));
      // The intent record (status 0), committed before the agency was called, then the outcome.
      assert.deepEqual(records, [
        { data_subject: DEMO_NATIONAL_CODE, consumer: 'IR/GOV/ITO/one-window', status: 0 },
        { data_subject: DEMO_NATIONAL_CODE, consumer: 'IR/GOV/ITO/one-window', status: 200 },
      ]);
    });

    test('endpoint-limited and query-located rights work as registered', async () => {
      const person = await call(`/r1/IR/GOV/NOCR/civil-registry/person-inquiry/persons/${DEMO_NATIONAL_CODE}`, 'IR/GOV/CBI/bank-kyc');
      assert.equal(person.status, 200);
      const welfare = await call(`/r1/IR/GOV/NOCR/civil-registry/person-inquiry/persons/${DEMO_NATIONAL_CODE}/guardianship`, 'IR/GOV/BEHZISTI/welfare-support');
      assert.equal(welfare.status, 200);
      const mobile = await call(`/r1/IR/GOV/CRA/mobile-registry/mobile-ownership/ownership?nationalCode=${DEMO_NATIONAL_CODE}&mobile=09121234567`, 'IR/GOV/CBI/bank-kyc');
      assert.equal(mobile.status, 200);
      const messageId = mobile.headers.get('x-road-id')!;
      const [record] = await db.run((q) => rows<{ data_subject: string }>(q, sql`select data_subject from exchange_log where message_id = ${messageId}`));
      assert.equal(record!.data_subject, DEMO_NATIONAL_CODE);
    });
  });
}
