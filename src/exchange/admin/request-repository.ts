import { and, asc, count, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Sql } from '../../db/database.ts';
import { exchangeAccessRequestEvents, exchangeAccessRequests, exchangeServices, exchangeSubsystems } from '../tables.ts';
import type { AccessRequest, AccessRequestEvent, AccessRequestStatus, AccessRight } from '../model.ts';

type RequestRow = typeof exchangeAccessRequests.$inferSelect;

export const toAccessRequest = (row: RequestRow): AccessRequest => ({ ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() });

/** An access request with both parties named, as lists and the consoles show it. */
export type AccessRequestView = AccessRequest & {
  consumerAgencyCode: string;
  consumerSubsystemCode: string;
  providerAgencyCode: string;
  providerSubsystemId: number;
  providerSubsystemCode: string;
  serviceCode: string;
};

const consumer = alias(exchangeSubsystems, 'consumer');
const provider = alias(exchangeSubsystems, 'provider');

const views = (q: Sql) =>
  q
    .select({
      request: exchangeAccessRequests,
      consumerAgencyCode: consumer.agencyCode,
      consumerSubsystemCode: consumer.code,
      providerAgencyCode: provider.agencyCode,
      providerSubsystemId: provider.id,
      providerSubsystemCode: provider.code,
      serviceCode: exchangeServices.code,
    })
    .from(exchangeAccessRequests)
    .innerJoin(consumer, eq(consumer.id, exchangeAccessRequests.consumerSubsystemId))
    .innerJoin(exchangeServices, eq(exchangeServices.id, exchangeAccessRequests.serviceId))
    .innerJoin(provider, eq(provider.id, exchangeServices.subsystemId));

type ViewRow = Awaited<ReturnType<typeof views>>[number];
const toView = ({ request, ...parties }: ViewRow): AccessRequestView => ({ ...toAccessRequest(request), ...parties });

export async function selectAccessRequest(q: Sql, id: number, forUpdate = false): Promise<AccessRequestView | undefined> {
  const query = views(q).where(eq(exchangeAccessRequests.id, id));
  const [row] = forUpdate ? await query.for('update', { of: exchangeAccessRequests }) : await query;
  return row ? toView(row) : undefined;
}

export interface AccessRequestFilter {
  consumerAgencyCode?: string;
  providerAgencyCode?: string;
  /** Requests where this agency is the consumer or the provider. */
  involvingAgencyCode?: string;
  consumerSubsystemId?: number;
  serviceId?: number;
  status?: AccessRequestStatus;
}

function requestWhere(f: AccessRequestFilter): SQL | undefined {
  return and(
    f.consumerAgencyCode ? eq(consumer.agencyCode, f.consumerAgencyCode) : undefined,
    f.providerAgencyCode ? eq(provider.agencyCode, f.providerAgencyCode) : undefined,
    f.involvingAgencyCode ? or(eq(consumer.agencyCode, f.involvingAgencyCode), eq(provider.agencyCode, f.involvingAgencyCode)) : undefined,
    f.consumerSubsystemId === undefined ? undefined : eq(exchangeAccessRequests.consumerSubsystemId, f.consumerSubsystemId),
    f.serviceId === undefined ? undefined : eq(exchangeAccessRequests.serviceId, f.serviceId),
    f.status ? eq(exchangeAccessRequests.status, f.status) : undefined,
  );
}

export async function selectAccessRequests(q: Sql, f: AccessRequestFilter, page: { offset: number; limit: number }): Promise<{ total: number; items: AccessRequestView[] }> {
  const where = requestWhere(f);
  const [{ total } = { total: 0 }] = await q
    .select({ total: count() })
    .from(exchangeAccessRequests)
    .innerJoin(consumer, eq(consumer.id, exchangeAccessRequests.consumerSubsystemId))
    .innerJoin(exchangeServices, eq(exchangeServices.id, exchangeAccessRequests.serviceId))
    .innerJoin(provider, eq(provider.id, exchangeServices.subsystemId))
    .where(where);
  const items = await views(q).where(where).orderBy(desc(exchangeAccessRequests.id)).offset(page.offset).limit(page.limit);
  return { total, items: items.map(toView) };
}

/** Whether the consumer already has an open (pending, provider-approved or approved) request for the service. */
export async function selectOpenRequestId(q: Sql, consumerSubsystemId: number, serviceId: number): Promise<number | undefined> {
  const [row] = await q
    .select({ id: exchangeAccessRequests.id })
    .from(exchangeAccessRequests)
    .where(
      and(
        eq(exchangeAccessRequests.consumerSubsystemId, consumerSubsystemId),
        eq(exchangeAccessRequests.serviceId, serviceId),
        sql`${exchangeAccessRequests.status} in ('pending', 'provider_approved', 'approved')`,
      ),
    )
    .limit(1);
  return row?.id;
}

/** Every approved request: the access rights the gateway enforces. */
export async function selectApprovedRights(q: Sql): Promise<AccessRight[]> {
  return q
    .select({
      id: exchangeAccessRequests.id,
      consumerSubsystemId: exchangeAccessRequests.consumerSubsystemId,
      serviceId: exchangeAccessRequests.serviceId,
      endpoints: exchangeAccessRequests.endpoints,
      purpose: exchangeAccessRequests.purpose,
      legalBasis: exchangeAccessRequests.legalBasis,
      rateLimitPerSecond: exchangeAccessRequests.rateLimitPerSecond,
      rateLimitBurst: exchangeAccessRequests.rateLimitBurst,
    })
    .from(exchangeAccessRequests)
    .where(eq(exchangeAccessRequests.status, 'approved'))
    .orderBy(asc(exchangeAccessRequests.id));
}

export type AccessRequestValues = Pick<AccessRequest, 'consumerSubsystemId' | 'serviceId' | 'endpoints' | 'purpose' | 'legalBasis' | 'status' | 'boardRequired'> & { createdAt: Date; updatedAt: Date };

export async function insertAccessRequest(q: Sql, values: AccessRequestValues): Promise<number> {
  const [row] = await q.insert(exchangeAccessRequests).values(values).returning({ id: exchangeAccessRequests.id });
  return row!.id;
}

export async function updateAccessRequestStatus(q: Sql, id: number, status: AccessRequestStatus, at: Date): Promise<void> {
  await q
    .update(exchangeAccessRequests)
    .set({ status, version: sql`${exchangeAccessRequests.version} + 1`, updatedAt: at })
    .where(eq(exchangeAccessRequests.id, id));
}

export async function updateAccessRequestQuota(q: Sql, id: number, quota: Pick<AccessRequest, 'rateLimitPerSecond' | 'rateLimitBurst'>, at: Date): Promise<void> {
  await q
    .update(exchangeAccessRequests)
    .set({ ...quota, version: sql`${exchangeAccessRequests.version} + 1`, updatedAt: at })
    .where(eq(exchangeAccessRequests.id, id));
}

export async function insertAccessRequestEvent(q: Sql, requestId: number, event: AccessRequestEvent): Promise<void> {
  await q.insert(exchangeAccessRequestEvents).values({ requestId, at: new Date(event.at), status: event.status, actor: event.actor, message: event.message });
}

export async function selectAccessRequestEvents(q: Sql, requestId: number): Promise<AccessRequestEvent[]> {
  const found = await q.select().from(exchangeAccessRequestEvents).where(eq(exchangeAccessRequestEvents.requestId, requestId)).orderBy(asc(exchangeAccessRequestEvents.id));
  return found.map((e) => ({ at: e.at.toISOString(), status: e.status as AccessRequestStatus, actor: e.actor, message: e.message }));
}
