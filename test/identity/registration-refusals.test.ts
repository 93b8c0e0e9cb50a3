import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { sql } from 'drizzle-orm';
import { rows } from '../../src/db/database.ts';
import { openTestApp, type TestApp } from '../support/app.ts';
import { testEngines } from '../support/database.ts';
import { demoWindowSettings } from '../../demo/exchange/window-client.ts';
import { CookieJar, formTokenOf } from './registration-support.ts';

/** Registration when the registries cannot answer, when it is not set up, and under a flood. */
for (const engine of testEngines()) {
  describe(`registration refusals (${engine})`, () => {
    let down: TestApp;
    let unset: TestApp;
    let slow: TestApp;
    let hanging: Server;
    let hangingUrl: string;

    before(async () => {
      // A "gateway" that accepts the connection and never answers.
      hanging = createServer(() => {});
      await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
      const address = hanging.address() as { port: number };
      hangingUrl = `http://127.0.0.1:${address.port}`;
      const settings = demoWindowSettings({}) as Record<string, string>;
      down = await openTestApp(engine, { ...settings, IDENTITY_EXCHANGE_GATEWAY_URL: 'http://127.0.0.1:9', REGISTRATION_BURST: '3', REGISTRATION_PER_HOUR: '1' });
      unset = await openTestApp(engine, {});
      slow = await openTestApp(engine, { ...settings, IDENTITY_EXCHANGE_GATEWAY_URL: hangingUrl, IDENTITY_REGISTRY_TIMEOUT_MS: '200' });
    });
    after(async () => {
      await down?.close();
      await unset?.close();
      await slow?.close();
      hanging?.closeAllConnections();
      await new Promise((r) => hanging?.close(r));
    });

    async function attempt(t: TestApp, lang = 'fa') {
      const jar = new CookieJar();
      const page = await t.app.inject({ method: 'GET', url: `/register?lang=${lang}` });
      jar.take(page.headers['set-cookie']);
      return t.app.inject({
        method: 'POST',
        url: `/register?lang=${lang}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header },
        payload: new URLSearchParams({ _csrf: formTokenOf(page.body), identifier: '1234567210', day: '1', month: '1', year: lang === 'fa' ? '1369' : '1990', mobile: '09121234567' }).toString(),
      });
    }

    const nothingWritten = async (t: TestApp) => {
      const [r] = await t.db.run((q) => rows<{ n: number }>(q, sql`select (select count(*) from accounts) + (select count(*) from account_registrations) + (select count(*) from one_time_codes) + (select count(*) from message_outbox) as n`));
      assert.equal(Number(r!.n), 0);
    };

    test('a registry that cannot be reached: a clear 503 page in fa and en, never a 500', async () => {
      const fa = await attempt(down);
      assert.equal(fa.statusCode, 503);
      assert.equal(fa.headers['x-error-code'], 'REGISTRY_UNAVAILABLE');
      assert.match(fa.body, /ثبت احوال/);
      const en = await attempt(down, 'en');
      assert.equal(en.statusCode, 503);
      assert.match(en.body, /cannot reach the civil registry/);
      await nothingWritten(down);
    });

    test('a registry that does not answer in time: the same refusal after the timeout', async () => {
      const res = await attempt(slow);
      assert.equal(res.statusCode, 503);
      assert.equal(res.headers['x-error-code'], 'REGISTRY_UNAVAILABLE');
      await nothingWritten(slow);
    });

    test('registration not set up: the same refusal', async () => {
      const res = await attempt(unset);
      assert.equal(res.statusCode, 503);
      assert.equal(res.headers['x-error-code'], 'REGISTRY_UNAVAILABLE');
    });

    test('one address may only try so often: 429 with Retry-After', async () => {
      // Three in a row were allowed (two above); the next is refused.
      await attempt(down);
      const res = await attempt(down);
      assert.equal(res.statusCode, 429);
      assert.equal(res.headers['x-error-code'], 'RATE_LIMITED');
      assert.ok(Number(res.headers['retry-after']) > 0);
    });

    test('the demo messages page exists only in the demo: 404 otherwise', async () => {
      const res = await unset.app.inject({ method: 'GET', url: '/demo/messages', headers: { accept: 'text/html' } });
      assert.equal(res.statusCode, 404);
    });
  });
}
