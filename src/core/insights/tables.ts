import { maturityNames } from '../maturity.ts';
import { agencyKinds } from '../taxonomy.ts';
import type { Insights } from './compute.ts';

export type Cell = string | number | null;

export interface InsightTable {
  columns: string[];
  rows: Cell[][];
}

/** CSV has no booleans; words survive every spreadsheet's locale, unlike TRUE/FALSE or 1/0. */
const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

/**
 * Flat tables for export. Shares stay unrounded fractions (0..1) so a downloaded file can be
 * re-aggregated without compounding rounding; column names are stable snake_case identifiers.
 */
export function insightTables(insights: Insights): Record<string, InsightTable> {
  const { connection, completion, rankings, maturity, compliance } = insights;
  const tables: Record<string, InsightTable> = {
    connection_timeline: {
      columns: ['year', 'connected_in_year', 'cumulative'],
      rows: connection.timeline.map((y) => [y.year, y.connectedInYear, y.cumulative]),
    },
    not_connected: {
      columns: ['code', 'name_fa', 'name_en', 'kind', 'scheduled_on'],
      rows: connection.notConnectedAgencies.map((a) => [a.code, a.nameFa, a.nameEn, a.kind, a.scheduledOn]),
    },
    agency_completion: {
      columns: ['code', 'name_fa', 'name_en', 'kind', 'connected', 'identified', 'delivered', 'not_delivered', 'rate'],
      rows: completion.agencies.map((a) => [a.code, a.nameFa, a.nameEn, a.kind, yesNo(a.connected), a.identified, a.delivered, a.notDelivered, a.rate]),
    },
  };
  for (const kind of agencyKinds) {
    tables[`ranking_${kind}`] = {
      columns: ['rank', 'code', 'name_fa', 'name_en', 'rate', 'delivered', 'identified', 'tied', 'unranked_reason'],
      rows: rankings.byKind[kind].map((e) => [e.rank, e.code, e.nameFa, e.nameEn, e.rate, e.delivered, e.identified, yesNo(e.tied), e.unrankedReason]),
    };
  }
  tables['maturity_distribution'] = {
    columns: ['level', 'level_code', 'level_name_en', 'services', 'share'],
    rows: maturity.distribution.map((d) => [d.level, maturityNames[d.level].code, maturityNames[d.level].en, d.services, d.share]),
  };
  tables['targets'] = {
    columns: ['id', 'level', 'comparison', 'target_share', 'by', 'services_meeting', 'total_services', 'achieved_share', 'progress', 'met', 'gap_services', 'days_left', 'status'],
    rows: maturity.targets.map((t) => [
      t.id, t.level, t.comparison, t.targetShare, t.by, t.servicesMeeting, t.totalServices, t.achievedShare, t.progress, yesNo(t.met), t.gapServices, t.daysLeft, t.status,
    ]),
  };
  tables['compliance'] = {
    columns: ['target_id', 'target_share', 'code', 'name_fa', 'name_en', 'kind', 'services_meeting', 'identified', 'share', 'gap_services'],
    rows: compliance.flatMap((c) =>
      c.lagging.map((a) => [c.targetId, c.targetShare, a.code, a.nameFa, a.nameEn, a.kind, a.servicesMeeting, a.identified, a.share, a.gapServices]),
    ),
  };
  return tables;
}
