/** The KPI maths of the insights capability: pure functions over figures aggregated elsewhere. */
export { computeInsights, type Insights } from './compute.ts';
export { insightTables, type Cell, type InsightTable } from './tables.ts';
export { assertValidInput, type AgencyFigures, type AgencyRef, type InsightsInput } from './figures.ts';
export { computeConnection, connectionTimeline, isConnected, type ConnectionInsights, type ConnectionYear, type NotConnectedAgency } from './connection.ts';
export { computeCompletion, type AgencyCompletion, type CompletionInsights } from './completion.ts';
export { computeRankings, rankAgencies, rankingTieBreak, type RankingEntry, type Rankings } from './ranking.ts';
export { computeMaturity, countMeeting, targetProgress, type MaturityInsights, type MaturityLevelCount, type TargetProgress, type TargetStatus } from './maturity-targets.ts';
export { computeCompliance, targetCompliance, type LaggingAgency, type TargetCompliance } from './compliance.ts';
export { dayNumber, daysBetween, solarHijriYearOf } from './dates.ts';
export { shareOf } from './ratio.ts';
