import type { Sql } from '../db/database.ts';
import type { AgencyFigures } from '../core/insights/index.ts';
import { readAgencyServiceCounts } from '../registry/index.ts';

/**
 * One row per agency with its active services counted by delivery status and maturity level.
 * The data is the registry's, so the registry owns the single aggregate query (its read model,
 * ADR 0011); the KPI set never pulls individual services.
 */
export function selectAgencyFigures(q: Sql): Promise<AgencyFigures[]> {
  return readAgencyServiceCounts(q);
}
