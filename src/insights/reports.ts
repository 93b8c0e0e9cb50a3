import { computeInsights, insightTables, type Insights, type InsightTable } from '../core/insights/index.ts';
import type { MaturityTarget } from '../core/targets.ts';
import { isoDateIn } from '../core/dates.ts';
import { readRegistryState } from '../registry/index.ts';
import { selectAgencyFigures } from './report-repository.ts';
import type { AppDeps } from '../db/app-deps.ts';

export interface InsightsReport extends Insights {
  /** True when the figures come from the synthetic demo dataset. */
  demo: boolean;
  generatedAt: string;
}

/** The full KPI set, computed from the registry as it is now; nothing is typed in. */
export async function currentInsights(deps: AppDeps, targets: readonly MaturityTarget[]): Promise<InsightsReport> {
  const now = deps.now();
  const [figures, state] = await deps.db.run(async (q) => [await selectAgencyFigures(q), await readRegistryState(q)] as const);
  const insights = computeInsights({ agencies: figures, today: isoDateIn(now, deps.pack.timeZone), targets });
  return { ...insights, demo: state.demo, generatedAt: now.toISOString() };
}

export function currentTables(report: InsightsReport): Record<string, InsightTable> {
  return insightTables(report);
}
