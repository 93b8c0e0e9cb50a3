/**
 * Calibration: decides, per agency, how many services it has, how many it delivers through
 * the window and when it connected, so that the totals land exactly on the seed report's
 * figures whatever the seed — the seed only changes which agency gets what.
 */
import type { AgencyKind } from '../../src/core/taxonomy.ts';
import type { AgencyRow } from './agency-row.ts';
import type { Rng } from './prng.ts';

/** The public figures the demo reproduces (seed report; counted over eligible agencies). */
export const seedFigures = {
  eligible: 142,
  connected: 137,
  connectedIn: { 2021: 10, 2022: 119, 2023: 8 },
  services: 8250,
  delivered: 5200,
} as const;

export interface AgencyPlan {
  row: AgencyRow;
  /** 1-based position of the agency, stable across seeds; part of its services' codes. */
  number: number;
  services: number;
  delivered: number;
  connectedOn: string | null;
}

/** Typical size of an agency of each kind, before scaling to the national total. */
const kindBase: Record<AgencyKind, number> = {
  ministry: 110,
  independent_institution: 55,
  subordinate_organisation: 90,
  other: 60,
};

/**
 * Completion ranges for agencies the seed says nothing about. They sit strictly between the
 * pinned leaders and laggards of their kind, so the seed's rankings hold for every seed.
 */
const bands: Record<AgencyKind, [number, number]> = {
  ministry: [0.32, 0.85],
  independent_institution: [0.22, 0.93],
  subordinate_organisation: [0.12, 0.86],
  other: [0.25, 0.88],
};
/** A few unnamed subordinate organisations outdo Tax and Social Security, as in real life. */
const leaderBand: [number, number] = [0.88, 1];
const leaderCount = 6;
const minServices = 12;
/** Agencies may exceed their plain names by this factor, using qualified variants. */
const capacityStretch = 1.35;

interface Draft {
  row: AgencyRow;
  number: number;
  raw: number;
  services: number;
  delivered: number;
  band: [number, number] | null;
  latent: number;
}

export function planAgencies(rows: readonly AgencyRow[], rng: Rng, capacity: (row: AgencyRow) => number): AgencyPlan[] {
  const drafts: Draft[] = rows.map((row, i) => ({
    row,
    number: i + 1,
    raw: kindBase[row.kind] * (row.size ?? 1) * Math.exp(0.35 * rng.normal()),
    services: row.pin?.services ?? 0,
    delivered: row.pin?.delivered ?? 0,
    band: null,
    latent: rng.next(),
  }));
  const eligible = drafts.filter((d) => d.row.eligible);
  const never = eligible.filter((d) => d.row.joined === 'never').length;
  // The tables are edited by hand; fail loudly rather than generate figures that drifted.
  if (eligible.length !== seedFigures.eligible || eligible.length - never !== seedFigures.connected) {
    throw new Error(`demo dataset: ${eligible.length} eligible agencies, ${never} never connected`);
  }
  const free = eligible.filter((d) => !d.row.pin);
  const connectedFree = free.filter((d) => d.row.joined !== 'never');

  const leaders = new Set(rng.shuffle(connectedFree.filter((d) => d.row.kind === 'subordinate_organisation')).slice(0, leaderCount));
  for (const d of connectedFree) d.band = leaders.has(d) ? leaderBand : bands[d.row.kind];

  sizeToTotal(free, seedFigures.services - sum(eligible.filter((d) => d.row.pin), (d) => d.services), capacity, rng);
  deliverToTotal(connectedFree, seedFigures.delivered - sum(eligible.filter((d) => d.row.pin), (d) => d.delivered), rng);

  for (const d of drafts.filter((x) => !x.row.eligible)) {
    d.services = Math.max(minServices, Math.min(Math.round(d.raw), Math.floor(capacity(d.row) * capacityStretch)));
    d.delivered = d.row.joined === 'never' ? 0 : Math.round(d.services * (0.3 + 0.5 * d.latent));
  }

  const years = connectionYears(drafts, rng);
  return drafts.map((d) => ({
    row: d.row,
    number: d.number,
    services: d.services,
    delivered: d.delivered,
    connectedOn: connectionDate(years.get(d) ?? null, rng),
  }));
}

/**
 * Scales drawn sizes so they add up to `total`, keeping their proportions, except that no
 * agency grows far past the names its domains offer (it would be all "— provincial offices").
 */
function sizeToTotal(drafts: Draft[], total: number, capacity: (row: AgencyRow) => number, rng: Rng): void {
  const max = new Map(drafts.map((d) => [d, Math.max(minServices, Math.floor(capacity(d.row) * capacityStretch))]));
  const bounded = (d: Draft, n: number): number => Math.min(max.get(d) ?? minServices, Math.max(minServices, n));
  const at = (scale: number): number => {
    let n = 0;
    for (const d of drafts) {
      d.services = bounded(d, Math.round(d.raw * scale));
      n += d.services;
    }
    return n;
  };
  let lo = 0;
  let hi = 64;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (at(mid) > total) hi = mid;
    else lo = mid;
  }
  let residual = total - at(lo);
  const order = rng.shuffle(drafts);
  while (residual !== 0) {
    let moved = false;
    for (const d of order) {
      if (residual === 0) break;
      const step = residual > 0 ? 1 : -1;
      if (bounded(d, d.services + step) !== d.services) {
        d.services += step;
        residual -= step;
        moved = true;
      }
    }
    if (!moved) throw new Error('demo dataset: cannot reach the service total');
  }
}

/**
 * Each agency's completion is `lo + (hi - lo) * latent^p` within its band; one exponent p,
 * found by bisection, moves every agency together until the delivered total is reached, and
 * the last few units are placed one by one. Agencies thus keep the order their draw gave them.
 */
function deliverToTotal(drafts: Draft[], total: number, rng: Rng): void {
  const bounds = (d: Draft): [number, number] => {
    const [lo, hi] = d.band ?? [0, 0];
    const min = Math.ceil(lo * d.services - 1e-9);
    const max = Math.floor(hi * d.services + 1e-9);
    if (min > max) throw new Error(`demo dataset: ${d.row.code} is too small for its completion band`);
    return [min, max];
  };
  const at = (p: number): number => {
    let n = 0;
    for (const d of drafts) {
      const [lo, hi] = d.band ?? [0, 0];
      const [min, max] = bounds(d);
      d.delivered = Math.min(max, Math.max(min, Math.round(d.services * (lo + (hi - lo) * d.latent ** p))));
      n += d.delivered;
    }
    return n;
  };
  let lo = Math.log(1 / 32);
  let hi = Math.log(32);
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (at(Math.exp(mid)) > total) lo = mid;
    else hi = mid;
  }
  let residual = total - at(Math.exp(hi));
  const order = rng.shuffle(drafts);
  while (residual !== 0) {
    let moved = false;
    for (const d of order) {
      if (residual === 0) break;
      const [min, max] = bounds(d);
      if (residual > 0 && d.delivered < max) {
        d.delivered++;
        residual--;
        moved = true;
      } else if (residual < 0 && d.delivered > min) {
        d.delivered--;
        residual++;
        moved = true;
      }
    }
    if (!moved) throw new Error('demo dataset: cannot reach the delivered total');
  }
}

/** Pinned years first; the remaining 2023 slots go to agencies drawn at random, the rest to 2022. */
function connectionYears(drafts: Draft[], rng: Rng): Map<Draft, number | null> {
  const years = new Map<Draft, number | null>();
  for (const d of drafts) {
    const j = d.row.joined;
    years.set(d, j === 'never' ? null : (j ?? null));
  }
  const eligible = drafts.filter((d) => d.row.eligible);
  const pinned2023 = eligible.filter((d) => d.row.joined === 2023).length;
  const open = rng.shuffle(eligible.filter((d) => d.row.joined === undefined && !d.row.pin));
  for (const d of open.slice(0, seedFigures.connectedIn[2023] - pinned2023)) years.set(d, 2023);
  for (const d of drafts) if (d.row.joined === undefined && years.get(d) === null) years.set(d, 2022);

  const count = (y: number | null) => eligible.filter((d) => years.get(d) === y).length;
  for (const y of [2021, 2022, 2023] as const) {
    if (count(y) !== seedFigures.connectedIn[y]) throw new Error(`demo dataset: ${count(y)} agencies connected in ${y}`);
  }
  return years;
}

/** Connections ran from the window's launch (Nowruz 1400) to the conference in late 2023. */
const yearSpans: Record<number, [string, number]> = { 2021: ['2021-03-21', 283], 2022: ['2022-01-08', 353], 2023: ['2023-01-14', 310] };

function connectionDate(year: number | null, rng: Rng): string | null {
  if (year === null) return null;
  const span = yearSpans[year];
  if (!span) throw new Error(`demo dataset: no connection span for ${year}`);
  const start = Date.parse(`${span[0]}T00:00:00Z`);
  return new Date(start + rng.int(0, span[1]) * 86_400_000).toISOString().slice(0, 10);
}

function sum<T>(items: readonly T[], f: (t: T) => number): number {
  let n = 0;
  for (const t of items) n += f(t);
  return n;
}
