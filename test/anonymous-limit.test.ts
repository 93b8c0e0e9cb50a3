import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { openTestApp, type TestApp } from './support/app.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// Addresses of this run only, so parallel runs sharing Redis never share a bucket.
const net = `2001:db8:${randomInt(0xffff).toString(16)}:${randomInt(0xffff).toString(16)}`;
let hosts = 0;
/** A new IPv4 address each call (each app has its own in-process buckets). */
const v4 = () => `198.51.100.${++hosts}`;

const exportUrl = '/api/v1/registry/export/agencies?format=json';
const tableUrl = '/api/v1/insights/tables/agency_ranking?format=csv';

describe('anonymous limits on heavy endpoints', () => {
  let t: TestApp;
  const get = (url: string, remoteAddress: string, headers: Record<string, string> = {}) => t.app.inject({ url, remoteAddress, headers });

  before(async () => {
    t = await openTestApp('embedded', { ANON_HEAVY_BURST: '2', ANON_HEAVY_PER_MINUTE: '6' });
  });
  after(() => t.close());

  test('refuses an anonymous address past its burst with 429 RATE_LIMITED and Retry-After', async () => {
    const ip = v4();
    assert.equal((await get(exportUrl, ip)).statusCode, 200);
    assert.equal((await get(exportUrl, ip)).statusCode, 200);
    const refused = await get(exportUrl, ip);
    assert.equal(refused.statusCode, 429);
    assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
    assert.equal(refused.json().code, 'RATE_LIMITED');
    assert.equal(refused.headers['retry-after'], '10', 'six a minute: one token every 10 s');
    assert.equal(refused.json().retryAfterSeconds, 10);
  });

  test('refuses a loop that alternates heavy endpoints: exports, insights and KPI tables share one bucket', async () => {
    const ip = v4();
    const table = await get(tableUrl, ip);
    assert.ok(table.statusCode !== 429, `the table answered ${table.statusCode}`);
    assert.equal((await get(exportUrl, ip)).statusCode, 200);
    assert.equal((await get(tableUrl, ip)).statusCode, 429);
    assert.equal((await get('/api/v1/insights', ip)).statusCode, 429);
  });

  test('refuses every address of one IPv6 /64 together; another /64 and another IPv4 address are apart', async () => {
    assert.equal((await get(exportUrl, `${net}::1`)).statusCode, 200);
    assert.equal((await get(exportUrl, `${net}:0:0:0:ffff`)).statusCode, 200);
    assert.equal((await get(exportUrl, `${net}::abcd`)).statusCode, 429);
    assert.equal((await get(exportUrl, `2001:db8:ffff:${randomInt(0xffff).toString(16)}::1`)).statusCode, 200);
    assert.equal((await get(exportUrl, v4())).statusCode, 200);
  });

  test('staff with an API token are not limited by the anonymous bucket', async () => {
    const ip = v4();
    const staff = await t.as('auditor');
    for (let i = 0; i < 5; i++) assert.equal((await get(exportUrl, ip, staff)).statusCode, 200);
    assert.equal((await get(exportUrl, ip)).statusCode, 200, 'the address bucket was not spent by staff calls');
  });

  test('light endpoints (catalog search, single records) are not limited', async () => {
    const ip = v4();
    for (let i = 0; i < 5; i++) assert.equal((await get('/api/v1/catalog/search?q=licence&limit=5', ip)).statusCode, 200);
  });
});

describe('anonymous limits behind a proxy (TRUST_PROXY)', () => {
  let t: TestApp;
  before(async () => {
    t = await openTestApp('embedded', { ANON_HEAVY_BURST: '1', TRUST_PROXY: 'true' });
  });
  after(() => t.close());

  test('refuses by the forwarded client address, not the proxy address', async () => {
    const proxy = '10.0.0.1';
    const client = v4();
    const res = (ip: string) => t.app.inject({ url: exportUrl, remoteAddress: proxy, headers: { 'x-forwarded-for': ip } });
    assert.equal((await res(client)).statusCode, 200);
    assert.equal((await res(client)).statusCode, 429);
    assert.equal((await res(v4())).statusCode, 200, 'another client through the same proxy has its own bucket');
  });
});

describe('anonymous limits shared through Redis', () => {
  let a: TestApp;
  let b: TestApp;
  before(async () => {
    a = await openTestApp('embedded', { ANON_HEAVY_BURST: '2', REDIS_URL });
    b = await openTestApp('embedded', { ANON_HEAVY_BURST: '2', REDIS_URL });
  });
  after(async () => {
    await a.close();
    await b.close();
  });

  test('refuses an address on one node once it spent its burst on another', async () => {
    const ip = `2001:db8:${randomInt(0xffff).toString(16)}:${randomInt(0xffff).toString(16)}::7`;
    assert.equal((await a.app.inject({ url: exportUrl, remoteAddress: ip })).statusCode, 200);
    assert.equal((await b.app.inject({ url: exportUrl, remoteAddress: ip })).statusCode, 200);
    assert.equal((await a.app.inject({ url: exportUrl, remoteAddress: ip })).statusCode, 429);
    assert.equal((await b.app.inject({ url: exportUrl, remoteAddress: ip })).statusCode, 429);
  });
});
