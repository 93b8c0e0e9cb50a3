// Contender: OneWindow's exchange gateway with its whole pipeline — parse, client
// authentication (a signed JWT client assertion, `private_key_jwt`), service resolution,
// access rights, rate limit (in-process token buckets, limits far above the load), forward over
// undici, the exchange log with its hash chain on PostgreSQL (durable or async mode) and the
// Prometheus metrics — configured through the exchange tables of a scratch database, exactly
// as the management services would leave them.
import { literalIp, normalisePrefix, parseUpstream } from '../../src/exchange/upstream-addresses/registrations.ts';
import { sql } from 'drizzle-orm';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { rows, type Database } from '../../src/db/database.ts';
import { loadConfig } from '../../src/config/load.ts';
import { openScratchPostgres } from '../../test/support/database.ts';
import { ExchangeConfig } from '../../src/exchange/snapshot/index.ts';
import { ExchangeMetrics } from '../../src/exchange/metrics.ts';
import { createGatewayFromConfig } from '../../src/exchange/gateway/index.ts';
import { announce, argument } from './child.ts';

const upstream = argument('upstream');
const mode = argument('mode', 'durable') === 'async' ? 'async' : 'durable';
const adminUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

export const provider = { instance: 'IR', memberClass: 'GOV', memberCode: 'BENCH-CIVIL', subsystem: 'registry', service: 'persons' };
export const consumer = { instance: 'IR', memberClass: 'GOV', memberCode: 'BENCH-BANK', subsystem: 'app' };
const consumerId = `${consumer.instance}/${consumer.memberClass}/${consumer.memberCode}/${consumer.subsystem}`;
const servicePath = `/r1/${provider.instance}/${provider.memberClass}/${provider.memberCode}/${provider.subsystem}/${provider.service}`;

/** One provider agency with the persons service, one consumer agency with a JWK, one approved right. */
async function configure(db: Database, upstreamUrl: string, publicJwk: Record<string, unknown>, kid: string): Promise<void> {
  await db.transaction(async (q) => {
    for (const [code, nameEn, memberCode] of [
      ['BENCH-CIVIL', 'Benchmark civil registry', provider.memberCode],
      ['BENCH-BANK', 'Benchmark bank', consumer.memberCode],
    ] as const) {
      await q.execute(sql`insert into agencies (code, name_fa, name_en, kind) values (${code}, ${'سازمان آزمون کارایی'}, ${nameEn}, 'other')`);
      await q.execute(sql`insert into exchange_members (agency_code, instance, member_class, member_code) values (${code}, 'IR', 'GOV', ${memberCode})`);
    }
    // The operator's registration of the benchmark backend: exactly its loopback address.
    const backend = parseUpstream(upstreamUrl)!;
    const literal = literalIp(backend);
    await q.execute(sql`insert into exchange_member_upstreams (agency_code, url_prefix, internal_addresses, created_by)
      values ('BENCH-CIVIL', ${normalisePrefix(backend)}, ${JSON.stringify(literal ? [literal] : [])}::jsonb, 'system:bench')`);
    const [providerSystem] = await rows<{ id: number }>(q, sql`insert into exchange_subsystems (agency_code, code, name_fa, name_en) values ('BENCH-CIVIL', ${provider.subsystem}, 'ثبت احوال', 'Registry') returning id`);
    const [consumerSystem] = await rows<{ id: number }>(q, sql`insert into exchange_subsystems (agency_code, code, name_fa, name_en) values ('BENCH-BANK', ${consumer.subsystem}, 'سامانه', 'App') returning id`);
    await q.execute(sql`insert into exchange_client_credentials (subsystem_id, kind, fingerprint, public_jwk, label) values (${consumerSystem!.id}, 'jwk', ${kid}, ${JSON.stringify(publicJwk)}::jsonb, 'benchmark')`);
    const [service] = await rows<{ id: number }>(
      q,
      sql`insert into exchange_services (subsystem_id, code, name_fa, name_en, upstream_url, endpoints, timeout_ms, data_subject)
          values (${providerSystem!.id}, ${provider.service}, 'استعلام فرد', 'Person inquiry', ${upstreamUrl},
                  ${JSON.stringify([{ method: 'GET', path: '/persons/{nationalCode}' }])}::jsonb, 5000,
                  ${JSON.stringify({ in: 'path', name: 'nationalCode' })}::jsonb)
          returning id`,
    );
    await q.execute(
      sql`insert into exchange_access_requests (consumer_subsystem_id, service_id, endpoints, purpose, legal_basis, status, board_required)
          values (${consumerSystem!.id}, ${service!.id}, null, 'Benchmark', 'Benchmark', 'approved', false)`,
    );
    await q.execute(sql`update exchange_state set version = version + 1`);
  });
}

const db = await openScratchPostgres(adminUrl, 'ow_bench_gateway', 8);
const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
const publicJwk = await exportJWK(publicKey);
const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
await configure(db, upstream, publicJwk as Record<string, unknown>, kid);

const config = loadConfig(
  { NODE_ENV: 'test', LOG_LEVEL: 'silent' },
  {
    GATEWAY_PORT: 0,
    GATEWAY_HOST: '127.0.0.1',
    NODE_ID: `bench-${mode}`,
    EXCHANGE_LOG_MODE: mode,
    // Far above what one core can serve: the limiter runs on every call but never refuses.
    RATE_LIMIT_CONSUMER_PER_SECOND: 1_000_000,
    RATE_LIMIT_CONSUMER_BURST: 1_000_000,
    RATE_LIMIT_SERVICE_PER_SECOND: 1_000_000,
    RATE_LIMIT_SERVICE_BURST: 1_000_000,
  },
);
const source = new ExchangeConfig(db, config.EXCHANGE_REFRESH_MS, { onError: (e) => console.error('exchange configuration refresh failed', e) });
await source.start();
const metrics = new ExchangeMetrics();
// Built exactly as `serve` builds it: the forwarder, the limiter and the log writer from the configuration.
const gateway = await createGatewayFromConfig({ config, db, source, metrics });

async function request(): Promise<{ path: string; headers: Record<string, string> }> {
  // A fresh assertion per measurement: it lives five minutes, and the gateway verifies its
  // signature once and then remembers it, as it would for a consumer reusing its assertion.
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid })
    .setIssuer(consumerId)
    .setSubject(consumerId)
    .setAudience(gateway.url)
    .setIssuedAt()
    .setExpirationTime('300s')
    .sign(privateKey);
  return {
    path: `${servicePath}/persons/0012345679`,
    headers: { accept: 'application/json', 'x-road-client': consumerId, authorization: `Bearer ${assertion}`, 'x-road-userid': 'IR0012345679', 'x-road-issue': 'benchmark' },
  };
}

process.on('message', (m) => {
  if (m === 'request') void request().then((value) => process.send?.({ type: 'request', value }));
  if (m === 'pids') {
    // The PostgreSQL backends of this scratch database: the log writer's and the snapshot's.
    void db
      .run((q) => rows<{ pid: number }>(q, sql`select pid from pg_stat_activity where datname = current_database()`))
      .then((r) => process.send?.({ type: 'pids', value: r.map((x) => Number(x.pid)) }));
  }
});

announce(gateway.server, async () => {
  await gateway.close().catch(() => undefined);
  source.stop();
  await db.close();
});
