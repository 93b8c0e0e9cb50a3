import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { fakeForward, HEALTH_KEY, MemoryLogWriter, SECRETS, SERVICE_IDS, startTestGateway, SUBSYSTEM_IDS, testRights, testSnapshot, TestSource, testSubsystems } from '../../../test/support/gateway.ts';
import type { ExchangeRecord } from '../log/index.ts';
import type { Step } from './exchange.ts';
import { GatewayError } from './errors.ts';
import { parse } from './parse.ts';
import { pipelineSteps, createRunner } from './pipeline.ts';
import { LocalRateLimiter, rateLimitStep } from './rate-limit/index.ts';

const person = '/r1/IR/GOV/CIVIL/registry/persons/persons/0012345679';
const authHeaders = { 'X-Road-Client': HEALTH_KEY, 'X-OneWindow-Client-Secret': SECRETS.health };
const env = { GATEWAY_SHARED_SECRETS: 'true' };
const source = new TestSource(testSnapshot());

/** A forward whose behaviour each test sets. */
let forward: Step = fakeForward();
const writer = new MemoryLogWriter();
let gw: Awaited<ReturnType<typeof startTestGateway>>;

before(async () => {
  gw = await startTestGateway({ source, env, writer, forward: (x) => forward(x) });
});
after(() => gw.close());

test('the step lists are the visible pipeline', () => {
  const s: Step = () => {};
  const step = (): Step => () => {};
  const [authenticate, rateLimit, recordIntent, forward, answerMetaservice] = [step(), step(), step(), step(), step()];
  const lists = pipelineSteps({ authenticate, rateLimit, recordIntent, forward, answerMetaservice });
  assert.equal(lists.service.length, 7);
  assert.equal(lists.service[0], parse);
  assert.deepEqual([lists.service[1], ...lists.service.slice(4)], [authenticate, rateLimit, recordIntent, forward], 'the intent is recorded right before forwarding');
  assert.deepEqual(lists.metaservice, [parse, authenticate, rateLimit, answerMetaservice], 'metaservices are rate-limited after authenticate');
  assert.throws(() => createRunner({ steps: { service: [s], metaservice: [s] }, source, writer, statuses: 'informative', logger: gw.logger, now: () => new Date() }));
});

test('durable: the answer is completed only after its record is appended', async () => {
  writer.delayMs = 150;
  forward = fakeForward();
  try {
    const started = Date.now();
    const res = await request(gw.url + person, { headers: { ...authHeaders, 'X-Road-Id': 'durable-1' } });
    const headersAt = Date.now() - started;
    const body = await res.body.text();
    const doneAt = Date.now() - started;
    assert.equal(res.statusCode, 200);
    assert.ok(JSON.parse(body).ok);
    assert.ok(writer.records.some((r) => r.messageId === 'durable-1'), 'the record exists when the body is complete');
    assert.ok(doneAt >= 140, `completed after ${doneAt} ms, before the append resolved`);
    assert.ok(headersAt <= doneAt);
    // An error answer waits too.
    const t0 = Date.now();
    const refused = await request(gw.url + '/nowhere', { headers: { 'X-Road-Id': 'durable-2' } });
    await refused.body.text();
    assert.ok(Date.now() - t0 >= 140);
    assert.ok(writer.records.some((r) => r.messageId === 'durable-2'));
  } finally {
    writer.delayMs = 0;
  }
});

test('a failed append: LoggingFailed when nothing was sent, a cut connection when the head was', async () => {
  writer.failWith = new Error('disk full');
  writer.failOnlyOutcomes = true;
  forward = fakeForward();
  try {
    const refused = await request(gw.url + '/nowhere');
    const body = JSON.parse(await refused.body.text());
    assert.equal(refused.statusCode, 500);
    assert.equal(refused.headers['x-road-error'], 'Server.ClientProxy.LoggingFailed');
    assert.equal(body.type, 'Server.ClientProxy.LoggingFailed');
    assert.ok(!JSON.stringify(body).includes('disk full'));
    assert.ok(gw.logger.lines.some((l) => l.obj.detail === body.detail && (l.obj.err as Error).message === 'disk full'));

    const forwarded = await request(gw.url + person, { headers: authHeaders }).then(
      (res) => res.body.text().then(() => 'complete', () => 'cut'),
      () => 'cut',
    );
    assert.equal(forwarded, 'cut', 'a caller never holds a complete answer whose record was lost');
    assert.equal(writer.intents.at(-1)?.path, '/persons/0012345679', 'the intent record stands when the outcome is lost');
  } finally {
    writer.failWith = undefined;
    writer.failOnlyOutcomes = false;
  }
});

test('no intent record, no call: the provider is never reached and the caller gets LoggingFailed', async () => {
  let forwarded = 0;
  forward = (x) => {
    forwarded += 1;
    return fakeForward()(x);
  };
  const intents = writer.intents.length;
  writer.failWith = new Error('database down');
  try {
    const res = await request(gw.url + person, { headers: { ...authHeaders, 'X-Road-Id': 'no-intent-1', 'X-Road-UserId': 'IR0012345679', 'X-Road-Issue': 'case-7' } });
    const body = JSON.parse(await res.body.text());
    assert.equal(res.statusCode, 500);
    assert.equal(res.headers['x-road-error'], 'Server.ClientProxy.LoggingFailed');
    assert.match(body.message, /not forwarded/);
    assert.ok(!JSON.stringify(body).includes('database down'));
    assert.equal(forwarded, 0, 'the provider was not called');
    assert.equal(writer.intents.length, intents);
  } finally {
    writer.failWith = undefined;
  }
  const ok = await request(gw.url + person, { headers: { ...authHeaders, 'X-Road-Id': 'intent-2', 'X-Road-UserId': 'IR0012345679', 'X-Road-Issue': 'case-7' } });
  await ok.body.text();
  assert.equal(ok.statusCode, 200);
  assert.equal(forwarded, 1);
  const intent = writer.intents.find((r) => r.messageId === 'intent-2');
  const outcome = writer.records.find((r) => r.messageId === 'intent-2');
  assert.ok(intent && outcome);
  assert.equal(writer.intents.indexOf(intent) >= 0 && intent.status, 0);
  assert.deepEqual(
    { consumer: intent.consumer, service: intent.service, dataSubject: intent.dataSubject, userId: intent.userId, purpose: intent.purpose, endpoint: intent.endpoint, at: intent.at },
    { consumer: outcome.consumer, service: outcome.service, dataSubject: outcome.dataSubject, userId: outcome.userId, purpose: outcome.purpose, endpoint: outcome.endpoint, at: outcome.at },
    'the intent says who asked for whom and why',
  );
  assert.equal(intent.dataSubject, '0012345679');
  assert.equal(intent.purpose, 'case-7');
  assert.equal(outcome.status, 200);
});

test('calls refused before forwarding and metaservices leave one record and no intent', async () => {
  forward = fakeForward();
  const intents = writer.intents.length;
  const refused = await request(gw.url + person, { headers: { 'X-Road-Id': 'refused-1' } });
  await refused.body.text();
  const meta = await request(gw.url + '/r1/IR/GOV/CIVIL/registry/listMethods', { headers: { ...authHeaders, 'X-Road-Id': 'meta-1' } });
  await meta.body.text();
  assert.equal(writer.intents.length, intents);
  assert.ok(writer.records.some((r) => r.messageId === 'refused-1') && writer.records.some((r) => r.messageId === 'meta-1'));
});

test('a fault in a step: InternalError with a detail, no internals, and still one record', async () => {
  forward = () => {
    throw new Error('ECONNREFUSED 10.1.2.3:8443 at Socket.connect');
  };
  const n = writer.records.length;
  const res = await request(gw.url + person, { headers: { ...authHeaders, 'X-Road-Id': 'fault-1' } });
  const text = await res.body.text();
  assert.equal(res.statusCode, 500);
  assert.equal(res.headers['x-road-error'], 'Server.ClientProxy.InternalError');
  assert.ok(!text.includes('10.1.2.3') && !text.includes('Socket'), text);
  const detail = JSON.parse(text).detail;
  assert.ok(gw.logger.lines.some((l) => l.obj.detail === detail && l.obj.messageId === 'fault-1'));
  assert.equal(writer.records.length, n + 1);
  assert.equal(writer.records.at(-1)?.errorType, 'Server.ClientProxy.InternalError');
});

test('asynchronous steps are awaited; their refusals are answered like synchronous ones', async () => {
  forward = async (x) => {
    await new Promise((r) => setTimeout(r, 5));
    if (x.req.url?.endsWith('slow-refusal')) throw new GatewayError('Server.ServerProxy.ServiceFailed.Timeout', 'the provider did not answer in time');
    return fakeForward()(x);
  };
  const ok = await request(gw.url + person, { headers: authHeaders });
  assert.equal(ok.statusCode, 200);
  await ok.body.text();
  const timeout = await request(gw.url + '/r1/IR/GOV/CIVIL/registry/status/slow-refusal', { headers: { 'X-Road-Client': 'IR/GOV/EDU/schools', 'X-OneWindow-Client-Secret': SECRETS.edu } });
  await timeout.body.text();
  assert.equal(timeout.statusCode, 504);
  assert.equal(timeout.headers['x-road-error'], 'Server.ServerProxy.ServiceFailed.Timeout');
});

test('metrics observe every record, after it was appended', async () => {
  const seen: ExchangeRecord[] = [];
  const w = new MemoryLogWriter();
  const g = await startTestGateway({ source, env, writer: w, metrics: { observe: (r) => seen.push(r) } });
  try {
    const res = await request(g.url + '/nowhere');
    await res.body.text();
    const ok = await request(g.url + person, { headers: authHeaders });
    await ok.body.text();
    assert.equal(seen.length, 2);
    assert.deepEqual(seen, w.records);
  } finally {
    await g.close();
  }
});

test('metaservices are rate-limited: anonymous ones by source address, allowedMethods by the consumer', async () => {
  const limits = { consumerPerSecond: 0.001, consumerBurst: 2, servicePerSecond: 1000, serviceBurst: 1000 };
  const w = new MemoryLogWriter();
  const g = await startTestGateway({ source, env, writer: w, rateLimit: rateLimitStep(new LocalRateLimiter(), limits) });
  try {
    const get = async (path: string, headers: Record<string, string> = {}) => {
      const res = await request(g.url + path, { headers });
      await res.body.text();
      return { status: res.statusCode, error: res.headers['x-road-error'], retryAfter: res.headers['retry-after'] };
    };
    assert.equal((await get('/listClients')).status, 200);
    assert.equal((await get('/r1/IR/GOV/CIVIL/registry/listMethods', { 'X-Road-Client': HEALTH_KEY })).status, 200);
    const refused = await get('/listClients');
    assert.deepEqual([refused.status, refused.error], [429, 'Client.RateLimitExceeded']);
    assert.ok(Number(refused.retryAfter) >= 1);
    assert.equal(w.records.at(-1)?.errorType, 'Client.RateLimitExceeded', 'the refusal is logged like any other');
    // The anonymous calls did not spend HEALTH's tokens; its authenticated calls do.
    const allowed = '/r1/IR/GOV/CIVIL/registry/allowedMethods';
    assert.equal((await get(allowed, authHeaders)).status, 200);
    assert.equal((await get(person, authHeaders)).status, 200);
    assert.equal((await get(allowed, authHeaders)).error, 'Client.RateLimitExceeded');
  } finally {
    await g.close();
  }
});

test("a consumer's own limit and a right's quota are enforced on service calls, each with Retry-After", async () => {
  const limits = { consumerPerSecond: 1000, consumerBurst: 1000, servicePerSecond: 1000, serviceBurst: 1000 };
  const withQuota = testSnapshot({
    rights: testRights.map((r) => (r.consumerSubsystemId === SUBSYSTEM_IDS.health && r.serviceId === SERVICE_IDS.persons ? { ...r, rateLimitPerSecond: 1, rateLimitBurst: 2 } : r)),
  });
  const g = await startTestGateway({ source: new TestSource(withQuota), env, writer: new MemoryLogWriter(), rateLimit: rateLimitStep(new LocalRateLimiter(), limits) });
  try {
    const statuses: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await request(g.url + person, { headers: authHeaders });
      await res.body.text();
      statuses.push(`${res.statusCode} ${res.headers['x-road-error'] ?? ''}`.trim());
    }
    assert.deepEqual(statuses, ['200', '200', '429 Client.RateLimitExceeded'], 'the right allows two calls at once');
  } finally {
    await g.close();
  }
  const slowConsumer = testSnapshot({ subsystems: testSubsystems.map((s) => (s.id === SUBSYSTEM_IDS.health ? { ...s, rateLimitPerSecond: 1, rateLimitBurst: 1 } : s)) });
  const h = await startTestGateway({ source: new TestSource(slowConsumer), env, writer: new MemoryLogWriter(), rateLimit: rateLimitStep(new LocalRateLimiter(), limits) });
  try {
    const first = await request(h.url + person, { headers: authHeaders });
    await first.body.text();
    const second = await request(h.url + person, { headers: authHeaders });
    await second.body.text();
    assert.deepEqual([first.statusCode, second.statusCode, second.headers['retry-after']], [200, 429, '1'], "the consumer's own limit replaces the default of 1000/s");
  } finally {
    await h.close();
  }
});
