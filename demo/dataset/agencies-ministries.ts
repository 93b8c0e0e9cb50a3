/**
 * The nineteen ministries of Iran. Pins reproduce the seed report: Energy, Labour and
 * Education complete the most services, Foreign Affairs, Cultural Heritage and Defence the
 * fewest; the other ministries fall between them.
 */
import { rowOf, type AgencyExtra, type AgencyRow } from './agency-row.ts';
import type { DomainKey } from './domains.ts';

const m = (code: string, fa: string, en: string, slug: string, domains: DomainKey[], extra: AgencyExtra = {}): AgencyRow =>
  rowOf('ministry', null, code, fa, en, slug, domains, extra);

export const ministries: AgencyRow[] = [
  m('MIN-ENERGY', 'وزارت نیرو', 'Ministry of Energy', 'energy', ['electricity', 'water'], {
    pin: { services: 150, delivered: 141 },
    joined: 2021,
  }),
  m('MIN-LABOUR', 'وزارت تعاون، کار و رفاه اجتماعی', 'Ministry of Cooperatives, Labour and Social Welfare', 'mcls', ['labour', 'relief', 'subsidies'], {
    pin: { services: 136, delivered: 124 },
    joined: 2021,
  }),
  m('MIN-EDUCATION', 'وزارت آموزش و پرورش', 'Ministry of Education', 'medu', ['school', 'exams'], {
    pin: { services: 128, delivered: 113 },
    joined: 2021,
  }),
  m('MIN-FOREIGN', 'وزارت امور خارجه', 'Ministry of Foreign Affairs', 'mfa', ['consular'], {
    pin: { services: 96, delivered: 23 },
  }),
  m('MIN-HERITAGE', 'وزارت میراث فرهنگی، گردشگری و صنایع‌دستی', 'Ministry of Cultural Heritage, Tourism and Handicrafts', 'mcth', ['heritage', 'tourism', 'handicrafts'], {
    pin: { services: 104, delivered: 20 },
  }),
  m('MIN-DEFENCE', 'وزارت دفاع و پشتیبانی نیروهای مسلح', 'Ministry of Defence and Armed Forces Logistics', 'mod', ['defence', 'university'], {
    pin: { services: 52, delivered: 4 },
    joined: 2023,
  }),
  m('MIN-ICT', 'وزارت ارتباطات و فناوری اطلاعات', 'Ministry of Information and Communications Technology', 'ict', ['telecom', 'egov'], { joined: 2021 }),
  m('MIN-ECONOMY', 'وزارت امور اقتصادی و دارایی', 'Ministry of Economic Affairs and Finance', 'mefa', ['investment', 'budget']),
  m('MIN-INTERIOR', 'وزارت کشور', 'Ministry of Interior', 'moi', ['interior', 'disaster'], { size: 1.2 }),
  m('MIN-HEALTH', 'وزارت بهداشت، درمان و آموزش پزشکی', 'Ministry of Health and Medical Education', 'behdasht', ['healthcare', 'pharma', 'university'], { size: 1.7 }),
  m('MIN-ROADS', 'وزارت راه و شهرسازی', 'Ministry of Roads and Urban Development', 'mrud', ['housing', 'roads'], { size: 1.4 }),
  m('MIN-INDUSTRY', 'وزارت صنعت، معدن و تجارت', 'Ministry of Industry, Mine and Trade', 'mimt', ['permits', 'trade', 'mining'], { size: 1.6 }),
  m('MIN-AGRICULTURE', 'وزارت جهاد کشاورزی', 'Ministry of Agriculture Jihad', 'maj', ['farming', 'livestock', 'naturalResources'], { size: 1.5 }),
  m('MIN-PETROLEUM', 'وزارت نفت', 'Ministry of Petroleum', 'mop', ['fuel', 'gas', 'oilIndustry'], { size: 0.8 }),
  m('MIN-SCIENCE', 'وزارت علوم، تحقیقات و فناوری', 'Ministry of Science, Research and Technology', 'msrt', ['university', 'research'], { size: 1.2 }),
  m('MIN-CULTURE', 'وزارت فرهنگ و ارشاد اسلامی', 'Ministry of Culture and Islamic Guidance', 'farhang', ['publishing', 'arts', 'pilgrimage']),
  m('MIN-SPORT', 'وزارت ورزش و جوانان', 'Ministry of Sport and Youth', 'msy', ['sport'], { size: 0.6 }),
  m('MIN-JUSTICE', 'وزارت دادگستری', 'Ministry of Justice', 'justice', ['legalServices'], { size: 0.6 }),
  m('MIN-INTELLIGENCE', 'وزارت اطلاعات', 'Ministry of Intelligence', 'vaja', ['security'], { size: 0.2 }),
];
