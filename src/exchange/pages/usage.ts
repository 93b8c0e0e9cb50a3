import { formatServiceId } from '../protocol/identifiers.ts';
import { defaultPeriod, usageRows } from '../usage/index.ts';
import type { Member } from '../model.ts';
import type { ServiceView } from '../admin/service-repository.ts';
import type { ExchangePagesDeps } from './common.tsx';

export interface ServiceUse {
  calls: number;
  errors: number;
  errorRate: number;
}

/** Days covered by the usage summary of the console. */
export const usageDays = 30;

/**
 * Calls and errors of each of an agency's services over the last 30 days, from the usage
 * buckets. A bucket names a service `IR/GOV/CODE/SUB/service[/version]`; both forms count.
 */
export async function usageOfServices(deps: ExchangePagesDeps, member: Member, services: readonly ServiceView[]): Promise<Map<number, ServiceUse>> {
  const { from, to } = defaultPeriod(deps.admin.now(), deps.timeZone, usageDays);
  const { rows } = await usageRows(deps.admin.db, { from, to, timeZone: deps.timeZone, scope: { kind: 'agency', agencyCode: member.agencyCode }, granularity: 'total' }, deps.admin.source);
  const result = new Map<number, ServiceUse>();
  for (const s of services) {
    const key = formatServiceId({ instance: member.instance, memberClass: member.memberClass, memberCode: member.memberCode, subsystemCode: s.subsystemCode, serviceCode: s.code });
    let calls = 0;
    let errors = 0;
    for (const r of rows) {
      if (r.service !== key && !r.service.startsWith(`${key}/`)) continue;
      calls += r.calls;
      errors += r.errors;
    }
    result.set(s.id, { calls, errors, errorRate: calls > 0 ? errors / calls : 0 });
  }
  return result;
}
