/**
 * Subordinate organisations (each under the ministry or institution that oversees it), other
 * eligible bodies, and bodies outside the window's legal scope. The seed names Tax Affairs
 * and Social Security among the better performers, so both are pinned high; the reference
 * agencies whose inquiries everyone calls are pinned as well.
 */
import { rowOf, type AgencyExtra, type AgencyRow } from './agency-row.ts';
import type { DomainKey } from './domains.ts';

const s = (parent: string, code: string, fa: string, en: string, slug: string, domains: DomainKey[], extra: AgencyExtra = {}): AgencyRow =>
  // Most subordinate organisations run a handful of services: half the default size unless set.
  rowOf('subordinate_organisation', parent, code, fa, en, slug, domains, { size: 0.5, ...extra });

export const organisations: AgencyRow[] = [
  s('MIN-ECONOMY', 'INTA', 'سازمان امور مالیاتی کشور', 'Iranian National Tax Administration', 'tax', ['tax'], { pin: { services: 150, delivered: 137 }, joined: 2021 }),
  s('MIN-ECONOMY', 'IRICA', 'گمرک جمهوری اسلامی ایران', 'Islamic Republic of Iran Customs Administration', 'irica', ['customs'], { size: 1.2 }),
  s('MIN-ECONOMY', 'OIETAI', 'سازمان سرمایه‌گذاری و کمک‌های اقتصادی و فنی ایران', 'Organization for Investment, Economic and Technical Assistance of Iran', 'investiniran', ['investment']),
  s('MIN-ECONOMY', 'CII', 'بیمه مرکزی جمهوری اسلامی ایران', 'Central Insurance of the Islamic Republic of Iran', 'centinsur', ['insuranceMarket'], { size: 0.6 }),
  s('MIN-ECONOMY', 'SEO', 'سازمان بورس و اوراق بهادار', 'Securities and Exchange Organization', 'seo', ['insuranceMarket'], { size: 0.7 }),
  s('MIN-ECONOMY', 'PRIVATISATION', 'سازمان خصوصی‌سازی', 'Iranian Privatization Organization', 'ipo', ['investment'], { size: 0.4 }),
  s('MIN-ECONOMY', 'TREASURY', 'خزانه‌داری کل کشور', 'General Treasury of Iran', 'treasury', ['budget']),
  s('MIN-ECONOMY', 'AUDIT-ORG', 'سازمان حسابرسی', 'Audit Organization', 'audit', ['budget'], { size: 0.4 }),
  s('MIN-LABOUR', 'SSO', 'سازمان تأمین اجتماعی', 'Social Security Organization', 'tamin', ['pension', 'healthInsurance'], { pin: { services: 172, delivered: 153 }, joined: 2021 }),
  s('MIN-LABOUR', 'BEHZISTI', 'سازمان بهزیستی کشور', 'State Welfare Organization of Iran', 'behzisti', ['disability', 'relief'], { size: 1.1 }),
  s('MIN-LABOUR', 'TVTO', 'سازمان آموزش فنی و حرفه‌ای کشور', 'Technical and Vocational Training Organization', 'tvto', ['vocational'], { size: 0.8 }),
  s('MIN-LABOUR', 'CSPF', 'صندوق بازنشستگی کشوری', 'Civil Servants Pension Fund', 'cspf', ['pension'], { size: 0.7 }),
  s('MIN-LABOUR', 'TSO', 'سازمان هدفمندسازی یارانه‌ها', 'Targeted Subsidies Organization', 'hadafmandi', ['subsidies'], { size: 0.4 }),
  s('MIN-HEALTH', 'IHIO', 'سازمان بیمه سلامت ایران', 'Iran Health Insurance Organization', 'ihio', ['healthInsurance'], { pin: { services: 74, delivered: 63 }, joined: 2021 }),
  s('MIN-HEALTH', 'IFDA', 'سازمان غذا و دارو', 'Iran Food and Drug Administration', 'fda', ['pharma'], { size: 1.2 }),
  s('MIN-HEALTH', 'EMS', 'سازمان اورژانس کشور', 'Iran Emergency Medical Services Organization', 'ems', ['emergencyCare'], { size: 0.4 }),
  s('MIN-HEALTH', 'IBTO', 'سازمان انتقال خون ایران', 'Iranian Blood Transfusion Organization', 'ibto', ['bloodServices'], { size: 0.3 }),
  s('MIN-HEALTH', 'PASTEUR', 'انستیتو پاستور ایران', 'Pasteur Institute of Iran', 'pasteur', ['research'], { size: 0.3 }),
  s('MIN-INTERIOR', 'NOCR', 'سازمان ثبت احوال کشور', 'National Organization for Civil Registration', 'sabteahval', ['civil'], { pin: { services: 88, delivered: 77 }, joined: 2021 }),
  s('MIN-INTERIOR', 'NDMO', 'سازمان مدیریت بحران کشور', 'National Disaster Management Organization', 'ndmo', ['disaster'], { size: 0.4 }),
  s('MIN-INTERIOR', 'IMVO', 'سازمان شهرداری‌ها و دهیاری‌های کشور', 'Municipalities and Village Administrations Organization', 'imo', ['municipal', 'rural'], { size: 0.6 }),
  s('MIN-INTERIOR', 'NOM', 'سازمان ملی مهاجرت', 'National Organization for Migration', 'migration', ['migration'], { size: 0.6 }),
  s('MIN-INTERIOR', 'SOCIAL-AFFAIRS', 'سازمان امور اجتماعی کشور', 'Social Affairs Organization', 'social', ['interior'], { size: 0.4 }),
  s('MIN-EDUCATION', 'LMO', 'سازمان نهضت سوادآموزی', 'Literacy Movement Organization', 'lmo', ['literacy'], { pin: { services: 32, delivered: 26 } }),
  s('MIN-EDUCATION', 'OERP', 'سازمان پژوهش و برنامه‌ریزی آموزشی', 'Organization for Educational Research and Planning', 'oerp', ['curriculum', 'research']),
  s('MIN-EDUCATION', 'DRES', 'سازمان نوسازی، توسعه و تجهیز مدارس کشور', 'Organization for Development, Renovation and Equipping of Schools', 'dres', ['schoolBuildings'], { size: 0.4 }),
  s('MIN-EDUCATION', 'SPECIAL-EDU', 'سازمان آموزش و پرورش استثنایی کشور', 'Special Education Organization', 'seo-edu', ['school'], { size: 0.4 }),
  s('MIN-EDUCATION', 'SAMPAD', 'سازمان ملی پرورش استعدادهای درخشان', 'National Organization for Development of Exceptional Talents', 'sampad', ['school', 'exams'], { size: 0.3 }),
  s('MIN-ICT', 'ITO', 'سازمان فناوری اطلاعات ایران', 'Information Technology Organization of Iran', 'ito', ['egov'], { pin: { services: 46, delivered: 39 }, joined: 2021 }),
  s('MIN-ICT', 'CRA', 'سازمان تنظیم مقررات و ارتباطات رادیویی', 'Communications Regulatory Authority', 'cra', ['telecom'], { size: 0.8 }),
  s('MIN-ICT', 'IPC', 'شرکت ملی پست جمهوری اسلامی ایران', 'Iran Post Company', 'post', ['post'], { size: 0.8 }),
  s('MIN-ICT', 'TIC', 'شرکت ارتباطات زیرساخت', 'Telecommunication Infrastructure Company', 'tic', ['infrastructure'], { size: 0.4 }),
  s('MIN-ICT', 'ISA', 'سازمان فضایی ایران', 'Iranian Space Agency', 'isa', ['research'], { joined: 'never', size: 0.3 }),
  s('MIN-ROADS', 'RMTO', 'سازمان راهداری و حمل‌ونقل جاده‌ای', 'Road Maintenance and Transportation Organization', 'rmto', ['roads'], { size: 1.0 }),
  s('MIN-ROADS', 'CAO', 'سازمان هواپیمایی کشوری', 'Civil Aviation Organization', 'cao', ['aviation'], { size: 0.7 }),
  s('MIN-ROADS', 'PMO', 'سازمان بنادر و دریانوردی', 'Ports and Maritime Organization', 'pmo', ['maritime'], { size: 0.8 }),
  s('MIN-ROADS', 'IRIMO', 'سازمان هواشناسی کشور', 'Iran Meteorological Organization', 'irimo', ['weather'], { size: 0.3 }),
  s('MIN-ROADS', 'NLHO', 'سازمان ملی زمین و مسکن', 'National Land and Housing Organization', 'nlho', ['housing'], { size: 0.7 }),
  s('MIN-ROADS', 'RAI', 'شرکت راه‌آهن جمهوری اسلامی ایران', 'Railways of the Islamic Republic of Iran', 'rai', ['rail'], { size: 0.6 }),
  s('MIN-ROADS', 'IUDRC', 'شرکت بازآفرینی شهری ایران', 'Iran Urban Regeneration Company', 'udrc', ['housing'], { size: 0.3 }),
  s('MIN-ROADS', 'AIRPORTS', 'شرکت فرودگاه‌ها و ناوبری هوایی ایران', 'Iran Airports and Air Navigation Company', 'airport', ['airports'], { size: 0.4 }),
  s('MIN-ENERGY', 'TAVANIR', 'شرکت مادرتخصصی توانیر', 'Tavanir Holding Company', 'tavanir', ['electricity'], { size: 1.2 }),
  s('MIN-ENERGY', 'ABFA', 'شرکت مهندسی آب و فاضلاب کشور', 'National Water and Wastewater Engineering Company', 'abfa', ['water'], { size: 1.0 }),
  s('MIN-ENERGY', 'WRM', 'شرکت مدیریت منابع آب ایران', 'Iran Water Resources Management Company', 'wrm', ['water'], { size: 0.6 }),
  s('MIN-ENERGY', 'SATBA', 'سازمان انرژی‌های تجدیدپذیر و بهره‌وری انرژی برق', 'Renewable Energy and Energy Efficiency Organization', 'satba', ['electricity'], { size: 0.4 }),
  s('MIN-PETROLEUM', 'NIGC', 'شرکت ملی گاز ایران', 'National Iranian Gas Company', 'nigc', ['gas'], { size: 0.9 }),
  s('MIN-PETROLEUM', 'NIOPDC', 'شرکت ملی پخش فرآورده‌های نفتی ایران', 'National Iranian Oil Products Distribution Company', 'niopdc', ['fuel'], { size: 0.7 }),
  s('MIN-PETROLEUM', 'NIOC', 'شرکت ملی نفت ایران', 'National Iranian Oil Company', 'nioc', ['oilIndustry']),
  s('MIN-AGRICULTURE', 'IVO', 'سازمان دامپزشکی کشور', 'Iran Veterinary Organization', 'ivo', ['livestock'], { size: 0.9 }),
  s('MIN-AGRICULTURE', 'PPO', 'سازمان حفظ نباتات کشور', 'Plant Protection Organization', 'ppo', ['naturalResources']),
  s('MIN-AGRICULTURE', 'FRWO', 'سازمان منابع طبیعی و آبخیزداری کشور', 'Forests, Range and Watershed Management Organization', 'frw', ['naturalResources'], { size: 0.8 }),
  s('MIN-AGRICULTURE', 'SHILAT', 'سازمان شیلات ایران', 'Iran Fisheries Organization', 'shilat', ['livestock']),
  s('MIN-AGRICULTURE', 'OTAI', 'سازمان امور عشایر ایران', 'Organization for Nomadic Affairs of Iran', 'ashayer', ['farming'], { size: 0.4 }),
  s('MIN-AGRICULTURE', 'AGRI-INSURANCE', 'صندوق بیمه کشاورزی', 'Agricultural Insurance Fund', 'agri-insurance', ['farming'], { size: 0.4 }),
  s('MIN-AGRICULTURE', 'AREEO', 'سازمان تحقیقات، آموزش و ترویج کشاورزی', 'Agricultural Research, Education and Extension Organization', 'areeo', ['farming', 'research']),
  s('MIN-INDUSTRY', 'ISIPO', 'سازمان صنایع کوچک و شهرک‌های صنعتی ایران', 'Iran Small Industries and Industrial Parks Organization', 'isipo', ['permits'], { size: 0.8 }),
  s('MIN-INDUSTRY', 'TPO', 'سازمان توسعه تجارت ایران', 'Trade Promotion Organization of Iran', 'tpo', ['trade'], { size: 0.7 }),
  s('MIN-INDUSTRY', 'CPPO', 'سازمان حمایت مصرف‌کنندگان و تولیدکنندگان', 'Consumers and Producers Protection Organization', 'cppo', ['consumer'], { size: 0.6 }),
  s('MIN-INDUSTRY', 'GSI', 'سازمان زمین‌شناسی و اکتشافات معدنی کشور', 'Geological Survey and Mineral Explorations of Iran', 'gsi', ['mining']),
  s('MIN-INDUSTRY', 'IMIDRO', 'سازمان توسعه و نوسازی معادن و صنایع معدنی ایران', 'Iranian Mines and Mining Industries Development and Renovation Organization', 'imidro', ['mining']),
  s('MIN-INDUSTRY', 'GTC', 'شرکت بازرگانی دولتی ایران', 'Government Trading Corporation of Iran', 'gtc', ['trade'], { size: 0.4 }),
  s('MIN-INDUSTRY', 'IDRO', 'سازمان گسترش و نوسازی صنایع ایران', 'Industrial Development and Renovation Organization of Iran', 'idro', ['investment', 'permits']),
  s('MIN-SCIENCE', 'SANJESH', 'سازمان سنجش آموزش کشور', 'National Organization of Educational Testing', 'sanjesh', ['exams'], { size: 0.8 }),
  s('MIN-SCIENCE', 'SWF', 'صندوق رفاه دانشجویان', 'Student Welfare Fund', 'swf', ['studentWelfare']),
  s('MIN-SCIENCE', 'PNU', 'دانشگاه پیام نور', 'Payame Noor University', 'pnu', ['university'], { size: 0.7 }),
  s('MIN-SCIENCE', 'IROST', 'سازمان پژوهش‌های علمی و صنعتی ایران', 'Iranian Research Organization for Science and Technology', 'irost', ['research'], { size: 0.4 }),
  s('MIN-CULTURE', 'HAJJ', 'سازمان حج و زیارت', 'Hajj and Pilgrimage Organization', 'haj', ['pilgrimage'], { size: 0.7 }),
  s('MIN-CULTURE', 'AWQAF', 'سازمان اوقاف و امور خیریه', 'Endowment and Charity Affairs Organization', 'awqaf', ['endowment'], { size: 0.7 }),
  s('MIN-CULTURE', 'CINEMA', 'سازمان سینمایی', 'Cinema Organization of Iran', 'cinema', ['arts'], { size: 0.4 }),
  s('MIN-CULTURE', 'IRNA', 'خبرگزاری جمهوری اسلامی', 'Islamic Republic News Agency', 'irna', ['news'], { size: 0.3 }),
  s('MIN-CULTURE', 'BOOK-HOUSE', 'خانه کتاب و ادبیات ایران', 'Iran Book and Literature House', 'ketab', ['publishing'], { size: 0.3 }),
  s('MIN-JUSTICE', 'LMOI', 'سازمان پزشکی قانونی کشور', 'Legal Medicine Organization of Iran', 'lmo-iran', ['forensics'], { size: 0.6 }),
  s('JUDICIARY', 'DEEDS', 'سازمان ثبت اسناد و املاک کشور', 'Deeds and Properties Registration Organization', 'ssaa', ['deeds'], { pin: { services: 96, delivered: 69 } }),
  s('JUDICIARY', 'PRISONS', 'سازمان زندان‌ها و اقدامات تأمینی و تربیتی کشور', 'Prisons and Security and Corrective Measures Organization', 'prisons', ['prisons']),
  s('JUDICIARY', 'GAZETTE', 'روزنامه رسمی جمهوری اسلامی ایران', 'Official Gazette of the Islamic Republic of Iran', 'rrk', ['gazette'], { size: 0.3 }),
  s('MIN-DEFENCE', 'AFSSO', 'سازمان تأمین اجتماعی نیروهای مسلح', 'Armed Forces Social Security Organization', 'afsso', ['pension', 'healthInsurance'], { size: 0.8 }),
  s('MIN-FOREIGN', 'HCIA', 'دبیرخانه شورای عالی ایرانیان خارج از کشور', 'Secretariat of the High Council of Iranians Abroad', 'iranians', ['diaspora'], { size: 0.3 }),
  s('PBO', 'SCI', 'مرکز آمار ایران', 'Statistical Centre of Iran', 'amar', ['statistics'], { size: 0.6 }),
  s('PBO', 'NCC-MAPPING', 'سازمان نقشه‌برداری کشور', 'National Cartographic Center', 'ncc-map', ['mapping']),
  s('VP-SCIENCE', 'INSF', 'صندوق حمایت از پژوهشگران و فناوران کشور', 'Iran National Science Foundation', 'insf', ['research'], { size: 0.4 }),
  s('VP-SCIENCE', 'INIF', 'صندوق نوآوری و شکوفایی', 'Iran National Innovation Fund', 'inif', ['knowledgeBased'], { size: 0.6 }),
];

const other = (code: string, fa: string, en: string, slug: string, domains: DomainKey[], extra: AgencyExtra = {}, eligible = true): AgencyRow =>
  rowOf('other', null, code, fa, en, slug, domains, extra, eligible);

export const otherBodies: AgencyRow[] = [
  other('IAU', 'دانشگاه آزاد اسلامی', 'Islamic Azad University', 'iau', ['university']),
  other('ICCIMA', 'اتاق بازرگانی، صنایع، معادن و کشاورزی ایران', 'Iran Chamber of Commerce, Industries, Mines and Agriculture', 'iccima', ['trade', 'permits'], { size: 0.8 }),
  other('IRIMC', 'سازمان نظام پزشکی جمهوری اسلامی ایران', 'Medical Council of the Islamic Republic of Iran', 'irimc', ['medicalProfession'], { size: 0.6 }),
  other('IRCEO', 'سازمان نظام مهندسی ساختمان کشور', 'Iran Construction Engineering Organization', 'irceo', ['housing'], { size: 0.5 }),
  other('MOSTAZAFAN', 'بنیاد مستضعفان انقلاب اسلامی', 'Mostazafan Foundation of the Islamic Revolution', 'mostazafan', ['investment', 'relief'], { joined: 'never', size: 0.4 }),
];

/**
 * City and provincial bodies: they run services and some even joined the window, but the law
 * that defines the window's scope does not cover them, so they count in no national figure.
 */
export const outOfScope: AgencyRow[] = [
  other('MUN-TEHRAN', 'شهرداری تهران', 'Tehran Municipality', 'tehran', ['municipal'], { joined: 2022, size: 1.2 }, false),
  other('MUN-MASHHAD', 'شهرداری مشهد', 'Mashhad Municipality', 'mashhad', ['municipal'], { joined: 2022, area: '51' }, false),
  other('MUN-ISFAHAN', 'شهرداری اصفهان', 'Isfahan Municipality', 'isfahan', ['municipal'], { joined: 2023, area: '31' }, false),
  other('MUN-SHIRAZ', 'شهرداری شیراز', 'Shiraz Municipality', 'shiraz', ['municipal'], { joined: 'never', area: '71' }, false),
  other('MUN-TABRIZ', 'شهرداری تبریز', 'Tabriz Municipality', 'tabriz', ['municipal'], { joined: 'never', area: '41' }, false),
  other('HCP', 'شورای عالی استان‌ها', 'High Council of Provinces', 'hcp', ['municipal', 'rural'], { joined: 'never', size: 0.5 }, false),
];
