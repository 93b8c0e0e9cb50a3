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

/**
 * Eligible agencies whose own share of fully electronic (L3+) services is below the announced
 * 20% target. The seed report gives no such figure: 92 is the one the demo's dashboard has
 * published since it was first built, and calibration holds it whatever the seed or the
 * services' names, so reworking the demo's content does not move a published figure.
 */
export const behindFullyElectronic = { share: { num: 1, den: 5 }, agencies: 92 } as const;

/** Services outside the window are mostly listed or informational; some are online elsewhere. */
const undeliveredWeights = [0.3, 0.58, 0.12];

/**
 * Levels for one population of services (eligible or not), with exact national shares for
 * L3+, L4 and L5. Fully electronic services are drawn among delivered ones, favouring better
 * completing agencies and lookups (an inquiry is the easiest service to automate end to end).
 */
export function assignLevels(
  drafts: readonly ServiceDraft[],
  completion: (agencyCode: string) => number,
  rng: Rng,
  behind: number | null = null,
): void {
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
  const picked = keyed.slice(0, high);
  if (behind !== null) balanceBehind(drafts, picked, keyed.slice(high), behind);
  const chosen = rng.shuffle(picked);
  chosen.forEach(({ i }, j) => (levels[i] = j < l5 ? 5 : j < l5 + l4 ? 4 : 3));
  drafts.forEach((d, i) => (d.maturity = levels[i] ?? 0));
}

interface AgencyLevels {
  code: string;
  identified: number;
  /** Its fully electronic services, least preferred last. */
  picked: { i: number; key: number }[];
  /** Its delivered services not (yet) fully electronic, most preferred first. */
  spare: { i: number; key: number }[];
}

/**
 * Moves fully electronic picks between agencies, never changing their total, until exactly
 * `target` agencies are below the 20% share: each move lifts the behind agency closest to the
 * share over it (or drops the agency closest above it below), taking from or giving to agencies
 * whose standing does not change. Agencies are taken in a fixed order, so the result is
 * deterministic.
 */
function balanceBehind(
  drafts: readonly ServiceDraft[],
  picked: { i: number; key: number }[],
  unpicked: readonly { i: number; key: number }[],
  target: number,
): void {
  const { num, den } = behindFullyElectronic.share;
  const byCode = new Map<string, AgencyLevels>();
  const agency = (i: number): AgencyLevels => {
    const code = (drafts[i] as ServiceDraft).agencyCode;
    let a = byCode.get(code);
    if (!a) byCode.set(code, (a = { code, identified: 0, picked: [], spare: [] }));
    return a;
  };
  drafts.forEach((_, i) => agency(i).identified++);
  for (const p of picked) agency(p.i).picked.push(p);
  for (const u of unpicked) agency(u.i).spare.push(u);
  for (const a of byCode.values()) a.picked.sort((x, y) => y.key - x.key);

  /** Picks the agency needs to reach the share (≤ 0: how many it can give and still reach it). */
  const need = (a: AgencyLevels) => Math.ceil((a.identified * num) / den) - a.picked.length;
  const isBehind = (a: AgencyLevels) => need(a) > 0;
  const agencies = [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
  const move = (from: AgencyLevels, to: AgencyLevels) => {
    const p = from.picked.pop() as { i: number; key: number };
    from.spare.unshift(p);
    const q = to.spare.shift() as { i: number; key: number };
    to.picked.push(q);
    picked[picked.indexOf(p)] = q;
  };

  for (let count = agencies.filter(isBehind).length; count !== target; count = agencies.filter(isBehind).length) {
    if (count > target) {
      // Lift the behind agency closest to the share, with picks others can spare.
      const lift = agencies.filter((a) => isBehind(a) && a.spare.length >= need(a)).sort((a, b) => need(a) - need(b))[0];
      if (!lift) throw new Error('demo dataset: no agency can be lifted to the fully electronic target');
      let missing = need(lift);
      for (const donor of [...agencies].sort((a, b) => need(a) - need(b))) {
        if (donor === lift) continue;
        while (missing > 0 && donor.picked.length > 0 && (isBehind(donor) || need(donor) < 0)) {
          move(donor, lift);
          missing--;
        }
        if (missing === 0) break;
      }
      if (missing > 0) throw new Error('demo dataset: not enough fully electronic services to lift an agency');
    } else {
      // Drop the agency closest above the share below it, giving its picks to agencies that stay where they are.
      const drop = agencies.filter((a) => !isBehind(a) && a.picked.length > 0).sort((a, b) => need(b) - need(a))[0];
      if (!drop) throw new Error('demo dataset: no agency can drop below the fully electronic target');
      let surplus = 1 - need(drop);
      for (const taker of agencies) {
        if (taker === drop) continue;
        while (surplus > 0 && taker.spare.length > 0 && (!isBehind(taker) || need(taker) > 1)) {
          move(drop, taker);
          surplus--;
        }
        if (surplus === 0) break;
      }
      if (surplus > 0) throw new Error('demo dataset: nowhere to move fully electronic services');
    }
  }
}
