/**
 * Independent institutions, ranked apart from ministries. Pins reproduce the seed report:
 * Faraja and the Atomic Energy Organization at 100%, the Martyrs' Foundation and the Central
 * Bank close behind, the science vice-presidency at 11%.
 */
import { rowOf, type AgencyExtra, type AgencyRow } from './agency-row.ts';
import type { DomainKey } from './domains.ts';

const i = (code: string, fa: string, en: string, slug: string, domains: DomainKey[], extra: AgencyExtra = {}): AgencyRow =>
  rowOf('independent_institution', null, code, fa, en, slug, domains, extra);

export const institutions: AgencyRow[] = [
  i('FARAJA', 'فرماندهی انتظامی جمهوری اسلامی ایران (فراجا)', 'Law Enforcement Command of the Islamic Republic of Iran (Faraja)', 'police', ['policing', 'driving', 'passport', 'conscription'], {
    pin: { services: 164, delivered: 164 },
    joined: 2021,
  }),
  i('AEOI', 'سازمان انرژی اتمی ایران', 'Atomic Energy Organization of Iran', 'aeoi', ['nuclear'], {
    pin: { services: 41, delivered: 41 },
  }),
  i('BONYAD-SHAHID', 'بنیاد شهید و امور ایثارگران', 'Foundation of Martyrs and Veterans Affairs', 'isaar', ['veterans'], {
    pin: { services: 96, delivered: 93 },
  }),
  i('CBI', 'بانک مرکزی جمهوری اسلامی ایران', 'Central Bank of the Islamic Republic of Iran', 'cbi', ['banking'], {
    pin: { services: 58, delivered: 55 },
  }),
  i('VP-SCIENCE', 'معاونت علمی، فناوری و اقتصاد دانش‌بنیان ریاست‌جمهوری', 'Vice-Presidency for Science, Technology and Knowledge-Based Economy', 'isti', ['knowledgeBased', 'research'], {
    pin: { services: 82, delivered: 9 },
    joined: 2023,
  }),
  i('PBO', 'سازمان برنامه و بودجه کشور', 'Plan and Budget Organization', 'mporg', ['budget', 'statistics']),
  i('ARAO', 'سازمان اداری و استخدامی کشور', 'Administrative and Recruitment Affairs Organization', 'aro', ['civilService'], { size: 0.8 }),
  i('DOE', 'سازمان حفاظت محیط زیست', 'Department of Environment', 'doe', ['environment'], { size: 0.9 }),
  i('VP-WOMEN', 'معاونت امور زنان و خانواده ریاست‌جمهوری', 'Vice-Presidency for Women and Family Affairs', 'women', ['family'], { size: 0.4 }),
  i('VP-LEGAL', 'معاونت حقوقی رئیس‌جمهور', 'Vice-Presidency for Legal Affairs', 'legal', ['legalAffairs'], { size: 0.3 }),
  i('PRESIDENCY', 'نهاد ریاست‌جمهوری', 'Presidential Office', 'president', ['petitions'], { size: 0.4 }),
  i('VP-EXECUTIVE', 'معاونت اجرایی رئیس‌جمهور', 'Vice-Presidency for Executive Affairs', 'executive', ['petitions', 'budget'], { size: 0.3 }),
  i('VP-ECONOMIC', 'معاونت اقتصادی رئیس‌جمهور', 'Vice-Presidency for Economic Affairs', 'economic', ['investment'], { size: 0.3 }),
  i('VP-RURAL', 'معاونت توسعه روستایی و مناطق محروم کشور', 'Vice-Presidency for Rural Development and Deprived Areas', 'rural', ['rural'], { size: 0.4 }),
  i('IKRF', 'کمیته امداد امام خمینی (ره)', 'Imam Khomeini Relief Foundation', 'emdad', ['relief'], { size: 1.2 }),
  i('IRCS', 'جمعیت هلال‌احمر جمهوری اسلامی ایران', 'Red Crescent Society of the Islamic Republic of Iran', 'rcs', ['redCrescent'], { size: 0.8 }),
  i('IRIB', 'سازمان صدا و سیمای جمهوری اسلامی ایران', 'Islamic Republic of Iran Broadcasting', 'irib', ['broadcasting'], { size: 0.7 }),
  i('JUDICIARY', 'قوه قضاییه', 'Judiciary of the Islamic Republic of Iran', 'eadl', ['courts'], { size: 1.6 }),
  i('ADMIN-COURT', 'دیوان عدالت اداری', 'Court of Administrative Justice', 'divan', ['adminJustice'], { size: 0.5 }),
  i('GIO', 'سازمان بازرسی کل کشور', 'General Inspection Organization', 'bazresi', ['petitions'], { size: 0.5 }),
  i('SAC', 'دیوان محاسبات کشور', 'Supreme Audit Court', 'dmk', ['budget', 'petitions'], { joined: 'never', size: 0.4 }),
  i('INSO', 'سازمان ملی استاندارد ایران', 'Iran National Standards Organization', 'inso', ['standards']),
  i('NLAI', 'سازمان اسناد و کتابخانه ملی ایران', 'National Library and Archives of Iran', 'nlai', ['libraries'], { size: 0.5 }),
  i('DCHQ', 'ستاد مبارزه با مواد مخدر', 'Drug Control Headquarters', 'dchq', ['addiction'], { size: 0.4 }),
  i('ACECR', 'جهاد دانشگاهی', 'Academic Center for Education, Culture and Research', 'acecr', ['research', 'vocational'], { size: 0.7 }),
  i('IDO', 'سازمان تبلیغات اسلامی', 'Islamic Development Organization', 'ido', ['religiousOutreach'], { size: 0.4 }),
  i('ICRO', 'سازمان فرهنگ و ارتباطات اسلامی', 'Islamic Culture and Relations Organization', 'icro', ['culturalRelations'], { size: 0.3 }),
  i('PASSIVE-DEFENCE', 'سازمان پدافند غیرعامل کشور', 'Passive Defence Organization', 'paydar', ['defence'], { joined: 'never', size: 0.3 }),
  i('NCC', 'مرکز ملی رقابت', 'National Competition Center', 'ncc', ['competition'], { joined: 'never', size: 0.3 }),
  i('CYBERSPACE', 'مرکز ملی فضای مجازی', 'National Center of Cyberspace', 'majazi', ['telecom'], { size: 0.5 }),
  i('FREE-ZONES', 'دبیرخانه شورای عالی مناطق آزاد تجاری-صنعتی و ویژه اقتصادی', 'Secretariat of the High Council of Free Trade-Industrial and Special Economic Zones', 'freezones', ['permits', 'customs'], { size: 0.6 }),
  i('HOUSING-FOUNDATION', 'بنیاد مسکن انقلاب اسلامی', 'Housing Foundation of the Islamic Revolution', 'bonyadmaskan', ['housing', 'rural'], { size: 0.9 }),
  i('ANTI-SMUGGLING', 'ستاد مرکزی مبارزه با قاچاق کالا و ارز', 'Central Headquarters for Combating Goods and Currency Smuggling', 'epe', ['antiSmuggling'], { size: 0.4 }),
  i('PERSIAN-ACADEMY', 'فرهنگستان زبان و ادب فارسی', 'Academy of Persian Language and Literature', 'persianacademy', ['language'], { size: 0.2 }),
  i('SCCR', 'شورای عالی انقلاب فرهنگی', 'Supreme Council of the Cultural Revolution', 'sccr', ['culturalPolicy'], { size: 0.3 }),
  i('NEF', 'بنیاد ملی نخبگان', 'National Elites Foundation', 'bmn', ['research'], { size: 0.4 }),
  i('NDF', 'صندوق توسعه ملی', 'National Development Fund of Iran', 'ndf', ['budget'], { size: 0.4 }),
];
