import { agencyRef, byCode, eligibleOnly, type AgencyFigures, type AgencyRef } from './figures.ts';
import { isConnected } from './connection.ts';
import { shareOf } from './ratio.ts';

export interface AgencyCompletion extends AgencyRef {
  connected: boolean;
  identified: number;
  delivered: number;
  notDelivered: number;
  /** delivered / identified; null when the agency has no active services. */
  rate: number | null;
}

export interface CompletionInsights {
  agencies: AgencyCompletion[];
  identified: number;
  delivered: number;
  notDelivered: number;
  /** Σdelivered / Σidentified over eligible agencies, so large agencies weigh more. */
  coverage: number | null;
}

export function computeCompletion(agencies: readonly AgencyFigures[], today: string): CompletionInsights {
  const rows = eligibleOnly(agencies)
    .map((a) => ({
      ...agencyRef(a),
      connected: isConnected(a, today),
      identified: a.identified,
      delivered: a.delivered,
      notDelivered: a.notDelivered,
      rate: shareOf(a.delivered, a.identified),
    }))
    .sort(byCode);
  let identified = 0;
  let delivered = 0;
  let notDelivered = 0;
  for (const r of rows) {
    identified += r.identified;
    delivered += r.delivered;
    notDelivered += r.notDelivered;
  }
  return { agencies: rows, identified, delivered, notDelivered, coverage: shareOf(delivered, identified) };
}
