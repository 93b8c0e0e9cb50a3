import type { Database, Sql } from '../../db/database.ts';
import { readsEveryAgency, type Principal } from '../../core/access.ts';
import { AppError } from '../../core/errors.ts';
import { dayNumber } from '../../core/insights/index.ts';
import type { SnapshotSource } from '../snapshot/index.ts';
import { Directory, type AgencyRef } from './directory.ts';
import { inOneSnapshot, selectCatalogNames, selectLatestUsageDay, selectUsage, type UsageFilter, type UsageGroupRow } from './usage-repository.ts';

/** Time zone days are shown in unless the caller says otherwise (the `ir` country pack's). */
export const DEFAULT_USAGE_TIME_ZONE = 'Asia/Tehran';
/** The longest period one request may cover, so a request stays bounded. */
export const MAX_USAGE_DAYS = 400;
/** Services listed in the top-services table. */
export const TOP_SERVICES = 10;

/** Whose rows a caller may see: every row, or only those where the agency provides or consumes. */
export type UsageScope = { kind: 'all' } | { kind: 'agency'; agencyCode: string };

export interface UsageQuery {
  /** First and last day, inclusive, YYYY-MM-DD, in `timeZone` (see the repository on days). */
  from: string;
  to: string;
  timeZone?: string;
  scope?: UsageScope;
  service?: string;
  consumer?: string;
}

export interface UsageTotals {
  calls: number;
  errors: number;
  /** errors / calls; 0 when there were no calls. */
  errorRate: number;
  /** Mean latency over every call in milliseconds; null when there were no calls. */
  latencyMeanMs: number | null;
  latencyMaxMs: number | null;
}

export interface AgencyUsage extends UsageTotals {
  /** The agency; null when the member key names no registered member. */
  agency: AgencyRef | null;
  /** The member key (`IR/GOV/CODE`) the calls were made under. */
  member: string;
}

export interface ServiceUsage extends UsageTotals {
  key: string;
  code: string;
  nameFa: string | null;
  nameEn: string | null;
  catalog: { id: string; nameFa: string; nameEn: string } | null;
  provider: AgencyRef | null;
}

export interface ExchangeUsageFigures {
  from: string;
  to: string;
  /** True when any bucket counted is synthetic demo data. */
  demo: boolean;
  totals: UsageTotals;
  /** Every day of the period, days without calls included. */
  byDay: { day: string; calls: number; errors: number }[];
  /** Calls by the agency providing the service, most calls first. */
  byProvider: AgencyUsage[];
  /** Calls by the agency whose system called, most calls first. */
  byConsumer: AgencyUsage[];
  /** The most called services, most calls first. */
  topServices: ServiceUsage[];
}

export interface UsageRow extends UsageTotals {
  /** Present with granularity `day`. */
  day?: string;
  service: string;
  serviceNameFa: string | null;
  serviceNameEn: string | null;
  providerAgency: string | null;
  consumer: string;
  consumerAgency: string | null;
  demo: boolean;
}

const isoDay = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);
const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && isoDay(dayNumber(s)) === s;

/** `day` moved by `days` calendar days. */
export function addDays(day: string, days: number): string {
  return isoDay(dayNumber(day) + days);
}

/**
 * Operators and auditors see all usage; an agency admin only rows where their agency provides
 * the service or its system is the consumer. Anyone else is refused.
 */
export function usageScopeOf(principal: Principal): UsageScope {
  if (readsEveryAgency(principal)) return { kind: 'all' };
  if (principal.kind !== 'staff') throw new AppError('UNAUTHENTICATED');
  if (principal.role === 'agency_admin' && principal.agencyCode) return { kind: 'agency', agencyCode: principal.agencyCode };
  throw new AppError('FORBIDDEN');
}

function checkPeriod(from: string, to: string): void {
  if (!isDate(from) || !isDate(to)) throw new AppError('VALIDATION_FAILED', { message: '`from` and `to` are calendar days, YYYY-MM-DD' });
  if (from > to) throw new AppError('VALIDATION_FAILED', { message: '`from` is after `to`' });
  if (dayNumber(to) - dayNumber(from) + 1 > MAX_USAGE_DAYS) throw new AppError('VALIDATION_FAILED', { message: `a period covers at most ${MAX_USAGE_DAYS} days` });
}

function totals(s: { calls: number; errors: number; latencyMsSum: number; latencyMsMax: number }): UsageTotals {
  return {
    calls: s.calls,
    errors: s.errors,
    errorRate: s.calls > 0 ? s.errors / s.calls : 0,
    latencyMeanMs: s.calls > 0 ? s.latencyMsSum / s.calls : null,
    latencyMaxMs: s.calls > 0 ? s.latencyMsMax : null,
  };
}

type Sums = { calls: number; errors: number; latencyMsSum: number; latencyMsMax: number };
const add = (into: Sums, r: Sums) => {
  into.calls += r.calls;
  into.errors += r.errors;
  into.latencyMsSum += r.latencyMsSum;
  into.latencyMsMax = Math.max(into.latencyMsMax, r.latencyMsMax);
};
const zero = (): Sums => ({ calls: 0, errors: 0, latencyMsSum: 0, latencyMsMax: 0 });

/**
 * The directory of `source`'s snapshot (the node's `app.exchangeConfig`, what the gateway
 * answers from) naming the catalog services these service keys serve: the snapshot holds only
 * their ids, so their names are one query, made only if any serves one.
 */
export async function readDirectory(q: Sql, source: SnapshotSource, serviceKeys: Iterable<string> = []): Promise<Directory> {
  return withCatalogNames(q, new Directory(source.current()), serviceKeys);
}

/** The same directory naming the catalog services of these service keys. */
async function withCatalogNames(q: Sql, directory: Directory, serviceKeys: Iterable<string>): Promise<Directory> {
  const ids = directory.catalogIds(serviceKeys);
  return ids.length ? directory.withCatalog(await selectCatalogNames(q, ids)) : directory;
}

function filterFor(directory: Directory, query: UsageQuery): UsageFilter {
  const filter: UsageFilter = {};
  if (query.service !== undefined) filter.service = query.service;
  if (query.consumer !== undefined) filter.consumer = query.consumer;
  if (query.scope?.kind === 'agency') {
    const prefix = directory.memberPrefix(query.scope.agencyCode);
    filter.memberPrefixes = prefix ? [prefix] : [];
  }
  return filter;
}

/** `IR/GOV/CODE/SUB/service/v1` → `IR/GOV/CODE/SUB/service`. */
export function serviceKeyWithoutVersion(key: string): string {
  const parts = key.split('/');
  return parts.length > 5 ? parts.slice(0, 5).join('/') : key;
}

function byAgency(pairs: readonly UsageGroupRow[], keyOf: (r: UsageGroupRow) => string, directory: Directory): AgencyUsage[] {
  const groups = new Map<string, { agency: AgencyRef | null; member: string; sums: Sums }>();
  for (const r of pairs) {
    const resolved = directory.client(keyOf(r));
    const member = resolved.key.split('/').slice(0, 3).join('/');
    const id = resolved.agency?.code ?? `member:${member}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { agency: resolved.agency, member, sums: zero() }));
    add(g.sums, r);
  }
  return [...groups.values()]
    .map((g) => ({ agency: g.agency, member: g.member, ...totals(g.sums) }))
    .sort((a, b) => b.calls - a.calls || a.member.localeCompare(b.member));
}

/**
 * Usage of the exchange over a period: totals, calls by day, by provider and consumer agency,
 * and the most called services. One aggregate query (by day and by service and consumer, as
 * grouping sets), so the work is bounded by days plus pairs, not by buckets. Names come from
 * `source`'s snapshot, the node's exchange configuration.
 */
export async function usageFigures(db: Database, query: UsageQuery, source: SnapshotSource): Promise<ExchangeUsageFigures> {
  checkPeriod(query.from, query.to);
  const range = { from: query.from, to: query.to, timeZone: query.timeZone ?? DEFAULT_USAGE_TIME_ZONE };
  const directory = new Directory(source.current());
  const found = await inOneSnapshot(db, (q) => selectUsage(q, range, filterFor(directory, query), 'days_and_pairs'));
  const days = found.filter((r) => r.day !== undefined);
  const pairs = found.filter((r) => r.day === undefined);
  const all = zero();
  for (const r of pairs) add(all, r);
  const perDay = new Map(days.map((d) => [d.day!, d]));
  const byDay: ExchangeUsageFigures['byDay'] = [];
  for (let n = dayNumber(query.from); n <= dayNumber(query.to); n++) {
    const d = perDay.get(isoDay(n));
    byDay.push({ day: isoDay(n), calls: d?.calls ?? 0, errors: d?.errors ?? 0 });
  }
  const services = new Map<string, Sums>();
  for (const r of pairs) {
    // One service, whether or not the writer put its version in the key.
    const key = serviceKeyWithoutVersion(r.service!);
    let s = services.get(key);
    if (!s) services.set(key, (s = zero()));
    add(s, r);
  }
  const top = [...services.entries()].sort(([ka, a], [kb, b]) => b.calls - a.calls || ka.localeCompare(kb)).slice(0, TOP_SERVICES);
  const named = await db.run((q) => withCatalogNames(q, directory, top.map(([key]) => key)));
  const topServices = top.map(([key, s]): ServiceUsage => {
    const r = named.service(key);
    return { key, code: r.service.code, nameFa: r.service.nameFa, nameEn: r.service.nameEn, catalog: r.catalog, provider: r.agency, ...totals(s) };
  });
  return {
    from: query.from,
    to: query.to,
    demo: pairs.some((r) => r.demo),
    totals: totals(all),
    byDay,
    byProvider: byAgency(pairs, (r) => r.service!, directory),
    byConsumer: byAgency(pairs, (r) => r.consumer!, directory),
    topServices,
  };
}

/** The buckets summed per service and consumer, per day or over the whole period: the API's table and CSV. */
export async function usageRows(db: Database, query: UsageQuery & { granularity: 'day' | 'total' }, source: SnapshotSource): Promise<{ demo: boolean; rows: UsageRow[] }> {
  checkPeriod(query.from, query.to);
  const range = { from: query.from, to: query.to, timeZone: query.timeZone ?? DEFAULT_USAGE_TIME_ZONE };
  const directory = new Directory(source.current());
  const found = await inOneSnapshot(db, (q) => selectUsage(q, range, filterFor(directory, query), query.granularity === 'day' ? 'day_pair' : 'pair'));
  const rows = found.map((r): UsageRow => {
    const service = directory.service(r.service!);
    return {
      ...(r.day !== undefined ? { day: r.day } : {}),
      service: r.service!,
      serviceNameFa: service.service.nameFa,
      serviceNameEn: service.service.nameEn,
      providerAgency: service.agency?.code ?? null,
      consumer: r.consumer!,
      consumerAgency: directory.client(r.consumer!).agency?.code ?? null,
      ...totals(r),
      demo: r.demo,
    };
  });
  return { demo: found.some((r) => r.demo), rows };
}

/** The default period of the API: the `days` days up to today in `timeZone`. */
export function defaultPeriod(now: Date, timeZone: string, days = 30): { from: string; to: string } {
  const to = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  return { from: addDays(to, -(days - 1)), to };
}

/**
 * The dashboard's figures: the `days` days up to the latest day with usage (today at most),
 * national (every agency). Null when there are no buckets in that period: the panel then says
 * there is no data yet rather than showing zeros.
 */
export async function dashboardUsage(db: Database, options: { now: Date; timeZone?: string; days?: number; source: SnapshotSource }): Promise<ExchangeUsageFigures | null> {
  const timeZone = options.timeZone ?? DEFAULT_USAGE_TIME_ZONE;
  const today = defaultPeriod(options.now, timeZone, 1).to;
  const latest = await db.run((q) => selectLatestUsageDay(q, timeZone));
  if (latest === null) return null;
  const to = latest < today ? latest : today;
  const figures = await usageFigures(db, { from: addDays(to, -((options.days ?? 30) - 1)), to, timeZone }, options.source);
  return figures.totals.calls > 0 || figures.byProvider.length > 0 ? figures : null;
}
