/**
 * Completes a drafted service once its maturity is known. Most fields follow from maturity
 * and delivery so the record stays coherent: a delivered L4 service asks for few documents,
 * fetches evidence by inquiry and needs no visit; an unlisted L0 service is a counter errand.
 */
import type { Bilingual, ServiceInquiry } from '../../src/registry/model.ts';
import type { DeliveryStatus, MaturityLevel } from '../../src/core/maturity.ts';
import type { Channel } from '../../src/core/taxonomy.ts';
import type { AgencyRow } from './agency-row.ts';
import { evidenceTemplates, inquiryTemplates } from './evidence.ts';
import { agencyHost, portalHost } from './hosts.ts';
import type { Rng } from './prng.ts';
import type { ServiceDraft } from './services.ts';
import { lookupActions, sovereignActions } from './templates.ts';
import type { DemoService } from './types.ts';

export interface AgencyContext {
  row: AgencyRow;
  connected: boolean;
}

const fees = [50_000, 100_000, 150_000, 200_000, 300_000, 500_000, 750_000, 1_000_000, 2_000_000, 5_000_000];
const slas = [1, 2, 3, 5, 7, 10, 15, 20, 30, 45];
const heavyActs = new Set(['permit', 'issue', 'cert']);

export function finishService(d: ServiceDraft, ctx: AgencyContext, rng: Rng): DemoService {
  const { maturity } = d;
  const lookup = lookupActions.has(d.act);
  const host = agencyHost(ctx.row.slug);
  const deliveryStatus: DeliveryStatus = d.delivered ? 'delivered' : ctx.connected && rng.chance(0.45) ? 'listed' : 'not_in_window';
  const slaDays = lookup ? (rng.chance(0.7) ? 0 : 1) : rng.chance(0.05) ? null : slas[rng.int(heavyActs.has(d.act) ? 3 : 0, slas.length - 1)] ?? 7;
  const description = describe(d, deliveryStatus, maturity, lookup, ctx.row);

  return {
    key: d.key,
    parentKey: d.parentKey,
    agencyCode: d.agencyCode,
    externalCode: d.externalCode,
    nameFa: d.nameFa,
    nameEn: d.nameEn,
    descriptionFa: description.fa,
    descriptionEn: description.en,
    topic: d.topic,
    audiences: [...d.audiences],
    lifeEvents: [...d.lifeEvents],
    maturity,
    deliveryStatus,
    channels: channelsFor(d.delivered, maturity, rng),
    feeAmount: lookup ? 0 : rng.chance(0.03) ? null : rng.chance(0.4) ? 0 : fees[rng.int(heavyActs.has(d.act) ? 4 : 0, heavyActs.has(d.act) ? fees.length - 1 : 6)] ?? 0,
    slaDays,
    requiredEvidence: evidenceFor(d, maturity, lookup, rng),
    inquiries: inquiriesFor(d, maturity, lookup, rng),
    serviceType: d.audiences.includes('citizens') ? 'G2C' : d.audiences.includes('businesses') ? 'G2B' : 'G2G',
    nature: sovereignActions.has(d.act) ? 'sovereign' : 'operational',
    serviceLevel: d.level ?? (['national', 'provincial', 'city'] as const)[rng.weighted([0.72, 0.2, 0.08])] ?? 'national',
    trigger: triggerFor(d, maturity, rng),
    inPersonVisits: d.delivered ? (maturity >= 3 ? 0 : rng.int(0, 1)) : maturity >= 2 ? rng.int(0, 1) : rng.int(1, 3),
    avgProcessingDays: processingDays(slaDays, d.delivered, lookup, rng),
    accessUrl: d.delivered
      ? `https://${portalHost}/service/${d.externalCode}`
      : maturity >= 2 ? `https://${host}/e-services/${d.externalCode}` : null,
    annualUsers: d.fixedUsers ?? annualUsers(d, rng),
    complaintChannel: `https://${host}/complaints`,
  };
}

function channelsFor(delivered: boolean, maturity: MaturityLevel, rng: Rng): Channel[] {
  if (delivered) return maturity === 2 && rng.chance(0.5) ? ['web', 'mobile', 'counter'] : ['web', 'mobile'];
  return maturity >= 2 ? ['web', 'counter'] : ['counter'];
}

function evidenceFor(d: ServiceDraft, maturity: MaturityLevel, lookup: boolean, rng: Rng): Bilingual[] {
  const count = lookup ? 0 : maturity >= 4 ? rng.int(0, 1) : maturity === 3 ? rng.int(1, 2) : rng.int(1, 3);
  const fitting = cached(evidenceByTopic, d.topic, () => evidenceTemplates.filter((e) => e.topics.length === 0 || e.topics.includes(d.topic)));
  return distinctPicks(fitting.length, count, rng, () => 1).map((i) => {
    const { fa, en } = fitting[i] as Bilingual;
    return { fa, en };
  });
}

function inquiriesFor(d: ServiceDraft, maturity: MaturityLevel, lookup: boolean, rng: Rng): ServiceInquiry[] {
  const count = lookup ? rng.int(0, 1) : maturity >= 4 ? rng.int(2, 3) : maturity === 3 ? rng.int(1, 2) : maturity === 2 ? rng.int(0, 2) : rng.chance(0.3) ? 1 : 0;
  const byTopic = cached(inquiriesByAgency, d.agencyCode, () => new Map<string, typeof inquiryTemplates>());
  const pool = cached(byTopic, d.topic, () =>
    inquiryTemplates.filter((q) => q.agencyCode !== d.agencyCode && (q.topics.length === 0 || q.topics.includes(d.topic))),
  );
  return distinctPicks(pool.length, count, rng, (i) => pool[i]?.weight ?? 0).map((i) => {
    const { agencyCode, fa, en } = pool[i] as ServiceInquiry;
    return { agencyCode, fa, en };
  });
}

// Filtering the templates once per topic (not once per service) keeps generation fast.
const evidenceByTopic = new Map<string, typeof evidenceTemplates>();
const inquiriesByAgency = new Map<string, Map<string, typeof inquiryTemplates>>();

function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let v = cache.get(key);
  if (v === undefined) {
    v = make();
    cache.set(key, v);
  }
  return v;
}

/** `count` distinct indices below `size`, each drawn with probability proportional to weight. */
function distinctPicks(size: number, count: number, rng: Rng, weight: (i: number) => number): number[] {
  const out: number[] = [];
  if (count <= 0 || size === 0) return out;
  const weights: number[] = [];
  for (let i = 0; i < size; i++) weights.push(weight(i));
  while (out.length < Math.min(count, size)) {
    const i = rng.weighted(weights);
    weights[i] = 0;
    out.push(i);
  }
  return out;
}

function triggerFor(d: ServiceDraft, maturity: MaturityLevel, rng: Rng): DemoService['trigger'] {
  if (maturity === 5) return d.lifeEvents.length > 0 ? 'on_life_event' : rng.chance(0.5) ? 'on_date' : 'on_agency_initiative';
  if ((d.act === 'pay' || d.act === 'renew') && rng.chance(0.25)) return 'on_date';
  return 'on_request';
}

function processingDays(sla: number | null, delivered: boolean, lookup: boolean, rng: Rng): number | null {
  if (lookup) return 0;
  if (sla === null || (!delivered && rng.chance(0.4))) return null;
  const factor = delivered ? 0.3 + 0.7 * rng.next() : 0.6 + rng.next();
  return Math.round(sla * factor * 2) / 2;
}

const usersBase = { citizens: 150_000, businesses: 15_000, government: 5_000 } as const;

/** Log-normal around the service's demand (demand.ts): a few services serve millions, most a few thousand. */
function annualUsers(d: ServiceDraft, rng: Rng): number | null {
  // Some agencies do not count their users; every agency counts those of its best-known services.
  if (rng.chance(0.04) && !d.signature) return null;
  const main = d.audiences[0] ?? 'citizens';
  const x = usersBase[main] * d.demand * Math.exp(0.7 * rng.normal()) * (d.delivered ? 1.6 : 1);
  // Capped well below the three services the seed report names as the most requested.
  return Math.max(10, Math.round(Math.min(x, 12_000_000) / 10) * 10);
}

const how: Record<DeliveryStatus, Bilingual> = {
  delivered: { fa: 'درخواست برخط در پنجره ملی خدمات و پیگیری با یک کد رهگیری.', en: 'Apply online through the national window and follow it with one tracking code.' },
  listed: { fa: 'معرفی‌شده در پنجره ملی خدمات؛ ارائه در دفاتر دستگاه.', en: 'Listed in the national window; provided at the agency’s offices.' },
  not_in_window: { fa: 'فعلاً به‌صورت حضوری در دفاتر دستگاه ارائه می‌شود.', en: 'Currently provided in person at the agency’s offices.' },
};
const instant: Bilingual = { fa: 'پاسخ فوری و برخط از طریق پنجره ملی خدمات.', en: 'Answered instantly online through the national window.' };
const byLevel: Partial<Record<MaturityLevel, Bilingual>> = {
  4: { fa: ' مدارک لازم از دستگاه‌های دیگر استعلام می‌شود.', en: ' Supporting documents are fetched from other agencies.' },
};
const proactive: Bilingual = {
  fa: 'بدون نیاز به درخواست و به‌صورت پیش‌نگر از طریق پنجره ملی خدمات ارائه می‌شود.',
  en: 'Provided proactively through the national window, without an application.',
};

function describe(d: ServiceDraft, status: DeliveryStatus, maturity: MaturityLevel, lookup: boolean, row: AgencyRow): Bilingual {
  const main = status !== 'delivered' ? how[status] : maturity === 5 ? proactive : lookup ? instant : how.delivered;
  const extra = byLevel[maturity] ?? { fa: '', en: '' };
  return {
    fa: `${d.nameFa}، از خدمات ${row.fa}. ${main.fa}${extra.fa}`,
    en: `${d.nameEn}. Provider: ${row.en}. ${main.en}${extra.en}`,
  };
}
