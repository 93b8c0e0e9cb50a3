import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ExchangeMetrics } from './metrics.ts';
import type { ExchangeRecord } from './log/index.ts';
import { openTestApp, type TestApp } from '../../test/support/app.ts';
import { testEngines } from '../../test/support/database.ts';
import { seedAgencies } from '../../test/support/fixtures.ts';

const rec = (over: Partial<ExchangeRecord> = {}): ExchangeRecord => ({
  messageId: 'm',
  at: new Date('2026-01-01T00:00:00Z'),
  consumer: 'IR/GOV/1/lms',
  service: 'IR/GOV/2/registry/persons/v1',
  method: 'GET',
  path: '/persons/1',
  endpoint: null,
  userId: null,
  dataSubject: null,
  purpose: null,
  status: 200,
  errorType: null,
  latencyMs: 3,
  requestHash: null,
  responseHash: null,
  ...over,
});

const value = (text: string, line: string): number | undefined => {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
};

describe('ExchangeMetrics', () => {
  test('counts calls by service, consumer, status class and error type, with latency', async () => {
    const m = new ExchangeMetrics({ defaultMetrics: false });
    m.observe(rec());
    m.observe(rec({ latencyMs: 20 }));
    m.observe(rec({ status: 403, errorType: 'Server.ServerProxy.AccessDenied' }));
    m.observe(rec({ status: 502, errorType: 'Server.ClientProxy.NetworkError', latencyMs: 1500 }));
    const text = await m.metrics();
    const svc = 'service="IR/GOV/2/registry/persons/v1",consumer="IR/GOV/1/lms"';
    assert.equal(value(text, `onewindow_exchange_calls_total{${svc},status_class="2xx",error_type="none"}`), 2);
    assert.equal(value(text, `onewindow_exchange_calls_total{${svc},status_class="4xx",error_type="Server.ServerProxy.AccessDenied"}`), 1);
    assert.equal(value(text, `onewindow_exchange_calls_total{${svc},status_class="5xx",error_type="Server.ClientProxy.NetworkError"}`), 1);
    assert.equal(value(text, 'onewindow_exchange_call_duration_seconds_count{service="IR/GOV/2/registry/persons/v1"}'), 4);
    assert.equal(value(text, 'onewindow_exchange_call_duration_seconds_bucket{le="0.005",service="IR/GOV/2/registry/persons/v1"}'), 2);
    assert.equal(value(text, 'onewindow_exchange_call_duration_seconds_sum{service="IR/GOV/2/registry/persons/v1"}'), 1.526);
  });

  test('label values are bounded: untrusted identifiers become unknown, the overflow other', async () => {
    const m = new ExchangeMetrics({ defaultMetrics: false, maxLabelValues: 2 });
    m.observe(rec({ consumer: 'IR/GOV/evil/x', service: 'IR/GOV/random/1', status: 401, errorType: 'Server.ClientProxy.SslAuthenticationFailed' }));
    m.observe(rec({ service: 'IR/GOV/typo/svc', status: 404, errorType: 'Server.ServerProxy.UnknownService' }));
    m.observe(rec({ service: null, consumer: null, status: 400, errorType: 'Client.BadRequest' }));
    for (let i = 0; i < 5; i++) m.observe(rec({ service: `IR/GOV/2/s${i}/v1` }));
    const text = await m.metrics();
    assert.equal(value(text, 'onewindow_exchange_calls_total{service="unknown",consumer="unknown",status_class="4xx",error_type="Server.ClientProxy.SslAuthenticationFailed"}'), 1);
    assert.equal(value(text, 'onewindow_exchange_calls_total{service="unknown",consumer="IR/GOV/1/lms",status_class="4xx",error_type="Server.ServerProxy.UnknownService"}'), 1);
    assert.equal(value(text, 'onewindow_exchange_calls_total{service="unknown",consumer="unknown",status_class="4xx",error_type="Client.BadRequest"}'), 1);
    assert.equal(value(text, 'onewindow_exchange_calls_total{service="other",consumer="IR/GOV/1/lms",status_class="2xx",error_type="none"}'), 3);
    assert.ok(!text.includes('evil') && !text.includes('typo') && !text.includes('random'));
  });

  test('log writer, breaker and default process metrics', async () => {
    const m = new ExchangeMetrics();
    let depth = 7;
    m.trackLogQueue(() => depth);
    m.observeLogBatch(40, 0.002);
    m.setBreakerState('http://upstream-a', 'open');
    m.setBreakerState('http://upstream-b', 'half-open');
    let text = await m.metrics();
    assert.equal(value(text, 'onewindow_exchange_log_queue_depth'), 7);
    assert.equal(value(text, 'onewindow_exchange_log_batch_size_sum'), 40);
    assert.equal(value(text, 'onewindow_exchange_log_commit_seconds_count'), 1);
    assert.equal(value(text, 'onewindow_exchange_breaker_state{upstream="http://upstream-a"}'), 2);
    assert.equal(value(text, 'onewindow_exchange_breaker_state{upstream="http://upstream-b"}'), 1);
    assert.match(text, /^onewindow_process_cpu_user_seconds_total /m);
    depth = 0;
    m.forgetBreaker('http://upstream-a');
    text = await m.metrics();
    assert.equal(value(text, 'onewindow_exchange_log_queue_depth'), 0);
    assert.ok(!text.includes('upstream-a'), 'a forgotten upstream has no series left');
    assert.equal(value(text, 'onewindow_exchange_breaker_state{upstream="http://upstream-b"}'), 1);
  });
});

for (const engine of testEngines()) {
  describe(`GET /metrics (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(engine);
    });
    after(() => t.close());

    test('refuses callers without a staff token, and staff other than operator and auditor', async () => {
      const anonymous = await t.app.inject({ url: '/metrics' });
      assert.equal(anonymous.statusCode, 401);
      assert.equal(anonymous.json().code, 'UNAUTHENTICATED');
      await seedAgencies(t, await t.as('operator'), ['MIN-A']);
      const admin = await t.app.inject({ url: '/metrics', headers: await t.as('agency_admin', 'MIN-A') });
      assert.equal(admin.statusCode, 403);
    });

    test('gives operators and auditors the Prometheus text format', async () => {
      t.app.exchangeMetrics.observe(rec());
      for (const role of ['operator', 'auditor'] as const) {
        const res = await t.app.inject({ url: '/metrics', headers: await t.as(role) });
        assert.equal(res.statusCode, 200);
        assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
        assert.match(res.body, /^# TYPE onewindow_exchange_calls_total counter$/m);
        assert.match(res.body, /onewindow_exchange_calls_total\{service="IR\/GOV\/2\/registry\/persons\/v1",consumer="IR\/GOV\/1\/lms",status_class="2xx",error_type="none"\} 1/);
      }
    });
  });
}
