import type { AgencyFigures } from '../../core/insights/index.ts';
import type { MaturityTarget } from '../../core/targets.ts';
import { isoDateIn } from '../../core/dates.ts';
import { readRegistryState } from '../../registry/index.ts';
import { currentInsights, type InsightsReport } from '../reports.ts';
import { selectAgencyFigures } from '../report-repository.ts';
import type { AppDeps } from '../../db/app-deps.ts';

/** What the insights pages read: the national report and each agency's own figures. */
export interface InsightsSnapshot {
  report: InsightsReport;
  /** Every agency's figures (eligible or not), for the agency page's maturity distribution. */
  figures: ReadonlyMap<string, AgencyFigures>;
}

/**
 * Computing the KPI set takes tens of milliseconds, too slow to repeat on every dashboard view.
 * The snapshot is kept until the registry's version counter moves (any node's write bumps it)
 * or the day changes (days left to a deadline); the counter is read at most once per
 * `refreshMs`, so a change is seen within that time. The version is read before the figures,
 * so a write racing the computation only causes one more recomputation, never a stale cache.
 */
export class InsightsCache {
  #snapshot: { key: string; value: InsightsSnapshot } | undefined;
  #checkedAt = -Infinity;
  #pending: Promise<InsightsSnapshot> | undefined;

  constructor(
    private readonly deps: AppDeps,
    private readonly targets: readonly MaturityTarget[],
    private readonly refreshMs = 1000,
  ) {}

  current(): Promise<InsightsSnapshot> {
    if (this.#snapshot && Date.now() - this.#checkedAt < this.refreshMs) return Promise.resolve(this.#snapshot.value);
    this.#pending ??= this.#refresh().finally(() => (this.#pending = undefined));
    return this.#pending;
  }

  async #refresh(): Promise<InsightsSnapshot> {
    const state = await this.deps.db.run(readRegistryState);
    const key = `${state.version}:${state.demo}:${isoDateIn(this.deps.now(), this.deps.pack.timeZone)}`;
    this.#checkedAt = Date.now();
    if (this.#snapshot?.key === key) return this.#snapshot.value;
    const [report, figures] = await Promise.all([currentInsights(this.deps, this.targets), this.deps.db.run(selectAgencyFigures)]);
    const value = { report, figures: new Map(figures.map((f) => [f.code, f])) };
    this.#snapshot = { key, value };
    return value;
  }
}
