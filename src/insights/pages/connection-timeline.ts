import { connectionTimeline, isConnected, solarHijriYearOf, type AgencyFigures, type ConnectionYear } from '../../core/insights/index.ts';
import type { Locale } from '../../web/i18n/locale.ts';
import type { InsightsReport } from '../reports.ts';

const solarHijri = new WeakMap<InsightsReport, ConnectionYear[]>();

/**
 * The connection years as the reader counts them. English pages show the report's Gregorian
 * years. Persian pages count Solar Hijri years (1 Farvardin to the end of Esfand), like every
 * other date on the site: a Gregorian year spans two of them, so the agencies are bucketed
 * again from their connection dates rather than relabelling Gregorian totals.
 */
export function timelineFor(locale: Locale, report: InsightsReport, figures: ReadonlyMap<string, AgencyFigures>): readonly ConnectionYear[] {
  if (locale === 'en') return report.connection.timeline;
  let timeline = solarHijri.get(report);
  if (!timeline) {
    const connectedOn = [...figures.values()].filter((a) => a.eligible && isConnected(a, report.today)).map((a) => a.connectedOn!);
    timeline = connectionTimeline(connectedOn, report.today, solarHijriYearOf);
    solarHijri.set(report, timeline);
  }
  return timeline;
}
