/**
 * Registers the six reference agencies on the exchange, for the demo: members, provider
 * subsystems and their services (endpoints from each agency's OpenAPI document), consumer
 * subsystems of other agencies with DEMO shared secrets, access requests with their histories,
 * and six months of synthetic usage. Written straight to the tables (like `demo/load.ts`), in
 * one transaction that ends by bumping the exchange configuration version.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Database, type Sql } from '../../src/db/database.ts';
import type { EndpointPattern } from '../../src/exchange/protocol/endpoints.ts';
import { formatClientId, formatServiceId } from '../../src/exchange/protocol/identifiers.ts';
import { isInternalAddress } from '../../src/exchange/upstream-addresses/address-policy.ts';
import { literalIp, normalisePrefix, parseUpstream } from '../../src/exchange/upstream-addresses/registrations.ts';
import { tehranDate } from '../agencies/shared/dates.ts';
import { referenceAgencies } from '../agencies/start.ts';
import { accessRequests, consumers, DEMO_MEMBER_CLASS, providers, type Bilingual } from './registrations.ts';
import { generateDemoUsage, insertDemoUsage, totalCalls, type UsageSeries } from './usage.ts';
import { demoWindowJwk, WINDOW_AGENCY, WINDOW_SUBSYSTEM } from './window-client.ts';

export interface DemoAgencyAddress {
  /** Reference agency code, e.g. `literacy-movement`. */
  code: string;
  /** Base URL without a trailing slash. */
  url: string;
  openapi: Record<string, unknown>;
}

export interface LoadDemoExchangeOptions {
  /** Where the reference agencies listen, or `fixed-ports`: agency i at `http://host:basePort+i`. */
  agencies: DemoAgencyAddress[] | 'fixed-ports';
  basePort?: number;
  host?: string;
  seed: number;
  /** X-Road instance (`INSTANCE_ID`). Default `IR`. */
  instance?: string;
  now?: () => Date;
  /** The shared secret of a consumer subsystem (by client id); default `demoSecret(seed, …)`. */
  secretFor?: (clientId: string) => string;
}

export interface DemoClient {
  /** `IR/GOV/ITO/one-window`: the `X-Road-Client` header. */
  clientId: string;
  agencyCode: string;
  subsystemCode: string;
  /** The `X-OneWindow-Client-Secret` header (demo only). */
  secret: string;
}

export interface DemoExchangeReport {
  /** false: the exchange already had members, nothing was written. */
  loaded: boolean;
  members: number;
  subsystems: number;
  services: number;
  requests: number;
  clients: DemoClient[];
  usage: { buckets: number; calls: number };
}

/** A consumer's demo secret, derived from the seed so the README and the serve output can show it. */
export function demoSecret(seed: number, clientId: string): string {
  return `demo-${createHash('sha256').update(`onewindow-demo:${seed}:${clientId}`).digest('hex').slice(0, 32)}`;
}

export const sha256Hex = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Every operation of an OpenAPI document as an endpoint pattern (`GET /persons/{nationalCode}`). */
export function endpointsFromOpenApi(openapi: Record<string, unknown>): EndpointPattern[] {
  const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
  const paths = (openapi.paths ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(paths).flatMap(([path, item]) => methods.filter((m) => m in item).map((m) => ({ method: m.toUpperCase(), path })));
}

/** The demo's clients, as `loadDemoExchange` registers them (without touching the database). */
export function demoClients(options: { seed: number; instance?: string; secretFor?: (clientId: string) => string }): DemoClient[] {
  const instance = options.instance ?? 'IR';
  const secretFor = options.secretFor ?? ((id: string) => demoSecret(options.seed, id));
  return consumers.map((c) => {
    const clientId = formatClientId({ instance, memberClass: DEMO_MEMBER_CLASS, memberCode: c.agencyCode, subsystemCode: c.subsystem.code });
    return { clientId, agencyCode: c.agencyCode, subsystemCode: c.subsystem.code, secret: secretFor(clientId) };
  });
}

/** `formatServiceId` of each reference agency's service, by reference agency code. */
export function demoServiceIds(instance = 'IR'): Map<string, string> {
  return new Map(
    providers.map((p) => [p.reference, formatServiceId({ instance, memberClass: DEMO_MEMBER_CLASS, memberCode: p.agencyCode, subsystemCode: p.subsystem.code, serviceCode: p.service.code })]),
  );
}

function fixedPortAgencies(host: string, basePort: number, now: () => Date): DemoAgencyAddress[] {
  return referenceAgencies({ today: () => tehranDate(now()) }).map((a, i) => ({ code: a.code, url: `http://${host}:${basePort + i}`, openapi: a.openapi as unknown as Record<string, unknown> }));
}

const both = (b: Bilingual) => `${b.fa} — ${b.en}`;
const DAY = 86_400_000;
const ACTOR = 'system:demo';

async function insertId(q: Sql, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await rows<{ id: string | number }>(q, query);
  return Number(row!.id);
}

/**
 * Registers, as the operator would, each reference agency's address for its member — exactly
 * that loopback address, since the reference agencies listen on 127.0.0.1 — and revokes the
 * demo's earlier registrations that no address uses any more (ports can move between starts).
 * Returns how many rows changed.
 */
async function syncDemoRegistrations(q: Sql, addresses: readonly DemoAgencyAddress[], at: string): Promise<number> {
  const urls = new Map(addresses.map((a) => [a.code, a.url]));
  const wanted = new Map<string, Set<string>>();
  const internal = new Map<string, string[]>();
  for (const p of providers) {
    const url = parseUpstream(urls.get(p.reference) ?? '');
    if (!url) continue;
    const prefix = normalisePrefix(url);
    const literal = literalIp(url);
    wanted.set(p.agencyCode, (wanted.get(p.agencyCode) ?? new Set()).add(prefix));
    internal.set(prefix, literal !== undefined && isInternalAddress(literal) ? [literal] : []);
  }
  let changed = 0;
  for (const [agencyCode, prefixes] of wanted) {
    const active = await rows<{ id: string; url_prefix: string; created_by: string }>(q, sql`select id, url_prefix, created_by from exchange_member_upstreams where agency_code = ${agencyCode} and revoked_at is null`);
    for (const r of active.filter((r) => r.created_by === ACTOR && !prefixes.has(r.url_prefix))) {
      await q.execute(sql`update exchange_member_upstreams set revoked_at = ${at}, revoked_by = ${ACTOR} where id = ${r.id}`);
      changed++;
    }
    for (const prefix of prefixes) {
      if (active.some((r) => r.url_prefix === prefix)) continue;
      await q.execute(sql`insert into exchange_member_upstreams (agency_code, url_prefix, internal_addresses, note, created_at, created_by)
        values (${agencyCode}, ${prefix}, ${JSON.stringify(internal.get(prefix))}::jsonb, 'Demo reference agency backend — سامانهٔ مرجع نمایشی', ${at}, ${ACTOR})`);
      changed++;
    }
  }
  return changed;
}

/**
 * Nodes with the demo on may start together on one database: each load checks and writes under
 * this transaction-scoped lock, so the second finds the first's work instead of repeating it.
 * The wait lasts as long as the other node's load, which can take longer than a statement may
 * (DATABASE_STATEMENT_TIMEOUT_MS), so this transaction lifts the limit as migrations do.
 */
export async function lockDemoLoad(q: Sql): Promise<void> {
  await q.execute(sql`set local statement_timeout = 0`);
  await q.execute(sql`select pg_advisory_xact_lock(72657002)`);
}

/**
 * Where the demo services are registered now, by reference agency code (only those registered).
 */
export async function registeredDemoAddresses(db: Database): Promise<Map<string, string>> {
  const registered = await db.run((q) =>
    rows<{ agency_code: string; subsystem: string; service: string; upstream_url: string }>(
      q,
      sql`select ss.agency_code, ss.code as subsystem, s.code as service, s.upstream_url from exchange_services s join exchange_subsystems ss on ss.id = s.subsystem_id`,
    ),
  );
  const found = new Map<string, string>();
  for (const p of providers) {
    const r = registered.find((r) => r.agency_code === p.agencyCode && r.subsystem === p.subsystem.code && r.service === p.service.code);
    if (r) found.set(p.reference, r.upstream_url);
  }
  return found;
}

const WINDOW_KEY_LABEL = 'Demo client-assertion key of the window (registration) — کلید نمایشی پنجره برای ثبت‌نام';

/** The window's public key, registered so its signed client assertions are accepted. */
async function insertWindowKey(q: Sql, subsystemId: number, at: string): Promise<void> {
  const { jwk, kid } = await demoWindowJwk();
  await q.execute(sql`insert into exchange_client_credentials (subsystem_id, kind, fingerprint, public_jwk, label, created_at)
    values (${subsystemId}, 'jwk', ${kid}, ${JSON.stringify(jwk)}::jsonb, ${WINDOW_KEY_LABEL}, ${at})`);
}

/**
 * A demo exchange loaded before registration existed lacks the window's key and its right to
 * the civil registry: adds what is missing (nothing when the demo was loaded with them), so
 * registration works after an upgrade without reloading the demo. Returns whether it changed anything.
 */
export async function ensureDemoWindowClient(db: Database): Promise<boolean> {
  return db.transaction(async (q) => {
    await lockDemoLoad(q);
    const [window] = await rows<{ id: string }>(q, sql`select id from exchange_subsystems where agency_code = ${WINDOW_AGENCY} and code = ${WINDOW_SUBSYSTEM}`);
    if (!window) return false;
    let changed = false;
    const { kid } = await demoWindowJwk();
    const [key] = await rows<{ id: string }>(q, sql`select id from exchange_client_credentials where kind = 'jwk' and fingerprint = ${kid}`);
    if (!key) {
      await insertWindowKey(q, Number(window.id), new Date().toISOString());
      changed = true;
    }
    const civil = providers.find((p) => p.reference === 'civil-registry')!;
    const [service] = await rows<{ id: string }>(
      q,
      sql`select s.id from exchange_services s join exchange_subsystems ss on ss.id = s.subsystem_id where ss.agency_code = ${civil.agencyCode} and ss.code = ${civil.subsystem.code} and s.code = ${civil.service.code}`,
    );
    const request = accessRequests.find((r) => r.consumer.agencyCode === WINDOW_AGENCY && r.provider === 'civil-registry')!;
    if (service) {
      const [right] = await rows<{ id: string }>(q, sql`select id from exchange_access_requests where consumer_subsystem_id = ${window.id} and service_id = ${service.id}`);
      if (!right) {
        const at = new Date().toISOString();
        const [row] = await rows<{ id: string }>(
          q,
          sql`insert into exchange_access_requests (consumer_subsystem_id, service_id, endpoints, purpose, legal_basis, status, board_required, version, created_at, updated_at)
            values (${window.id}, ${service.id}, ${JSON.stringify(request.endpoints)}::jsonb, ${both(request.purpose)}, ${both(request.legalBasis)}, 'approved', false, 2, ${at}, ${at}) returning id`,
        );
        await q.execute(sql`insert into exchange_access_request_events (request_id, at, status, actor, message) values
          (${row!.id}, ${at}, 'pending', ${ACTOR}, ${both(request.purpose)}), (${row!.id}, ${at}, 'approved', ${ACTOR}, 'Approved. — تأیید شد.')`);
        changed = true;
      }
    }
    if (changed) await q.execute(sql`update exchange_state set version = version + 1`);
    return changed;
  });
}

/**
 * Loads the demo exchange unless the exchange already has members (then it returns
 * `loaded: false` and writes nothing). Needs the demo registry's agencies.
 */
export async function loadDemoExchange(db: Database, options: LoadDemoExchangeOptions): Promise<DemoExchangeReport> {
  const now = options.now ?? (() => new Date());
  const instance = options.instance ?? 'IR';
  const at = now();
  const ago = (days: number) => new Date(at.getTime() - days * DAY).toISOString();
  const addresses = options.agencies === 'fixed-ports' ? fixedPortAgencies(options.host ?? '127.0.0.1', options.basePort ?? 8090, now) : options.agencies;
  const byCode = new Map(addresses.map((a) => [a.code, a]));
  const clients = demoClients({ seed: options.seed, instance, ...(options.secretFor ? { secretFor: options.secretFor } : {}) });
  const serviceIds = demoServiceIds(instance);
  const none: DemoExchangeReport = { loaded: false, members: 0, subsystems: 0, services: 0, requests: 0, clients, usage: { buckets: 0, calls: 0 } };

  return db.transaction(async (q) => {
    await lockDemoLoad(q);
    const [existing] = await rows<{ n: number }>(q, sql`select count(*)::int as n from exchange_members`);
    if ((existing?.n ?? 0) > 0) return none;

    const agencyCodes = [...new Set([...providers.map((p) => p.agencyCode), ...consumers.map((c) => c.agencyCode)])];
    const known = new Set((await rows<{ code: string }>(q, sql`select code from agencies`)).map((r) => r.code));
    const missing = agencyCodes.filter((c) => !known.has(c));
    if (missing.length) throw new Error(`The demo exchange needs the demo registry; agencies missing: ${missing.join(', ')}`);
    const members = agencyCodes.map((code, i) => ({ code, at: ago(300 - i) }));
    await q.execute(sql`insert into exchange_members (agency_code, instance, member_class, member_code, created_at)
      select m.code, ${instance}, ${DEMO_MEMBER_CLASS}, m.code, m.at from jsonb_to_recordset(${JSON.stringify(members)}::jsonb) as m(code text, at timestamptz)`);

    await syncDemoRegistrations(q, addresses, ago(300));

    const subsystemIds = new Map<string, number>();
    const addSubsystem = async (agencyCode: string, s: { code: string; name: Bilingual }, createdDaysAgo: number) => {
      const id = await insertId(
        q,
        sql`insert into exchange_subsystems (agency_code, code, name_fa, name_en, created_at, updated_at)
          values (${agencyCode}, ${s.code}, ${s.name.fa}, ${s.name.en}, ${ago(createdDaysAgo)}, ${ago(createdDaysAgo)}) returning id`,
      );
      subsystemIds.set(`${agencyCode}/${s.code}`, id);
      return id;
    };

    const serviceIdByReference = new Map<string, number>();
    for (const p of providers) {
      const address = byCode.get(p.reference);
      if (!address) throw new Error(`No address given for the reference agency ${p.reference}`);
      const subsystemId = await addSubsystem(p.agencyCode, p.subsystem, 290);
      const [catalog] = p.service.catalogNameEn
        ? await rows<{ id: string }>(q, sql`select id from services where agency_code = ${p.agencyCode} and name_en = ${p.service.catalogNameEn} and status = 'active' order by serial limit 1`)
        : [];
      const id = await insertId(
        q,
        sql`insert into exchange_services (subsystem_id, code, name_fa, name_en, registry_service_id, service_type, upstream_url, openapi, endpoints, timeout_ms, data_subject, created_at, updated_at)
          values (${subsystemId}, ${p.service.code}, ${p.service.name.fa}, ${p.service.name.en}, ${catalog?.id ?? null}, 'OPENAPI', ${address.url},
                  ${JSON.stringify(address.openapi)}::jsonb, ${JSON.stringify(endpointsFromOpenApi(address.openapi))}::jsonb, ${p.service.timeoutMs},
                  ${p.service.dataSubject ? JSON.stringify(p.service.dataSubject) : null}::jsonb, ${ago(290)}, ${ago(290)})
          returning id`,
      );
      serviceIdByReference.set(p.reference, id);
    }

    for (const [i, c] of consumers.entries()) {
      const subsystemId = await addSubsystem(c.agencyCode, c.subsystem, 280 - i);
      const client = clients[i]!;
      await q.execute(sql`insert into exchange_client_credentials (subsystem_id, kind, fingerprint, label, created_at)
        values (${subsystemId}, 'secret', ${sha256Hex(client.secret)}, 'Demo shared secret — رمز مشترک نمایشی', ${ago(280 - i)})`);      if (c.agencyCode === WINDOW_AGENCY && c.subsystem.code === WINDOW_SUBSYSTEM) await insertWindowKey(q, subsystemId, ago(280 - i));
    }

    const series: UsageSeries[] = [];
    const allEvents: { request: number; at: string; status: string; message: string }[] = [];
    for (const r of accessRequests) {
      const consumerId = subsystemIds.get(`${r.consumer.agencyCode}/${r.consumer.subsystemCode}`);
      const serviceId = serviceIdByReference.get(r.provider);
      if (consumerId === undefined || serviceId === undefined) throw new Error(`Demo access request refers to an unknown subsystem or service: ${r.consumer.subsystemCode} → ${r.provider}`);
      const outcome = r.outcome;
      const board = outcome.status === 'approved' && outcome.boardApproval === true;
      const filed = r.filedDaysAgo;
      const events: { daysAgo: number; status: string; message: string }[] = [{ daysAgo: filed, status: 'pending', message: both(r.purpose) }];
      if (outcome.status === 'approved' && board) events.push({ daysAgo: filed - 4, status: 'provider_approved', message: both(outcome.message) }, { daysAgo: filed - 9, status: 'approved', message: both(outcome.message) });
      else if (outcome.status !== 'pending') events.push({ daysAgo: filed - 5, status: outcome.status, message: both(outcome.message) });
      const last = events[events.length - 1]!;
      const requestId = await insertId(
        q,
        sql`insert into exchange_access_requests (consumer_subsystem_id, service_id, endpoints, purpose, legal_basis, status, board_required, version, created_at, updated_at)
          values (${consumerId}, ${serviceId}, ${r.endpoints ? JSON.stringify(r.endpoints) : null}::jsonb, ${both(r.purpose)}, ${both(r.legalBasis)},
                  ${outcome.status}, ${board}, ${events.length}, ${ago(filed)}, ${ago(last.daysAgo)})
          returning id`,
      );
      allEvents.push(...events.map((e) => ({ request: requestId, at: ago(e.daysAgo), status: e.status, message: e.message })));
      if (outcome.status === 'approved') {
        const provider = providers.find((p) => p.reference === r.provider)!;
        const consumer = formatClientId({ instance, memberClass: DEMO_MEMBER_CLASS, memberCode: r.consumer.agencyCode, subsystemCode: r.consumer.subsystemCode });
        series.push({ service: serviceIds.get(r.provider)!, consumer, share: provider.service.share * (r.share ?? 0), latencyMs: provider.service.latencyMs, errorRate: provider.service.errorRate });
      }
    }

    // One statement; ordered by request then time, so event ids follow each history.
    await q.execute(sql`insert into exchange_access_request_events (request_id, at, status, actor, message)
      select e.request, e.at, e.status, ${ACTOR}, e.message from jsonb_to_recordset(${JSON.stringify(allEvents)}::jsonb) as e(request bigint, at timestamptz, status text, message text)
      order by e.request, e.at`);

    const usage = generateDemoUsage(series, { seed: options.seed, now: at });
    await q.execute(sql`delete from exchange_usage where demo`);
    await insertDemoUsage(q, usage);
    await q.execute(sql`update exchange_state set version = version + 1`);
    return {
      loaded: true,
      members: agencyCodes.length,
      subsystems: subsystemIds.size,
      services: serviceIdByReference.size,
      requests: accessRequests.length,
      clients,
      usage: { buckets: usage.start.length, calls: totalCalls(usage) },
    };
  });
}

/**
 * Points the demo services, and the member registrations they lie in, at where the reference
 * agencies listen now (ports can change from one start to the next); bumps the configuration
 * version when anything moved. Returns how many services were updated.
 */
export async function pointDemoServicesAt(db: Database, addresses: readonly DemoAgencyAddress[]): Promise<number> {
  const urls = new Map(addresses.map((a) => [a.code, a.url]));
  return db.transaction(async (q) => {
    let changed = 0;
    for (const p of providers) {
      const url = urls.get(p.reference);
      if (!url) continue;
      const updated = await rows<{ id: string }>(
        q,
        sql`update exchange_services s set upstream_url = ${url}, version = s.version + 1, updated_at = now()
          from exchange_subsystems ss
          where ss.id = s.subsystem_id and ss.agency_code = ${p.agencyCode} and ss.code = ${p.subsystem.code} and s.code = ${p.service.code} and s.upstream_url <> ${url}
          returning s.id`,
      );
      changed += updated.length;
    }
    const registrations = await syncDemoRegistrations(q, addresses, new Date().toISOString());
    if (changed + registrations > 0) await q.execute(sql`update exchange_state set version = version + 1`);
    return changed;
  });
}

/**
 * Removes the exchange configuration and the demo usage (not the exchange log), so the demo
 * registry can be replaced: members refer to agencies. Bumps the configuration version.
 */
export async function clearExchangeForDemo(q: Sql): Promise<void> {
  await q.execute(sql`delete from exchange_access_request_events`);
  await q.execute(sql`delete from exchange_access_requests`);
  await q.execute(sql`delete from exchange_client_credentials`);
  await q.execute(sql`delete from exchange_services`);
  await q.execute(sql`delete from exchange_member_upstreams`);
  await q.execute(sql`delete from exchange_subsystems`);
  await q.execute(sql`delete from exchange_members`);
  await q.execute(sql`delete from exchange_usage where demo`);
  await q.execute(sql`update exchange_state set version = version + 1`);
}
