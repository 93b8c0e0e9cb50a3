/**
 * Building blocks of demo service names. A name is an action applied to an object
 * ("request" + "electricity connection"), written separately in each language because
 * Persian puts the action first (درخواست انشعاب برق) and English usually last.
 */
import type { Audience, LifeEvent, Topic } from '../../src/core/taxonomy.ts';

export const actions = {
  req: { fa: 'درخواست {o}', en: '{o} request' },
  issue: { fa: 'صدور {o}', en: '{o} issuance' },
  renew: { fa: 'تمدید {o}', en: '{o} renewal' },
  dup: { fa: 'صدور المثنی {o}', en: 'duplicate {o} issuance' },
  inq: { fa: 'استعلام {o}', en: '{o} inquiry' },
  track: { fa: 'پیگیری {o}', en: '{o} follow-up' },
  reg: { fa: 'ثبت {o}', en: '{o} registration' },
  enrol: { fa: 'ثبت‌نام {o}', en: '{o} enrolment' },
  cancel: { fa: 'ابطال {o}', en: '{o} cancellation' },
  transfer: { fa: 'انتقال {o}', en: '{o} transfer' },
  pay: { fa: 'پرداخت {o}', en: '{o} payment' },
  appt: { fa: 'نوبت‌دهی {o}', en: '{o} appointment booking' },
  amend: { fa: 'اصلاح {o}', en: '{o} correction' },
  obj: { fa: 'اعتراض به {o}', en: 'objection to {o}' },
  file: { fa: 'ارسال {o}', en: '{o} filing' },
  refund: { fa: 'استرداد {o}', en: '{o} refund' },
  permit: { fa: 'صدور مجوز {o}', en: '{o} permit issuance' },
  prenew: { fa: 'تمدید مجوز {o}', en: '{o} permit renewal' },
  view: { fa: 'مشاهده {o}', en: '{o} lookup' },
  cert: { fa: 'صدور گواهی {o}', en: '{o} certificate issuance' },
  change: { fa: 'تغییر {o}', en: 'change of {o}' },
} as const;
export type ActionCode = keyof typeof actions;

/** Actions that only read data: free, instant, and the easiest to make fully electronic. */
export const lookupActions: ReadonlySet<ActionCode> = new Set<ActionCode>(['inq', 'view', 'track']);
/** Acts of public authority (issuing, permitting, registering) rather than operations. */
export const sovereignActions: ReadonlySet<ActionCode> = new Set<ActionCode>([
  'issue', 'renew', 'dup', 'permit', 'prenew', 'cert', 'reg', 'cancel', 'file', 'obj',
]);

export interface ObjectTemplate {
  fa: string;
  en: string;
  acts: ActionCode[];
  aud: Audience[];
  life: LifeEvent[];
}

export interface Domain {
  topic: Topic;
  objects: ObjectTemplate[];
}

const audienceCodes: Record<string, Audience> = { c: 'citizens', b: 'businesses', g: 'government' };

/**
 * One object row. `acts` and `aud` are compact codes ('req issue', 'cb') so a domain reads as a
 * table; they are checked here so a typo fails at load instead of producing odd names.
 */
export function o(fa: string, en: string, acts: string, aud = 'c', life: LifeEvent[] = []): ObjectTemplate {
  const parsed = derived(
    acts.split(' ').map((a) => {
      if (!(a in actions)) throw new Error(`demo template "${en}": unknown action ${a}`);
      return a as ActionCode;
    }),
    aud,
  );
  const audiences = [...aud].map((c) => {
    const a = audienceCodes[c];
    if (a === undefined) throw new Error(`demo template "${en}": unknown audience ${c}`);
    return a;
  });
  return { fa, en, acts: parsed, aud: audiences, life };
}

/**
 * What holding a document or permit implies, so the tables need not repeat it: an issued
 * document can be verified by inquiry and, if renewable, replaced; "renew" on a permit renews
 * the permit (not the activity); a business's permit is renewable.
 */
function derived(acts: ActionCode[], aud: string): ActionCode[] {
  const out = new Set(acts.map((a) => (a === 'renew' && acts.includes('permit') ? 'prenew' : a)));
  if (out.has('issue')) out.add('inq');
  if (out.has('issue') && out.has('renew')) out.add('dup');
  if (out.has('permit') && aud.includes('b')) out.add('prenew');
  return [...out];
}

export function applyAction(act: ActionCode, obj: { fa: string; en: string }): { fa: string; en: string } {
  const a = actions[act];
  return { fa: a.fa.replace('{o}', obj.fa), en: capitalise(a.en.replace('{o}', obj.en)) };
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Variants that turn one service into several distinct ones when an agency needs more names
 * than its domains offer; each also says who or where it serves.
 */
export interface Qualifier {
  fa: string;
  en: string;
  /** Share of the unqualified service's users it serves (abroad: a few in a hundred). */
  demand: number;
  aud?: Audience[];
  level?: 'provincial' | 'city' | 'rural';
  /** Applies only to services for this audience (a variant for veterans needs citizens). */
  needs?: Audience;
  /** Applies only to services of these topics: a tree-felling permit has no variant for residents abroad. */
  topics?: Topic[];
}
export const qualifiers: Qualifier[] = [
  { fa: 'اشخاص حقوقی', en: 'legal entities', demand: 0.3, aud: ['businesses'], needs: 'businesses' },
  { fa: 'استانی', en: 'provincial offices', demand: 0.4, level: 'provincial' },
  {
    fa: 'مناطق روستایی', en: 'rural areas', demand: 0.3, level: 'rural',
    topics: ['identity', 'education', 'health', 'welfare', 'employment', 'property', 'energy', 'agriculture', 'communications', 'transport'],
  },
  {
    fa: 'اتباع خارجی', en: 'foreign nationals', demand: 0.05, aud: ['citizens'], needs: 'citizens',
    topics: ['identity', 'education', 'health', 'employment', 'travel', 'transport'],
  },
  {
    fa: 'ویژه ایثارگران', en: 'veterans', demand: 0.05, aud: ['citizens'], needs: 'citizens',
    topics: ['education', 'health', 'welfare', 'employment', 'property'],
  },
  {
    fa: 'ایرانیان خارج از کشور', en: 'Iranians abroad', demand: 0.01, aud: ['citizens'], needs: 'citizens',
    topics: ['identity', 'travel', 'military', 'education', 'welfare'],
  },
];

/** Sub-services split a parent service by who applies or where; they come in sets. */
export const subVariantSets: Qualifier[][] = [
  [
    { fa: 'اشخاص حقیقی', en: 'individuals', demand: 0.7, aud: ['citizens'] },
    { fa: 'اشخاص حقوقی', en: 'legal entities', demand: 0.3, aud: ['businesses'] },
  ],
  [
    { fa: 'مناطق شهری', en: 'urban areas', demand: 0.7, level: 'city' },
    { fa: 'مناطق روستایی', en: 'rural areas', demand: 0.3, level: 'rural' },
  ],
  [
    { fa: 'بار نخست', en: 'first application', demand: 0.6 },
    { fa: 'تجدید', en: 'repeat application', demand: 0.3 },
    { fa: 'موارد خاص', en: 'special cases', demand: 0.1 },
  ],
];
