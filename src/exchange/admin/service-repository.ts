import { and, asc, count, eq, getTableColumns, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Sql } from '../../db/database.ts';
import { registryAgencyNames, serviceExists } from '../../registry/index.ts';
import { exchangeMembers, exchangeServices, exchangeSubsystems } from '../tables.ts';
import type { ExchangeService } from '../model.ts';

type ServiceRow = typeof exchangeServices.$inferSelect;

export const toExchangeService = ({ createdAt: _c, updatedAt: _u, ...row }: ServiceRow): ExchangeService => row;

/** A service with its provider, as lists show it; the OpenAPI document is fetched on its own. */
export type ServiceSummary = Omit<ExchangeService, 'openapi'> & { agencyCode: string; subsystemCode: string; hasOpenapi: boolean };

/** A service as a caller may see it: without its backend address unless they are the operator or the provider's admin. */
export type ServiceView = Omit<ServiceSummary, 'upstreamUrl'> & { upstreamUrl?: string };

export type ServiceValues = Omit<ExchangeService, 'id' | 'version'>;

const { openapi: _openapi, createdAt: _c, updatedAt: _u, ...summaryColumns } = getTableColumns(exchangeServices);
const summary = (q: Sql) =>
  q
    .select({ ...summaryColumns, agencyCode: exchangeSubsystems.agencyCode, subsystemCode: exchangeSubsystems.code, hasOpenapi: sql<boolean>`${exchangeServices.openapi} is not null` })
    .from(exchangeServices)
    .innerJoin(exchangeSubsystems, eq(exchangeSubsystems.id, exchangeServices.subsystemId));

export async function selectExchangeService(q: Sql, id: number, forUpdate = false): Promise<ExchangeService | undefined> {
  const query = q.select().from(exchangeServices).where(eq(exchangeServices.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row ? toExchangeService(row) : undefined;
}

export async function selectServiceSummary(q: Sql, id: number): Promise<ServiceSummary | undefined> {
  const [row] = await summary(q).where(eq(exchangeServices.id, id));
  return row;
}

export async function selectServiceByCode(q: Sql, subsystemId: number, code: string): Promise<ExchangeService | undefined> {
  const [row] = await q.select().from(exchangeServices).where(and(eq(exchangeServices.subsystemId, subsystemId), eq(exchangeServices.code, code)));
  return row ? toExchangeService(row) : undefined;
}

export interface ServiceFilter {
  agencyCode?: string;
  subsystemId?: number;
  status?: 'active' | 'disabled';
  registryServiceId?: string;
  /** Part of the service's code or names, or of its provider's subsystem code, agency code, member code or agency names. */
  q?: string;
}

/**
 * The spelling differences of Persian text typed on different keyboards (Arabic yeh and kaf,
 * teh marbuta, Persian and Arabic-Indic digits; the zero-width non-joiner is dropped, as it is
 * last in `foldFrom` with nothing opposite), folded on both sides of a match so «سيستم» finds
 * «سیستم». A short version of core/text/normalise that PostgreSQL's translate() can do.
 */
const foldFrom = 'يىئكۀة۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩\u200c';
const foldTo = 'یییکهه01234567890123456789';
const folded = (x: SQLWrapper | string) => sql`translate(${x}, ${foldFrom}, ${foldTo})`;

/** A case-insensitive "contains" in which `%`, `_` and `\` of the text are literal (`\` is ILIKE's escape character). */
function contains(text: string): (column: SQLWrapper) => SQL {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return (column) => sql`${folded(column)} ilike ${folded(pattern)}`;
}

function textMatch(text: string): SQL | undefined {
  const like = contains(text);
  // The provider's member code and agency names live in the member table and the registry's view of
  // agency names (ADR 0011): one lookup by primary key a row, in SQL, so the count and the page agree.
  const provider = sql`exists (select 1 from ${exchangeMembers} inner join ${registryAgencyNames} on ${registryAgencyNames.code} = ${exchangeMembers.agencyCode}
    where ${exchangeMembers.agencyCode} = ${exchangeSubsystems.agencyCode} and (${or(like(exchangeMembers.memberCode), like(registryAgencyNames.nameFa), like(registryAgencyNames.nameEn))}))`;
  return or(like(exchangeServices.code), like(exchangeServices.nameFa), like(exchangeServices.nameEn), like(exchangeSubsystems.code), like(exchangeSubsystems.agencyCode), provider);
}

function serviceWhere(f: ServiceFilter): SQL | undefined {
  return and(
    f.agencyCode ? eq(exchangeSubsystems.agencyCode, f.agencyCode) : undefined,
    f.subsystemId === undefined ? undefined : eq(exchangeServices.subsystemId, f.subsystemId),
    f.status ? eq(exchangeServices.status, f.status) : undefined,
    f.registryServiceId ? eq(exchangeServices.registryServiceId, f.registryServiceId) : undefined,
    f.q ? textMatch(f.q) : undefined,
  );
}

export async function selectServices(q: Sql, f: ServiceFilter, page: { offset: number; limit: number }): Promise<{ total: number; items: ServiceSummary[] }> {
  const where = serviceWhere(f);
  const [{ total } = { total: 0 }] = await q
    .select({ total: count() })
    .from(exchangeServices)
    .innerJoin(exchangeSubsystems, eq(exchangeSubsystems.id, exchangeServices.subsystemId))
    .where(where);
  const items = await summary(q).where(where).orderBy(asc(exchangeSubsystems.agencyCode), asc(exchangeSubsystems.code), asc(exchangeServices.code)).offset(page.offset).limit(page.limit);
  return { total, items };
}

export async function selectAllExchangeServices(q: Sql): Promise<ExchangeService[]> {
  return (await q.select().from(exchangeServices).orderBy(asc(exchangeServices.id))).map(toExchangeService);
}

export async function insertExchangeService(q: Sql, values: ServiceValues): Promise<ExchangeService> {
  const [row] = await q.insert(exchangeServices).values(values).returning();
  return toExchangeService(row!);
}

export async function updateExchangeServiceRow(q: Sql, id: number, values: Partial<ServiceValues>, at: Date): Promise<ExchangeService> {
  const [row] = await q
    .update(exchangeServices)
    .set({ ...values, version: sql`${exchangeServices.version} + 1`, updatedAt: at })
    .where(eq(exchangeServices.id, id))
    .returning();
  return toExchangeService(row!);
}

/** Whether the catalog (registry) service exists: the registry answers (ADR 0011). */
export function registryServiceExists(q: Sql, id: string): Promise<boolean> {
  return serviceExists(q, id);
}
