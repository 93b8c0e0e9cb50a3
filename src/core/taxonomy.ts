/**
 * Controlled vocabularies of the registry. Codes are stored and exported; labels are shown.
 * Topics and life events drive catalog facets and the home page.
 */
type Labelled = Record<string, { fa: string; en: string }>;

export const agencyKinds = ['ministry', 'independent_institution', 'subordinate_organisation', 'other'] as const;
export type AgencyKind = (typeof agencyKinds)[number];
export const agencyKindNames: Record<AgencyKind, { fa: string; en: string }> = {
  ministry: { fa: 'وزارتخانه', en: 'Ministry' },
  independent_institution: { fa: 'نهاد مستقل', en: 'Independent institution' },
  subordinate_organisation: { fa: 'سازمان تابعه', en: 'Subordinate organisation' },
  other: { fa: 'سایر', en: 'Other' },
};

export const audiences = ['citizens', 'businesses', 'government'] as const;
export type Audience = (typeof audiences)[number];

export const channels = ['web', 'mobile', 'counter'] as const;
export type Channel = (typeof channels)[number];

export const serviceTypes = ['G2C', 'G2B', 'G2G'] as const;
export const serviceNatures = ['sovereign', 'operational'] as const;
export const serviceLevels = ['national', 'provincial', 'city', 'rural'] as const;
export const serviceTriggers = ['on_request', 'on_date', 'on_life_event', 'on_agency_initiative'] as const;

export const topics = {
  identity: { fa: 'هویت و ثبت احوال', en: 'Identity and civil registration' },
  education: { fa: 'آموزش', en: 'Education' },
  health: { fa: 'سلامت و بیمه', en: 'Health and insurance' },
  welfare: { fa: 'رفاه و تأمین اجتماعی', en: 'Welfare and social security' },
  employment: { fa: 'کار و اشتغال', en: 'Work and employment' },
  business: { fa: 'کسب‌وکار و مجوزها', en: 'Business and permits' },
  tax: { fa: 'مالیات و عوارض', en: 'Tax and duties' },
  finance: { fa: 'بانک و امور مالی', en: 'Banking and finance' },
  property: { fa: 'املاک و مسکن', en: 'Property and housing' },
  transport: { fa: 'حمل‌ونقل و رانندگی', en: 'Transport and driving' },
  energy: { fa: 'انرژی، آب و برق', en: 'Energy, water and electricity' },
  justice: { fa: 'قضایی و انتظامی', en: 'Justice and policing' },
  travel: { fa: 'سفر و امور خارجی', en: 'Travel and foreign affairs' },
  culture: { fa: 'فرهنگ، گردشگری و میراث', en: 'Culture, tourism and heritage' },
  agriculture: { fa: 'کشاورزی و منابع طبیعی', en: 'Agriculture and natural resources' },
  communications: { fa: 'ارتباطات و فناوری اطلاعات', en: 'Communications and IT' },
  military: { fa: 'نظام وظیفه و امور دفاعی', en: 'Military service and defence' },
  science: { fa: 'علم، فناوری و دانش‌بنیان', en: 'Science, technology and innovation' },
} as const satisfies Labelled;
export type Topic = keyof typeof topics;

export const lifeEvents = {
  birth: { fa: 'تولد فرزند', en: 'Having a baby' },
  schooling: { fa: 'تحصیل', en: 'Going to school' },
  marriage: { fa: 'ازدواج', en: 'Getting married' },
  military_service: { fa: 'خدمت سربازی', en: 'Military service' },
  job_seeking: { fa: 'جست‌وجوی کار', en: 'Looking for work' },
  starting_business: { fa: 'راه‌اندازی کسب‌وکار', en: 'Starting a business' },
  buying_home: { fa: 'خرید یا اجاره مسکن', en: 'Buying or renting a home' },
  driving: { fa: 'رانندگی و خودرو', en: 'Driving and owning a vehicle' },
  illness: { fa: 'بیماری و درمان', en: 'Illness and treatment' },
  travelling_abroad: { fa: 'سفر به خارج', en: 'Travelling abroad' },
  retirement: { fa: 'بازنشستگی', en: 'Retiring' },
  death: { fa: 'فوت بستگان', en: 'Death of a relative' },
} as const satisfies Labelled;
export type LifeEvent = keyof typeof lifeEvents;
