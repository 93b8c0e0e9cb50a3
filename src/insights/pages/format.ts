import { maturityNames, type MaturityLevel } from '../../core/maturity.ts';
import { agencyKindNames, type AgencyKind } from '../../core/taxonomy.ts';
import type { I18n } from '../../web/i18n/translate.ts';

/** The flat KPI tables the JSON API serves as CSV (see core/insights/tables.ts). */
export type InsightTableName =
  | 'connection_timeline'
  | 'not_connected'
  | 'agency_completion'
  | `ranking_${AgencyKind}`
  | 'maturity_distribution'
  | 'targets'
  | 'compliance';

export function tableCsvHref(name: InsightTableName): string {
  return `/api/v1/insights/tables/${name}`;
}

const yearFormats = { fa: new Intl.NumberFormat('fa-IR', { useGrouping: false }), en: new Intl.NumberFormat('en-GB', { useGrouping: false }) };

/** A year in the reader's digits, without the thousands separator `n()` would put in it. */
export function yearLabel(i18n: I18n, year: number): string {
  return yearFormats[i18n.locale].format(year);
}

/** The agency's name in the reader's language. */
export function agencyName(i18n: I18n, a: { nameFa: string; nameEn: string }): string {
  return i18n.locale === 'fa' ? a.nameFa : a.nameEn;
}

export function kindName(i18n: I18n, kind: AgencyKind): string {
  return agencyKindNames[kind][i18n.locale];
}

export function agencyHref(code: string): string {
  return `/agencies/${encodeURIComponent(code)}`;
}

/** "20% of services at L3 (Fully electronic) or above", from a target's figures. */
export function targetLabel(i18n: I18n, target: { level: MaturityLevel; comparison: 'atLeast' | 'exactly'; targetShare: number }): string {
  const params = { share: i18n.pct(target.targetShare), level: levelLabel(i18n, target.level) };
  return target.comparison === 'atLeast' ? i18n.t('dashboard.targets.atLeast', params) : i18n.t('dashboard.targets.exactly', params);
}

export function levelLabel(i18n: I18n, level: MaturityLevel): string {
  const m = maturityNames[level];
  return `${m.code} ${m[i18n.locale]}`;
}
