import type { MaturityTarget } from '../targets.ts';
import { agencyRef, byCode, eligibleOnly, type AgencyFigures, type AgencyRef } from './figures.ts';
import { countMeeting } from './maturity-targets.ts';
import { compareFractions, gapToShare, reachesShare } from './ratio.ts';

export interface LaggingAgency extends AgencyRef {
  servicesMeeting: number;
  identified: number;
  /** The agency's own share of services meeting the target. */
  share: number;
  /** How many more of its services must meet the target for the agency to reach the share. */
  gapServices: number;
}

export interface TargetCompliance {
  targetId: string;
  targetShare: number;
  /** Eligible agencies below the target share, furthest behind first. */
  lagging: LaggingAgency[];
  /** Eligible agencies with no active services: they have no share to judge, so are listed apart. */
  withoutServices: string[];
}

/**
 * Furthest behind first, so the list reads as a follow-up order; equal shares (compared as
 * exact fractions) fall back to the agency code so the order is stable between runs.
 */
function behindFirst(a: LaggingAgency, b: LaggingAgency): number {
  return compareFractions(a.servicesMeeting, a.identified, b.servicesMeeting, b.identified) || byCode(a, b);
}

export function targetCompliance(agencies: readonly AgencyFigures[], target: MaturityTarget): TargetCompliance {
  const eligible = eligibleOnly(agencies);
  const lagging: LaggingAgency[] = [];
  for (const a of eligible) {
    if (a.identified === 0) continue;
    const servicesMeeting = countMeeting(a.byMaturity, target);
    if (reachesShare(servicesMeeting, a.identified, target.share)) continue;
    lagging.push({
      ...agencyRef(a),
      servicesMeeting,
      identified: a.identified,
      share: servicesMeeting / a.identified,
      gapServices: gapToShare(servicesMeeting, a.identified, target.share),
    });
  }
  return {
    targetId: target.id,
    targetShare: target.share,
    lagging: lagging.sort(behindFirst),
    withoutServices: eligible.filter((a) => a.identified === 0).map((a) => a.code).sort(),
  };
}

export function computeCompliance(agencies: readonly AgencyFigures[], targets: readonly MaturityTarget[]): TargetCompliance[] {
  return targets.map((t) => targetCompliance(agencies, t));
}
