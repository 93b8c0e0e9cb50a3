import { agencyRef, byCode, eligibleOnly, type AgencyFigures, type AgencyRef } from './figures.ts';
import { yearOf } from './dates.ts';
import { shareOf } from './ratio.ts';

export interface NotConnectedAgency extends AgencyRef {
  /** A future connection date already agreed, or null when none is set. */
  scheduledOn: string | null;
}

export interface ConnectionYear {
  year: number;
  connectedInYear: number;
  /** Eligible agencies connected by the end of this year (or by today, for the current year). */
  cumulative: number;
}

export interface ConnectionInsights {
  eligible: number;
  connected: number;
  notConnected: number;
  /** connected / eligible; null when no agency is eligible. */
  rate: number | null;
  notConnectedAgencies: NotConnectedAgency[];
  timeline: ConnectionYear[];
}

/** Whether the agency is connected on `today`; ISO dates compare correctly as strings. */
export function isConnected(a: AgencyFigures, today: string): boolean {
  return a.connectedOn !== null && a.connectedOn <= today;
}

export function computeConnection(agencies: readonly AgencyFigures[], today: string): ConnectionInsights {
  const eligible = eligibleOnly(agencies);
  const connected = eligible.filter((a) => isConnected(a, today));
  const notConnectedAgencies = eligible
    .filter((a) => !isConnected(a, today))
    .map((a) => ({ ...agencyRef(a), scheduledOn: a.connectedOn }))
    .sort(byCode);
  return {
    eligible: eligible.length,
    connected: connected.length,
    notConnected: notConnectedAgencies.length,
    rate: shareOf(connected.length, eligible.length),
    notConnectedAgencies,
    timeline: connectionTimeline(connected.map((a) => a.connectedOn ?? today), today),
  };
}

/**
 * Every year from the first connection to today's year, including years in which nobody
 * connected, so a chart of the cumulative line has no missing points. Years are Gregorian
 * unless `yearOfDay` says otherwise (the Persian pages count Solar Hijri years).
 */
export function connectionTimeline(connectedOn: readonly string[], today: string, yearOfDay: (iso: string) => number = yearOf): ConnectionYear[] {
  if (connectedOn.length === 0) return [];
  const perYear = new Map<number, number>();
  for (const day of connectedOn) perYear.set(yearOfDay(day), (perYear.get(yearOfDay(day)) ?? 0) + 1);
  const first = Math.min(...perYear.keys());
  const timeline: ConnectionYear[] = [];
  let cumulative = 0;
  for (let year = first; year <= yearOfDay(today); year++) {
    const connectedInYear = perYear.get(year) ?? 0;
    cumulative += connectedInYear;
    timeline.push({ year, connectedInYear, cumulative });
  }
  return timeline;
}
