/**
 * Drafts one agency's services: names, topics, audiences, the parent/sub-service structure,
 * service codes and which of them are delivered through the window. Maturity and the other
 * fields are added later (levels.ts, fields.ts) because maturity is balanced nationally.
 */
import type { Audience, LifeEvent, Topic } from '../../src/core/taxonomy.ts';
import type { MaturityLevel } from '../../src/core/maturity.ts';
import { topics } from '../../src/core/taxonomy.ts';
import type { AgencyRow } from './agency-row.ts';
import { actionDemand, domainReach, followUpDemand, signatureDemand } from './demand.ts';
import { domains, type DomainKey } from './domains.ts';
import type { AgencyPlan } from './plan.ts';
import type { Rng } from './prng.ts';
import { signatures } from './signatures.ts';
import { applyAction, lookupActions, qualifiers, subVariantSets, type ActionCode, type Qualifier } from './templates.ts';

export interface ServiceDraft {
  key: string;
  parentKey: string | null;
  agencyCode: string;
  externalCode: string;
  nameFa: string;
  nameEn: string;
  topic: Topic;
  audiences: Audience[];
  lifeEvents: LifeEvent[];
  act: ActionCode;
  level: Qualifier['level'] | null;
  delivered: boolean;
  /** Set nationally by levels.ts once every agency is drafted. */
  maturity: MaturityLevel;
  signature: boolean;
  fixedUsers: number | null;
  /** Expected use before chance (demand.ts): annual users scale with it. */
  demand: number;
}

type Candidate = Omit<ServiceDraft, 'key' | 'parentKey' | 'agencyCode' | 'externalCode' | 'delivered' | 'maturity'>;

const audienceOf: Record<string, Audience> = { c: 'citizens', b: 'businesses', g: 'government' };
const topicKeys = Object.keys(topics) as Topic[];
/** Applications that take days and so get a follow-up service of their own. */
const followable: ReadonlySet<ActionCode> = new Set<ActionCode>(['req', 'issue', 'permit', 'cert', 'file', 'refund', 'obj']);

export function draftAgencyServices(plan: AgencyPlan, rng: Rng): ServiceDraft[] {
  const { row } = plan;
  const subCounts = subServiceCounts(plan.services, rng);
  const baseCount = plan.services - subCounts.reduce((a, b) => a + b, 0);
  const pool = candidates(plan, rng, plan.services);
  const base = pool.slice(0, baseCount);

  // Sub-services split ordinary services that people apply for, never a lookup or a signature.
  const splittable = rng.shuffle(base.map((c, i) => ({ c, i })).filter(({ c }) => !c.signature && !lookupActions.has(c.act)));
  const subsOf = new Map<number, Candidate[]>();
  const names = new Set(base.map((c) => c.nameFa));
  for (const [j, count] of subCounts.entries()) {
    const parent = splittable[j];
    if (!parent) break;
    const set = subVariantSets.find((s) => s.length >= count && s.every((v) => fitsSplit(v, parent.c) && !names.has(`${parent.c.nameFa} (${v.fa})`)));
    if (!set) continue;
    subsOf.set(parent.i, set.slice(0, count).map((v) => qualify(parent.c, v, ' (', ')')));
  }
  // A skipped split must not shrink the agency: top up with further names.
  const missing = plan.services - base.length - [...subsOf.values()].reduce((a, s) => a + s.length, 0);
  base.push(...pool.slice(baseCount, baseCount + missing));

  const serialStart = rng.int(100_000, 300_000);
  const drafts: ServiceDraft[] = [];
  let serial = serialStart;
  for (let i = 0; i < base.length; i++) {
    const c = base[i] as Candidate;
    serial += rng.int(1, 9);
    const code = `${topicKeys.indexOf(c.topic) + 11}${plan.number + 100}${serial}`;
    const key = `${row.code}/${String(drafts.length + 1).padStart(4, '0')}`;
    drafts.push(toDraft(c, key, null, row.code, code));
    for (const [k, sub] of (subsOf.get(i) ?? []).entries()) {
      drafts.push(toDraft(sub, `${row.code}/${String(drafts.length + 1).padStart(4, '0')}`, key, row.code, `${code}-${k + 1}`));
    }
  }

  // Signatures are delivered first: they are what the agency is known for.
  const order = [...drafts.filter((d) => d.signature), ...rng.shuffle(drafts.filter((d) => !d.signature))];
  for (const d of order.slice(0, plan.delivered)) d.delivered = true;
  return drafts;
}

// Written out rather than spread: spreading thousands of objects is markedly slower in V8.
function toDraft(c: Candidate, key: string, parentKey: string | null, agencyCode: string, externalCode: string): ServiceDraft {
  return {
    key, parentKey, agencyCode, externalCode,
    nameFa: c.nameFa, nameEn: c.nameEn, topic: c.topic, audiences: c.audiences, lifeEvents: c.lifeEvents,
    act: c.act, level: c.level, delivered: false, maturity: 0, signature: c.signature, fixedUsers: c.fixedUsers, demand: c.demand,
  };
}

/** Roughly one split service per 45, each into 2–3 sub-services. */
function subServiceCounts(total: number, rng: Rng): number[] {
  if (total < 30) return [];
  return Array.from({ length: Math.floor(total / 45) }, () => (rng.chance(0.3) ? 3 : 2));
}

interface NameStock {
  signatures: Candidate[];
  own: Candidate[];
  general: Candidate[];
  followUps: Candidate[];
  size: number;
}

/**
 * An agency's own names, best first: its signatures, every action on every object of its
 * domains, follow-ups of what one applies for there, then the general services every agency has.
 * Names do not depend on the seed (only their order does), so they are built once.
 */
const stocks = new Map<string, NameStock>();

function nameStock(row: AgencyRow): NameStock {
  const cached = stocks.get(row.code);
  if (cached) return cached;
  const seen = new Set<string>();
  const fresh = (c: Candidate): boolean => {
    if (seen.has(c.nameFa) || seen.has(c.nameEn)) return false;
    seen.add(c.nameFa);
    seen.add(c.nameEn);
    return true;
  };
  const fromDomain = (key: DomainKey, topic: Topic): Candidate[] =>
    domains[key].objects.flatMap((obj) =>
      obj.acts.map((act) => {
        const name = applyAction(act, obj);
        return {
          nameFa: name.fa, nameEn: name.en, topic, audiences: obj.aud, lifeEvents: obj.life, act, level: null, signature: false, fixedUsers: null,
          demand: domainReach[key] * actionDemand[act],
        };
      }),
    );
  const sigs = (signatures[row.code] ?? []).map((s): Candidate => ({
    nameFa: s.fa, nameEn: s.en, topic: domains[s.domain].topic, audiences: [...(s.aud ?? 'c')].map((x) => audienceOf[x] as Audience),
    lifeEvents: s.life ?? [], act: s.act, level: null, signature: true, fixedUsers: s.users ?? null,
    demand: domainReach[s.domain] * actionDemand[s.act] * signatureDemand,
  })).filter(fresh);
  const own = row.domains.flatMap((k) => fromDomain(k, domains[k].topic)).filter(fresh);
  // Agencies register following up an application as a service of its own, for their core
  // applications (following up a media enquiry would not be).
  const followUps = own
    .filter((c) => followable.has(c.act))
    .map((c) => ({ ...c, nameFa: `پیگیری ${c.nameFa}`, nameEn: `${c.nameEn} follow-up`, act: 'track' as const, demand: c.demand * followUpDemand }))
    .filter(fresh);
  const general = fromDomain('generic', domains[row.domains[0] ?? 'generic'].topic).filter(fresh);
  const stock = { signatures: sigs, own, general, followUps, size: sigs.length + own.length + general.length + followUps.length };
  stocks.set(row.code, stock);
  return stock;
}

/** How many services an agency can have before its names need qualifiers. */
export function nameCapacity(row: AgencyRow): number {
  return nameStock(row).size;
}

/** `count` unique names: the agency's own first, then qualified variants of them. */
function candidates(plan: AgencyPlan, rng: Rng, count: number): Candidate[] {
  const stock = nameStock(plan.row);
  const out = [...stock.signatures, ...rng.shuffle(stock.own), ...rng.shuffle(stock.followUps), ...rng.shuffle(stock.general)];
  if (out.length >= count) return out.slice(0, count);
  const seen = new Set<string>();
  for (const c of out) seen.add(c.nameFa).add(c.nameEn);
  // Variants of applications only: a lookup "for rural areas" is the same lookup.
  const unsigned = out.filter((c) => !c.signature);
  const plain = unsigned.filter((c) => !lookupActions.has(c.act));
  const push = (v: Candidate): boolean => {
    if (seen.has(v.nameFa) || seen.has(v.nameEn)) return false;
    seen.add(v.nameFa);
    seen.add(v.nameEn);
    out.push(v);
    return out.length >= count;
  };
  // Variants that serve many come first; those for small groups (residents abroad) only when needed.
  for (const q of qualifiersByDemand) {
    for (const c of plain) if (fits(q, c) && push(qualify(c, q, ' - ', ''))) return out;
  }
  // Only a huge agency on a tiny domain gets here; numbering keeps names unique.
  for (let n = 2; unsigned.length > 0; n++) {
    for (const c of unsigned) if (push({ ...c, nameFa: `${c.nameFa} (${n})`, nameEn: `${c.nameEn} (${n})`, demand: c.demand / n })) return out;
  }
  return out;
}

const qualifiersByDemand = [...qualifiers].sort((a, b) => b.demand - a.demand);

/** A split by who applies needs a service both individuals and legal entities apply for. */
function fitsSplit(v: Qualifier, c: Candidate): boolean {
  return (v.aud ?? []).every((a) => c.audiences.includes(a));
}

/** A qualifier fits a service for its audience, of a topic it applies to. */
function fits(q: Qualifier, c: Candidate): boolean {
  return (!q.needs || c.audiences.includes(q.needs)) && (!q.topics || q.topics.includes(c.topic));
}

function qualify(c: Candidate, q: Qualifier, open: string, close: string): Candidate {
  return {
    ...c,
    nameFa: `${c.nameFa}${open}${q.fa}${close}`,
    nameEn: open === ' - ' ? `${c.nameEn} — ${q.en}` : `${c.nameEn}${open}${q.en}${close}`,
    audiences: q.aud ?? c.audiences,
    level: q.level ?? c.level,
    signature: false,
    fixedUsers: null,
    demand: c.demand * q.demand,
  };
}
