import { maturityLevels, type MaturityLevel } from '../maturity.ts';
import { meetsTarget, type MaturityTarget } from '../targets.ts';
import { daysBetween } from './dates.ts';
import { eligibleOnly, type AgencyFigures } from './figures.ts';
import { gapToShare, reachesShare, shareOf } from './ratio.ts';

export interface MaturityLevelCount {
  level: MaturityLevel;
  services: number;
  /** Of all active services of eligible agencies; null when there are none. */
  share: number | null;
}

export type TargetStatus = 'met' | 'open' | 'overdue';

export interface TargetProgress {
  id: string;
  level: MaturityLevel;
  comparison: MaturityTarget['comparison'];
  targetShare: number;
  by: string | null;
  servicesMeeting: number;
  totalServices: number;
  /** servicesMeeting / totalServices; null when there are no services. */
  achievedShare: number | null;
  /** min(1, achieved / target); null when there are no services. */
  progress: number | null;
  met: boolean;
  /** How many more services must meet the target for the share to be reached. */
  gapServices: number;
  /** Calendar days from today to the deadline; negative when overdue, null when open-ended. */
  daysLeft: number | null;
  status: TargetStatus;
}

export interface MaturityInsights {
  totalServices: number;
  distribution: MaturityLevelCount[];
  targets: TargetProgress[];
}

/** Services at the levels a target counts, from a per-level count. */
export function countMeeting(byMaturity: readonly number[], target: MaturityTarget): number {
  return maturityLevels.reduce<number>((n, level) => (meetsTarget(target, level) ? n + (byMaturity[level] ?? 0) : n), 0);
}

export function maturityTotals(agencies: readonly AgencyFigures[]): number[] {
  const totals = maturityLevels.map(() => 0);
  for (const a of eligibleOnly(agencies)) {
    for (const level of maturityLevels) totals[level] = (totals[level] ?? 0) + (a.byMaturity[level] ?? 0);
  }
  return totals;
}

/**
 * A target is judged on its own share, whatever the date: meeting it late still counts as
 * met, and one not met by its deadline is overdue rather than silently still "open".
 * With no services at all nothing can be claimed, so such a target is never met.
 */
export function targetProgress(target: MaturityTarget, totals: readonly number[], today: string): TargetProgress {
  const totalServices = totals.reduce((s, n) => s + n, 0);
  const servicesMeeting = countMeeting(totals, target);
  const achievedShare = shareOf(servicesMeeting, totalServices);
  const met = reachesShare(servicesMeeting, totalServices, target.share);
  const daysLeft = target.by === undefined ? null : daysBetween(today, target.by);
  return {
    id: target.id,
    level: target.level,
    comparison: target.comparison,
    targetShare: target.share,
    by: target.by ?? null,
    servicesMeeting,
    totalServices,
    achievedShare,
    // The exact comparison decides "met"; the float ratio alone could land at 0.9999… for a met target.
    progress: achievedShare === null ? null : met ? 1 : Math.min(1, achievedShare / target.share),
    met,
    gapServices: gapToShare(servicesMeeting, totalServices, target.share),
    daysLeft,
    status: met ? 'met' : daysLeft !== null && daysLeft < 0 ? 'overdue' : 'open',
  };
}

export function computeMaturity(agencies: readonly AgencyFigures[], targets: readonly MaturityTarget[], today: string): MaturityInsights {
  const totals = maturityTotals(agencies);
  const totalServices = totals.reduce((s, n) => s + n, 0);
  return {
    totalServices,
    distribution: maturityLevels.map((level) => ({ level, services: totals[level] ?? 0, share: shareOf(totals[level] ?? 0, totalServices) })),
    targets: targets.map((t) => targetProgress(t, totals, today)),
  };
}
