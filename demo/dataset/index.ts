/**
 * The synthetic, bilingual demo dataset: Iran's agencies and ~8,250 services, calibrated to
 * the public figures of the national window (seed report). Deterministic: the same seed
 * always yields the same data, so tests, screenshots and benchmarks can rely on it.
 *
 * Contacts and URLs live under the reserved `.example` domain (hosts.ts) so nobody mistakes them
 * for real ones.
 */
import { agencyRows } from './agencies.ts';
import { agencyHost } from './hosts.ts';
import { finishService } from './fields.ts';
import { assignLevels, behindFullyElectronic } from './levels.ts';
import { planAgencies, type AgencyPlan } from './plan.ts';
import { Rng } from './prng.ts';
import { draftAgencyServices, nameCapacity, type ServiceDraft } from './services.ts';
import type { DemoAgency, DemoDataset, DemoService } from './types.ts';

export type { DemoAgency, DemoDataset, DemoService } from './types.ts';
export { seedFigures } from './plan.ts';

export function generateDemoDataset(seed = 1402): DemoDataset {
  const root = new Rng(seed);
  const plans = planAgencies(agencyRows, root.fork('plan'), nameCapacity);
  const agencies = plans.map((p) => toAgency(p, root.fork(`agency:${p.row.code}`)));

  const drafts = new Map<AgencyPlan, ServiceDraft[]>();
  for (const p of plans) drafts.set(p, draftAgencyServices(p, root.fork(`services:${p.row.code}`)));

  // Maturity is balanced nationally, separately for services in and out of the window's scope.
  const completion = new Map(plans.map((p) => [p.row.code, p.services === 0 ? 0 : p.delivered / p.services]));
  const rate = (code: string): number => completion.get(code) ?? 0;
  for (const eligible of [true, false]) {
    const pool = plans.filter((p) => p.row.eligible === eligible).flatMap((p) => drafts.get(p) ?? []);
    assignLevels(pool, rate, root.fork(eligible ? 'levels:eligible' : 'levels:other'), eligible ? behindFullyElectronic.agencies : null);
  }

  const services: DemoService[] = [];
  for (const p of plans) {
    const rng = root.fork(`fields:${p.row.code}`);
    const ctx = { row: p.row, connected: p.connectedOn !== null };
    for (const d of drafts.get(p) ?? []) services.push(finishService(d, ctx, rng));
  }
  return { agencies, services };
}

function toAgency(p: AgencyPlan, rng: Rng): DemoAgency {
  const { row } = p;
  const area = row.area ?? '21';
  // Tehran numbers have eight digits after the area code, provincial capitals too.
  const subscriber = `${rng.int(3, 8)}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
  return {
    code: row.code,
    nameFa: row.fa,
    nameEn: row.en,
    kind: row.kind,
    parentCode: row.parent,
    eligible: row.eligible,
    connectedOn: p.connectedOn,
    contactEmail: `info@${agencyHost(row.slug)}`,
    contactPhone: `+98 ${area} ${subscriber.slice(0, 4)} ${subscriber.slice(4)}`,
    website: `https://${agencyHost(row.slug)}`,
  };
}
