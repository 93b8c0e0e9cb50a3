import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { startReferenceAgencies } from './start.ts';
import { MAX_DEMO_DELAY_MS } from './shared/demo-faults.ts';
import { getJson, useReferenceAgencies } from './test-support.ts';

const agencies = useReferenceAgencies();

const expectedPaths: Record<string, string[]> = {
  'civil-registry': ['/persons/{nationalCode}', '/persons/{nationalCode}/guardianship', '/foreign-nationals/{foreignNationalId}'],
  'literacy-movement': ['/literacy-level/{nationalCode}'],
  'health-insurance': ['/booklets/{nationalCode}/validity'],
  'id-card-issuance': ['/cards/by-national-code/{nationalCode}', '/cards/by-tracking-number/{trackingNumber}'],
  'mobile-registry': ['/ownership'],
  'business-registry': ['/companies/{legalId}', '/persons/{nationalCode}/companies', '/companies/{legalId}/representatives/{nationalCode}'],
};

test('all six agencies start on distinct ports with bilingual names', () => {
  const { agencies: list } = agencies.running;
  assert.deepEqual(list.map((a) => a.code).sort(), Object.keys(expectedPaths).sort());
  assert.equal(new Set(list.map((a) => a.url)).size, 6);
  for (const a of list) {
    assert.match(a.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(a.openapiUrl, `${a.url}/openapi.json`);
    assert.match(a.name.fa, /[\u0600-\u06FF]/, `${a.code} has a Persian name`);
    assert.match(a.name.en, /^[A-Z]/);
  }
});

test('every OpenAPI document parses, lists its paths, resolves its references and names its server', async () => {
  for (const a of agencies.running.agencies) {
    const { status, body: doc, headers } = await getJson(a.openapiUrl);
    assert.equal(status, 200);
    assert.match(headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(doc.openapi, '3.0.3');
    assert.match(doc.info.description, /REFERENCE IMPLEMENTATION/);
    assert.deepEqual(Object.keys(doc.paths).sort(), [...(expectedPaths[a.code] ?? [])].sort());
    assert.deepEqual(doc.servers, [{ url: a.url }]);
    for (const op of Object.values(doc.paths) as { get: { operationId: string; responses: Record<string, unknown> } }[]) {
      assert.ok(op.get.operationId);
      assert.deepEqual(Object.keys(op.get.responses).sort(), ['200', '400', '404']);
    }
    // Every $ref points at something the document defines.
    for (const [, kind, name] of JSON.stringify(doc).matchAll(/"#\/components\/(\w+)\/(\w+)"/g)) {
      assert.ok(doc.components[kind ?? '']?.[name ?? ''], `${a.code}: ${kind}/${name} is defined`);
    }
  }
});

test('unknown paths are 404 and other methods 405, always with a JSON error body', async () => {
  const base = agencies.url('civil-registry');
  const missing = await getJson(`${base}/people/0076229645`);
  assert.equal(missing.status, 404);
  assert.deepEqual(Object.keys(missing.body).sort(), ['error', 'message']);
  assert.equal((await getJson(`${base}/persons/0076229645/`)).status, 404, 'a trailing slash is another path');
  const post = await getJson(`${base}/persons/0076229645`, { method: 'POST', body: '{}' });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get('allow'), 'GET, HEAD');
  assert.equal(post.body.error, 'method_not_allowed');
  const badEscape = await getJson(`${base}/persons/%E0%A4%A`);
  assert.equal(badEscape.status, 400);
});

test('demo knobs: delay, forced 500, connection reset, malformed knob', async () => {
  const base = `${agencies.url('literacy-movement')}/literacy-level/0076229645`;
  let started = Date.now();
  assert.equal((await getJson(base, { headers: { 'X-Demo-Delay': '150' } })).status, 200);
  assert.ok(Date.now() - started >= 140, 'header delay');
  started = Date.now();
  assert.equal((await getJson(`${base}?delayMs=100`)).status, 200);
  assert.ok(Date.now() - started >= 90, 'query delay');
  const failed = await getJson(base, { headers: { 'X-Demo-Fail': '500' } });
  assert.equal(failed.status, 500);
  assert.equal(failed.body.error, 'demo_failure');
  await assert.rejects(fetch(base, { headers: { 'X-Demo-Fail': 'reset' } }), TypeError);
  assert.equal((await getJson(base, { headers: { 'X-Demo-Fail': 'teapot' } })).body.error, 'invalid_demo_fail');
  assert.equal((await getJson(base, { headers: { 'X-Demo-Delay': '-5' } })).body.error, 'invalid_demo_delay');
  assert.equal(MAX_DEMO_DELAY_MS, 10_000);
});

test('demo knobs can be switched off', async () => {
  const plain = await startReferenceAgencies({ allowDemoFaults: false });
  try {
    const url = `${plain.agencies[0]?.url}/persons/0076229645`;
    assert.equal((await getJson(url, { headers: { 'X-Demo-Fail': '500' } })).status, 200);
  } finally {
    await plain.close();
  }
});

test('close() releases every port, even with keep-alive connections open', async () => {
  const extra = await startReferenceAgencies();
  // Open a keep-alive connection to each, which a plain server.close() would wait for.
  await Promise.all(extra.agencies.map((a) => getJson(a.openapiUrl)));
  await extra.close();
  for (const a of extra.agencies) {
    await assert.rejects(fetch(a.openapiUrl), TypeError, `${a.code} no longer answers`);
    const port = Number(new URL(a.url).port);
    await new Promise<void>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', reject);
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
    });
  }
});

test('a fixed basePort assigns consecutive ports, and a taken port fails cleanly', async (t) => {
  const first = await startReferenceAgencies();
  const taken = Number(new URL(first.agencies[0]?.url ?? '').port);
  await first.close();
  let fixed;
  try {
    fixed = await startReferenceAgencies({ basePort: taken });
  } catch {
    // Another process may hold one of the five ports after a just-freed ephemeral one.
    t.skip('a neighbouring port is busy on this machine');
    return;
  }
  try {
    assert.deepEqual(fixed.agencies.map((a) => Number(new URL(a.url).port)), [0, 1, 2, 3, 4, 5].map((i) => taken + i));
    await assert.rejects(startReferenceAgencies({ basePort: taken }), /EADDRINUSE/);
  } finally {
    await fixed.close();
  }
});
