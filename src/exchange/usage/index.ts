/** Exchange usage: figures from the usage buckets, the usage API, and the minute → day roll-up. */
export {
  usageFigures,
  usageRows,
  dashboardUsage,
  usageScopeOf,
  readDirectory,
  defaultPeriod,
  DEFAULT_USAGE_TIME_ZONE,
  type ExchangeUsageFigures,
  type UsageQuery,
  type UsageScope,
  type UsageRow,
  type UsageTotals,
  type AgencyUsage,
  type ServiceUsage,
} from './usage.ts';
export { rollUpUsage, startUsageRollup, DEFAULT_ROLLUP_AFTER_DAYS, DAY_SUMS_LAG_MS, type RollUpResult, type RollUpOptions, type UsageRollupOptions } from './rollup.ts';
export { Directory, type AgencyRef, type NamedRef, type CatalogNames, type ResolvedClient, type ResolvedService } from './directory.ts';
export { usageRoutes } from './usage-routes.ts';
