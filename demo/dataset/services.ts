/**
 * Drafts one agency's services: names, topics, audiences, the parent/sub-service structure,
 * service codes and which of them are delivered through the window. Maturity and the other
 * fields are added later (levels.ts, fields.ts) because maturity is balanced nationally.
 */
import type { Audience, LifeEvent, Topic } from '../../src/core/taxonomy.ts';
import { topics } from '../../src/core/taxonomy.ts';
import { domains } from './domains.ts';
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
  signature: boolean;
  fixedUsers: number | null;
}

type Candidate = Omit<ServiceDraft, 'key' | 'parentKey' | 'agencyCode' | 'externalCode' | 'delivered'>;

const audienceOf: Record<string, Audience> = { c: 'citizens', b: 'businesses', g: 'government' };
const topicKeys = Object.keys(topics) as Topic[];

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
    const set = subVariantSets.find((s) => s.length >= count && s.every((v) => !names.has(`${parent.c.nameFa} (${v.fa})`)));
    if (!set) continue;
    subsOf.set(parent.i, set.slice(0, count).map((v) => qualify(parent.c, v, ' (', ')')));
  }
  // A skipped split must not shrink the agency: top up with further names.
  const missing = plan.services - base.length - [...subsOf.values()].reduce((a, s) => a + s.length, 0);
  base.push(...pool.slice(baseCount, baseCount + missing));

  const serialStart = rng.int(100_000, 300_000);
  const drafts: ServiceDraft[] = [];
  let serial = serialStart;
  for (const [i, c] of base.entries()) {
    serial += rng.int(1, 9);
    const code = `${topicKeys.indexOf(c.topic) + 11}${plan.number + 100}${serial}`;
    const key = `${row.code}/${String(drafts.length + 1).padStart(4, '0')}`;
    drafts.push({ ...c, key, parentKey: null, agencyCode: row.code, externalCode: code, delivered: false });
    for (const [k, sub] of (subsOf.get(i) ?? []).entries()) {
      drafts.push({
        ...sub,
        key: `${row.code}/${String(drafts.length + 1).padStart(4, '0')}`,
        parentKey: key,
        agencyCode: row.code,
        externalCode: `${code}-${k + 1}`,
        delivered: false,
      });
    }
  }

  // Signatures are delivered first: they are what the agency is known for.
  const order = [...drafts.filter((d) => d.signature), ...rng.shuffle(drafts.filter((d) => !d.signature))];
  for (const d of order.slice(0, plan.delivered)) d.delivered = true;
  return drafts;
}

/** Roughly one split service per 45, each into 2–3 sub-services. */
function subServiceCounts(total: number, rng: Rng): number[] {
  if (total < 30) return [];
  return Array.from({ length: Math.floor(total / 45) }, () => (rng.chance(0.3) ? 3 : 2));
}

/**
 * Unique names for an agency, best first: its signatures, then every action on every object
 * of its domains, then the general services every agency has, then qualified variants.
 */
function candidates(plan: AgencyPlan, rng: Rng, count: number): Candidate[] {
  const { row } = plan;
  const mainTopic = domains[row.domains[0] ?? 'generic'].topic;
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const add = (c: Candidate): boolean => {
    if (seen.has(c.nameFa) || seen.has(c.nameEn)) return false;
    seen.add(c.nameFa);
    seen.add(c.nameEn);
    out.push(c);
    return out.length >= count;
  };

  for (const s of signatures[row.code] ?? []) {
    const aud = [...(s.aud ?? 'c')].map((x) => audienceOf[x] as Audience);
    const c: Candidate = {
      nameFa: s.fa, nameEn: s.en, topic: domains[s.domain].topic, audiences: aud, lifeEvents: s.life ?? [],
      act: s.act, level: null, signature: true, fixedUsers: s.users ?? null,
    };
    if (add(c)) return out;
  }
  const fromDomain = (key: keyof typeof domains, topic: Topic): Candidate[] =>
    domains[key].objects.flatMap((obj) =>
      obj.acts.map((act) => {
        const name = applyAction(act, obj);
        return { nameFa: name.fa, nameEn: name.en, topic, audiences: obj.aud, lifeEvents: obj.life, act, level: null, signature: false, fixedUsers: null };
      }),
    );
  const own = rng.shuffle(row.domains.flatMap((k) => fromDomain(k, domains[k].topic)));
  const general = rng.shuffle(fromDomain('generic', mainTopic));
  for (const c of [...own, ...general]) if (add(c)) return out;

  const plain = out.filter((c) => !c.signature);
  for (const qualifier of rng.shuffle(qualifiers)) {
    for (const c of plain) if (add(qualify(c, qualifier, ' - ', ''))) return out;
  }
  // Only a huge agency on a tiny domain gets here; numbering keeps names unique.
  for (let n = 2; out.length < count; n++) {
    for (const c of plain) if (add({ ...c, nameFa: `${c.nameFa} (${n})`, nameEn: `${c.nameEn} (${n})` })) return out;
  }
  return out;
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
  };
}
