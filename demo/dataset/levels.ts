/**
 * Maturity levels. The announced targets are 20% fully electronic (L3+), 100% electronic
 * (L2+) and 40% smart; the demo is honest about them: L3+ is set below the 20% target and
 * smart (L5) services are rare, so the dashboard shows targets not yet met.
 */
import type { MaturityLevel } from '../../src/core/maturity.ts';
import type { Rng } from './prng.ts';
import type { ServiceDraft } from './services.ts';
import { lookupActions } from './templates.ts';

export const levelShares = { atLeastL3: 0.165, l4: 0.055, l5: 0.03 } as const;

/** Services outside the window are mostly listed or informational; some are online elsewhere. */
const undeliveredWeights = [0.3, 0.58, 0.12];

/**
 * Levels for one population of services (eligible or not), with exact national shares for
 * L3+, L4 and L5. Fully electronic services are drawn among delivered ones, favouring better
 * completing agencies and lookups (an inquiry is the easiest service to automate end to end).
 */
export function assignLevels(drafts: readonly ServiceDraft[], completion: (agencyCode: string) => number, rng: Rng): void {
  const n = drafts.length;
  const levels: MaturityLevel[] = drafts.map((d) => (d.delivered ? 2 : ([0, 1, 2] as const)[rng.weighted(undeliveredWeights)] ?? 1));

  // Weighted sampling without replacement (Efraimidis–Spirakis): the top keys u^(1/w) win.
  const keyed = drafts
    .map((d, i) => ({ d, i }))
    .filter(({ d }) => d.delivered)
    .map(({ d, i }) => {
      const w = (completion(d.agencyCode) + 0.1) ** 2 * (lookupActions.has(d.act) ? 2 : 1) * (d.signature ? 4 : 1);
      return { i, key: rng.next() ** (1 / w) };
    })
    .sort((a, b) => b.key - a.key || a.i - b.i);

  const high = Math.min(keyed.length, Math.round(levelShares.atLeastL3 * n));
  const l5 = Math.round(levelShares.l5 * n);
  const l4 = Math.round(levelShares.l4 * n);
  const chosen = rng.shuffle(keyed.slice(0, high));
  chosen.forEach(({ i }, j) => (levels[i] = j < l5 ? 5 : j < l5 + l4 ? 4 : 3));
  drafts.forEach((d, i) => (d.maturity = levels[i] ?? 0));
}
