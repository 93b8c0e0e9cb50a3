import { maturityLevels } from '../maturity.ts';
import { isIsoDate, type MaturityTarget } from '../targets.ts';
import type { AgencyKind } from '../taxonomy.ts';

/** One agency's figures, aggregated in SQL over its active services. */
export interface AgencyFigures {
  code: string;
  nameFa: string;
  nameEn: string;
  kind: AgencyKind;
  /** Whether the agency is one the law requires to connect; only these count in any KPI. */
  eligible: boolean;
  /** YYYY-MM-DD; a date after `today` is a scheduled connection, not a connection. */
  connectedOn: string | null;
  /** Active services. */
  identified: number;
  /** Active services delivered through the window. */
  delivered: number;
  notDelivered: number;
  /** Active services per maturity level 0..5. */
  byMaturity: readonly number[];
}

export interface InsightsInput {
  agencies: readonly AgencyFigures[];
  /** YYYY-MM-DD, the day the figures are for. */
  today: string;
  targets: readonly MaturityTarget[];
}

/** The name and kind of an agency, repeated in every list so each list reads on its own. */
export interface AgencyRef {
  code: string;
  nameFa: string;
  nameEn: string;
  kind: AgencyKind;
}

export function agencyRef(a: AgencyFigures): AgencyRef {
  return { code: a.code, nameFa: a.nameFa, nameEn: a.nameEn, kind: a.kind };
}

export function eligibleOnly(agencies: readonly AgencyFigures[]): AgencyFigures[] {
  return agencies.filter((a) => a.eligible);
}

export function byCode(a: { code: string }, b: { code: string }): number {
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/**
 * The figures come from another module's SQL. A count that does not add up would still
 * produce a plausible-looking percentage, so inconsistent input is refused loudly instead.
 */
export function assertValidInput(input: InsightsInput): void {
  if (!isIsoDate(input.today)) throw new Error(`insights: today must be YYYY-MM-DD, got ${input.today}`);
  const seen = new Set<string>();
  for (const a of input.agencies) {
    const where = `insights: agency ${a.code}`;
    if (seen.has(a.code)) throw new Error(`${where} appears twice`);
    seen.add(a.code);
    if (a.connectedOn !== null && !isIsoDate(a.connectedOn)) throw new Error(`${where}: connectedOn must be YYYY-MM-DD`);
    for (const [name, n] of [['identified', a.identified], ['delivered', a.delivered], ['notDelivered', a.notDelivered]] as const) {
      if (!isCount(n)) throw new Error(`${where}: ${name} must be a non-negative integer`);
    }
    if (a.delivered + a.notDelivered > a.identified) throw new Error(`${where}: delivered + notDelivered exceeds identified`);
    if (a.byMaturity.length !== maturityLevels.length || !a.byMaturity.every(isCount)) {
      throw new Error(`${where}: byMaturity must hold ${maturityLevels.length} non-negative integers`);
    }
    if (sum(a.byMaturity) !== a.identified) throw new Error(`${where}: byMaturity does not add up to identified`);
  }
  for (const t of input.targets) {
    if (t.by !== undefined && !isIsoDate(t.by)) throw new Error(`insights: target ${t.id}: by must be YYYY-MM-DD`);
    if (!(t.share > 0 && t.share <= 1)) throw new Error(`insights: target ${t.id}: share must be in (0, 1]`);
  }
}

function isCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

export function sum(ns: readonly number[]): number {
  return ns.reduce((s, n) => s + n, 0);
}
